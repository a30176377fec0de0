import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** The PostgreSQL that scripts/test.sh provisions when a run names none (Debian 12's). */
const DEFAULT_POSTGRES_ID: TestDatabaseId = 'POSTGRES_15';

/**
 * The engines the store is tested on: SQLite, and every PostgreSQL version this run was
 * given a connection string for (`BACKSTAGE_TEST_DATABASE_POSTGRES<n>_CONNECTION_STRING`),
 * or PostgreSQL 15 when none was given, so that a run without PostgreSQL shows its
 * suites as skipped.
 */
export function storeDatabaseIds(
  env: NodeJS.ProcessEnv = process.env,
): TestDatabaseId[] {
  const postgres = Object.keys(env)
    .map(key =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(key),
    )
    .filter((match): match is RegExpExecArray => match !== null)
    .map(match => `POSTGRES_${match[1]}` as TestDatabaseId);
  return [
    ...(postgres.length > 0 ? postgres : [DEFAULT_POSTGRES_ID]),
    'SQLITE_3',
  ];
}

/**
 * `describe.each` over database engines. An engine this run cannot reach (a PostgreSQL
 * version whose `BACKSTAGE_TEST_DATABASE_POSTGRES<n>_CONNECTION_STRING` is unset; Docker
 * is never started) still gets its suite, skipped and named after that variable, so the
 * run's count shows the tests it did not run instead of losing them.
 */
export function describeEachDatabase(
  ids: TestDatabaseId[],
  title: string,
  suite: (id: TestDatabaseId, databases: TestDatabases) => void,
) {
  const databases = TestDatabases.create({ ids, disableDocker: true });
  for (const id of ids) {
    const name = title.replace('%s', id);
    const variable = `BACKSTAGE_TEST_DATABASE_${id.replace(
      '_',
      '',
    )}_CONNECTION_STRING`;
    if (databases.supports(id)) {
      describe(`${name}`, () => {
        suite(id, databases);
      });
    } else {
      // eslint-disable-next-line jest/no-disabled-tests -- skipped on purpose, to be counted
      describe.skip(`${name} (not reachable: set ${variable})`, () => {
        suite(id, databases);
      });
    }
  }
}
