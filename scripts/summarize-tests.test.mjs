// The closing line of scripts/test.sh must tell the truth on its own: these feed the
// summarizer results as Jest and node:test write them (trimmed copies of real runs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  combine,
  summarizeCheck,
  summarizeJest,
  summarizeTap,
} from './summarize-tests.mjs';

const ROOT = '/repo';

const jestSuite = (file, overrides) => ({
  name: `${ROOT}/${file}`,
  status: 'passed',
  message: '',
  assertionResults: [],
  ...overrides,
});

const jestReport = (suites, counts) => ({
  numFailedTests: 0,
  numPassedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numRuntimeErrorTestSuites: 0,
  success: true,
  testResults: suites,
  ...counts,
});

const passingSuite = jestSuite('plugins/a/src/a.test.ts', {
  assertionResults: [
    { fullName: 'a adds', status: 'passed' },
    { fullName: 'a subtracts', status: 'passed' },
  ],
});

const TAP_SUMMARY = counts =>
  [
    '1..1',
    `# tests ${counts.pass + counts.fail + counts.cancelled + counts.skipped}`,
    '# suites 1',
    `# pass ${counts.pass}`,
    `# fail ${counts.fail}`,
    `# cancelled ${counts.cancelled}`,
    `# skipped ${counts.skipped}`,
    '# todo 0',
    '# duration_ms 3027.3',
  ].join('\n');

// A suite whose timeout cancelled its last tests, as node --test --test-reporter=tap writes it.
const CANCELLED_TAP = `TAP version 13
# Subtest: portal
    # Subtest: passes
    ok 1 - passes
      ---
      duration_ms: 1.18
      type: 'test'
      ...
    # Subtest: hangs
    not ok 2 - hangs
      ---
      duration_ms: 501.2
      type: 'test'
      failureType: 'cancelledByParent'
      error: 'test did not finish before its parent and was cancelled'
      code: 'ERR_TEST_FAILURE'
      ...
    # Subtest: skipped one
    not ok 3 - skipped one # SKIP
      ---
      duration_ms: 0
      type: 'test'
      failureType: 'cancelledByParent'
      ...
    1..3
not ok 1 - portal
  ---
  duration_ms: 505.5
  type: 'suite'
  failureType: 'testTimeoutFailure'
  error: 'test timed out after 500ms'
  code: 'ERR_TEST_FAILURE'
  ...
${TAP_SUMMARY({ pass: 1, fail: 0, cancelled: 1, skipped: 1 })}
`;

describe('summarizeJest', () => {
  test('counts passed, failed and skipped tests', () => {
    const failing = jestSuite('plugins/b/src/b.test.ts', {
      status: 'failed',
      assertionResults: [
        { fullName: 'b rounds down', status: 'failed' },
        { fullName: 'b rounds up', status: 'passed' },
      ],
    });
    const result = summarizeJest(
      jestReport([passingSuite, failing], {
        numPassedTests: 3,
        numFailedTests: 1,
        numPendingTests: 2,
        numTodoTests: 1,
        success: false,
      }),
      ROOT,
    );
    assert.deepEqual(result, {
      passed: 3,
      failed: 1,
      skipped: 3,
      failures: ['b rounds down (plugins/b/src/b.test.ts)'],
    });
  });

  test('a suite that fails to load is a failure, with the reason', () => {
    const broken = jestSuite('plugins/c/src/c.test.ts', {
      status: 'failed',
      message:
        "  ● Test suite failed to run\n\n    Cannot find module './gone' from 'src/c.test.ts'\n\n      at Resolver._throwModNotFoundError (jest-resolve/build/index.js:863:11)\n",
    });
    const result = summarizeJest(
      jestReport([passingSuite, broken], {
        numPassedTests: 2,
        numRuntimeErrorTestSuites: 1,
        success: false,
      }),
      ROOT,
    );
    assert.equal(result.failed, 1);
    assert.deepEqual(result.failures, [
      "plugins/c/src/c.test.ts failed outside its tests: Cannot find module './gone' from 'src/c.test.ts'",
    ]);
  });

  test('a runtime error outside the tests (a hook that throws) is a failure', () => {
    const hook = jestSuite('plugins/d/src/d.test.ts', {
      status: 'failed',
      message:
        '\n\n  ● Test suite failed to run\n\n    cleanup broke\n\n    \u001b[0m\u001b[31m\u001b[1m>\u001b[22m\u001b[39m\u001b[90m 1 |\u001b[39m afterAll(',
      assertionResults: [{ fullName: 'd passes', status: 'passed' }],
    });
    const result = summarizeJest(
      jestReport([hook], {
        numPassedTests: 1,
        numRuntimeErrorTestSuites: 1,
        success: false,
      }),
      ROOT,
    );
    assert.equal(result.passed, 1);
    assert.equal(result.failed, 1);
    assert.deepEqual(result.failures, [
      'plugins/d/src/d.test.ts failed outside its tests: cleanup broke',
    ]);
  });

  test('Jest reporting failure without a failed test is still a failure', () => {
    const result = summarizeJest(
      jestReport([passingSuite], { numPassedTests: 2, success: false }),
      ROOT,
    );
    assert.equal(result.failed, 1);
  });

  test('database suites skipped because PostgreSQL is unreachable count as skipped', () => {
    const unreachable = jestSuite(
      'plugins/lambda-ops-backend/src/services/DeployMarkerStore.test.ts',
      {
        assertionResults: [
          {
            fullName:
              'DeployMarkerStore on POSTGRES_16 (not reachable: set BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING) records a marker',
            status: 'pending',
          },
          {
            fullName: 'DeployMarkerStore on SQLITE_3 records a marker',
            status: 'passed',
          },
        ],
      },
    );
    const result = summarizeJest(
      jestReport([unreachable], { numPassedTests: 1, numPendingTests: 1 }),
      ROOT,
    );
    assert.deepEqual(result, {
      passed: 1,
      failed: 0,
      skipped: 1,
      failures: [],
    });
  });
});

describe('summarizeTap', () => {
  test('a cancelled test is a failure, a skipped one is not', () => {
    const result = summarizeTap(CANCELLED_TAP, 'e2e');
    assert.equal(result.passed, 1);
    assert.equal(result.failed, 1);
    assert.equal(result.skipped, 1);
    assert.deepEqual(result.failures, [
      'e2e: hangs (cancelled)',
      'e2e: portal: test timed out after 500ms',
    ]);
  });

  test('a test file that cannot load is a failure', () => {
    const tap = `TAP version 13
# Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/e2e/missing.mjs' imported from /e2e/b.test.mjs
# Subtest: b.test.mjs
not ok 1 - b.test.mjs
  ---
  duration_ms: 477.2
  type: 'test'
  failureType: 'testCodeFailure'
  exitCode: 1
  error: 'test failed'
  code: 'ERR_TEST_FAILURE'
  ...
${TAP_SUMMARY({ pass: 0, fail: 1, cancelled: 0, skipped: 0 })}
`;
    const result = summarizeTap(tap, 'e2e');
    assert.equal(result.failed, 1);
    assert.deepEqual(result.failures, ['e2e: b.test.mjs: test failed']);
  });

  test('a suite failing because of its tests is told once, by its tests', () => {
    const tap = `TAP version 13
# Subtest: tab
    not ok 1 - shows the SLO
      ---
      failureType: 'testCodeFailure'
      error: 'expected 99.98%'
      ...
    1..1
not ok 1 - tab
  ---
  type: 'suite'
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
${TAP_SUMMARY({ pass: 0, fail: 1, cancelled: 0, skipped: 0 })}
`;
    assert.deepEqual(summarizeTap(tap, 'e2e').failures, [
      'e2e: shows the SLO: expected 99.98%',
    ]);
  });

  test('a stream cut off before its summary (a crash) is a failure', () => {
    const cut = CANCELLED_TAP.slice(0, CANCELLED_TAP.indexOf('1..1'));
    assert.deepEqual(summarizeTap(cut, 'e2e'), {
      passed: 0,
      failed: 1,
      skipped: 0,
      failures: ['e2e: the run ended without its summary'],
    });
  });
});

describe('the closing line', () => {
  test('adds everything up; a failed check is a failed test', () => {
    const result = combine([
      summarizeJest(jestReport([passingSuite], { numPassedTests: 2 }), ROOT),
      summarizeTap(CANCELLED_TAP, 'e2e'),
      summarizeCheck('lint', 1),
      summarizeCheck('type check', 0),
    ]);
    assert.equal(result.line, 'tests: 4 passed, 2 failed, 1 skipped');
    assert.deepEqual(result.failures, [
      'e2e: hangs (cancelled)',
      'e2e: portal: test timed out after 500ms',
      'lint (exit code 1)',
    ]);
    assert.equal(result.ok, false);
  });

  test('a run in which nothing passed is not a success', () => {
    assert.equal(combine([]).ok, false);
    assert.equal(combine([summarizeCheck('lint', 0)]).ok, true);
  });

  test('the command prints the failures, then the line, and exits 1 on a missing results file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'summarize-tests-'));
    const jest = join(dir, 'jest.json');
    writeFileSync(
      jest,
      JSON.stringify(jestReport([passingSuite], { numPassedTests: 2 })),
    );
    const script = join(
      dirname(fileURLToPath(import.meta.url)),
      'summarize-tests.mjs',
    );
    const run = spawnSync(
      process.execPath,
      [
        script,
        '--jest',
        jest,
        '--tap',
        join(dir, 'e2e.tap'),
        '--check',
        'type check=0',
      ],
      { encoding: 'utf8' },
    );
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0], /^failed: .*e2e\.tap: no results \(ENOENT\)$/);
    assert.equal(lines.at(-1), 'tests: 3 passed, 1 failed, 0 skipped');
    assert.equal(run.status, 1);
  });
});
