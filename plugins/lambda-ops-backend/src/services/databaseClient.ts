import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

/** The Knex client of the plugin's database, as Backstage's database service gives it. */
export type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const migrated = new WeakMap<Knex, Promise<void>>();

/**
 * The plugin's database client, its tables brought up to date first. The stores open it
 * side by side at startup; the migrations run once per client, since two concurrent runs
 * would trip over Knex's migration lock.
 */
export async function migratedDatabaseClient(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (database.migrations?.skip) {
    return client;
  }
  let migration = migrated.get(client);
  if (!migration) {
    migration = client.migrate
      .latest({
        directory: resolvePackagePath(
          '@lambda-ops/backstage-plugin-backend',
          'migrations',
        ),
      })
      .then(() => undefined);
    migrated.set(client, migration);
  }
  await migration;
  return client;
}
