import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

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
