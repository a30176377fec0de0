import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import KnexFactory from 'knex';
import { Knex, migratedDatabaseClient } from './databaseClient';

async function journalMode(knex: Knex): Promise<string> {
  const [row] = await knex.raw('PRAGMA journal_mode');
  return row.journal_mode;
}

describe('migratedDatabaseClient', () => {
  let directory: string;
  let knex: Knex | undefined;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lambda-ops-database-'));
  });

  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
    await rm(directory, { recursive: true, force: true });
  });

  const sqliteFile = () =>
    KnexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(directory, 'lambda-ops.sqlite') },
      useNullAsDefault: true,
    });

  it('keeps an SQLite file in write-ahead-log mode, its tables migrated', async () => {
    knex = sqliteFile();
    expect(await journalMode(knex)).toBe('delete');

    const client = await migratedDatabaseClient(
      mockServices.database({ knex }),
    );

    expect(await journalMode(client)).toBe('wal');
    expect(await client.schema.hasTable('lambda_ops_fleet_state')).toBe(true);
    await client.destroy();
    // The file keeps the mode for the next start.
    knex = sqliteFile();
    expect(await journalMode(knex)).toBe('wal');
  });

  it('leaves the tables to the adopter when migrations are skipped', async () => {
    knex = sqliteFile();

    const client = await migratedDatabaseClient(
      mockServices.database({ knex, migrations: { skip: true } }),
    );

    expect(await journalMode(client)).toBe('wal');
    expect(await client.schema.hasTable('lambda_ops_fleet_state')).toBe(false);
  });

  it('migrates an in-memory SQLite database, which keeps its own journal', async () => {
    knex = KnexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });

    const client = await migratedDatabaseClient(
      mockServices.database({ knex }),
    );

    expect(await journalMode(client)).toBe('memory');
    expect(await client.schema.hasTable('lambda_ops_fleet_state')).toBe(true);
  });
});
