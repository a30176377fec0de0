import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

/** The Knex client of the plugin's database, as Backstage's database service gives it. */
export type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const prepared = new WeakMap<Knex, Promise<void>>();

/**
 * Keeps an SQLite file's changes in a write-ahead log, a mode the file keeps: a commit
 * then appends the pages it changed to the log, where SQLite's default rollback journal
 * first copies every page it changes and syncs both files. A fleet refresh commits a
 * chunk of functions at a time, dozens of commits: the log took a ninth off a
 * 10,000-function steady refresh. Each commit is still synced, so no committed deploy
 * marker is lost to a power cut. An in-memory database keeps its own journal, and
 * PostgreSQL is left as it is.
 */
async function useWriteAheadLog(client: Knex): Promise<void> {
  if (runsOnTheBackendsThread(client)) {
    // Where SQLite cannot switch, it answers with the mode it keeps, which serves too.
    await client.raw('PRAGMA journal_mode = WAL');
  }
}

/**
 * Whether the database runs a statement on the backend's own thread: an SQLite file's
 * driver does, while a server such as PostgreSQL works beside it.
 */
export function runsOnTheBackendsThread(client: Knex): boolean {
  return client.client.dialect === 'sqlite3';
}

/**
 * The plugin's database client, its tables brought up to date first (unless Backstage's
 * `migrations.skip` says the adopter runs them). The stores open it side by side at
 * startup; this runs once per client, since two concurrent migrations would trip over
 * Knex's migration lock.
 */
export async function migratedDatabaseClient(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  let ready = prepared.get(client);
  if (!ready) {
    ready = useWriteAheadLog(client).then(async () => {
      if (!database.migrations?.skip) {
        await client.migrate.latest({
          directory: resolvePackagePath(
            '@lambda-ops/backstage-plugin-backend',
            'migrations',
          ),
        });
      }
    });
    prepared.set(client, ready);
  }
  await ready;
  return client;
}
