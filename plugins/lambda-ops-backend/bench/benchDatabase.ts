/**
 * The plugin's database for a benchmark: an SQLite file, or with
 * `LAMBDA_OPS_BENCH_POSTGRES` set to a connection string
 * (`postgresql://user:password@host:5432`) a PostgreSQL database made anew on that
 * server, as in production, from the connection string's own database (`postgres` when
 * it names none). Not SQLite's `:memory:`: the stored rows would count as the backend's
 * memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Knex from 'knex';

export interface BenchDatabase {
  knex: Knex.Knex;
  /** Where the rows are kept, for the benchmark's heading. */
  description: string;
  close(): Promise<void>;
}

/** @param name - the PostgreSQL database dropped and made anew, a word */
export async function openBenchDatabase(name: string): Promise<BenchDatabase> {
  const postgres = process.env.LAMBDA_OPS_BENCH_POSTGRES;
  if (postgres) {
    const server = new URL(postgres);
    if (server.pathname.length <= 1) {
      server.pathname = '/postgres';
    }
    const admin = Knex({ client: 'pg', connection: server.toString() });
    try {
      await admin.raw('DROP DATABASE IF EXISTS ??', [name]);
      await admin.raw('CREATE DATABASE ??', [name]);
    } finally {
      await admin.destroy();
    }
    server.pathname = `/${name}`;
    const knex = Knex({ client: 'pg', connection: server.toString() });
    return {
      knex,
      description: `PostgreSQL, database ${name} on ${server.host}`,
      close: () => knex.destroy(),
    };
  }
  const directory = await mkdtemp(join(tmpdir(), `${name}-`));
  const knex = Knex({
    client: 'better-sqlite3',
    connection: { filename: join(directory, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  return {
    knex,
    description: 'an SQLite file',
    close: async () => {
      await knex.destroy();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
