// Prints the one closing line of scripts/test.sh, "tests: N passed, N failed, N skipped",
// over the Jest JSON results, the node:test TAP streams and the checks (type check, lint,
// …), each check counting as one test. What did not run counts as failed, with a line
// before the summary saying what: a Jest suite that failed to load or broke outside its
// tests, a cancelled node:test test, a results file that is missing or cut short.
//
//   node scripts/summarize-tests.mjs --jest jest.json --tap e2e.tap --check 'lint=0'
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const tally = (passed, failed, skipped, failures = []) => ({
  passed,
  failed,
  skipped,
  failures,
});

// The first line of a Jest failure message that says something ("Cannot find module …"),
// without colours or the "● Test suite failed to run" heading.
const reasonOf = message =>
  String(message ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map(line => line.trim())
    .find(line => line && !line.startsWith('●')) ?? 'no message';

/** Counts of a Jest `--json` report, plus one failure per suite that broke outside its tests. */
export function summarizeJest(report, root = process.cwd()) {
  const failures = [];
  let brokenSuites = 0;
  for (const suite of report.testResults ?? []) {
    const failedTests = (suite.assertionResults ?? []).filter(
      test => test.status === 'failed',
    );
    for (const test of failedTests) {
      failures.push(`${test.fullName} (${relative(root, suite.name)})`);
    }
    if (suite.status === 'failed' && failedTests.length === 0) {
      // Failed to load (syntax error, missing module) or threw in a hook.
      brokenSuites += 1;
      failures.push(
        `${relative(root, suite.name)} failed outside its tests: ${reasonOf(
          suite.message,
        )}`,
      );
    }
  }
  let failed = (report.numFailedTests ?? 0) + brokenSuites;
  if (report.success === false && failed === 0) {
    failed = 1;
    failures.push('Jest reported failure without a failed test');
  }
  return tally(
    report.numPassedTests ?? 0,
    failed,
    (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    failures,
  );
}

/** Counts of a node:test TAP stream; cancelled tests are failures. */
export function summarizeTap(tap, label) {
  const count = name => {
    const match = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap);
    return match ? Number(match[1]) : undefined;
  };
  if (count('pass') === undefined || count('fail') === undefined) {
    return tally(0, 1, 0, [`${label}: the run ended without its summary`]);
  }
  const failures = [];
  const lines = tap.split('\n');
  lines.forEach((line, index) => {
    const match = /^\s*not ok \d+ - (.*)$/.exec(line);
    if (!match || / # (SKIP|TODO)\b/.test(match[1])) {
      return;
    }
    const end = lines.findIndex(
      (next, at) => at > index && next.trim() === '...',
    );
    const details = lines.slice(index + 1, end).join('\n');
    // A suite that failed because its tests did is already told by them.
    if (!details.includes("failureType: 'subtestsFailed'")) {
      const cancelled = details.includes("failureType: 'cancelledByParent'");
      const error = /^\s*error: '(.*)'$/m.exec(details)?.[1];
      const why = cancelled ? ' (cancelled)' : error ? `: ${error}` : '';
      failures.push(`${label}: ${match[1]}${why}`);
    }
  });
  return tally(
    count('pass'),
    count('fail') + (count('cancelled') ?? 0),
    (count('skipped') ?? 0) + (count('todo') ?? 0),
    failures,
  );
}

/** A check (type check, lint, …) is one test: passed when it exited 0. */
export function summarizeCheck(name, exitCode) {
  return exitCode === 0
    ? tally(1, 0, 0)
    : tally(0, 1, 0, [`${name} (exit code ${exitCode})`]);
}

export function combine(tallies) {
  const total = tallies.reduce(
    (sum, next) =>
      tally(
        sum.passed + next.passed,
        sum.failed + next.failed,
        sum.skipped + next.skipped,
        [...sum.failures, ...next.failures],
      ),
    tally(0, 0, 0),
  );
  return {
    ...total,
    line: `tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
    ok: total.failed === 0 && total.passed > 0,
  };
}

function readResults(file, summarize) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return tally(0, 1, 0, [`${file}: no results (${error.code ?? error})`]);
  }
  try {
    return summarize(text);
  } catch (error) {
    return tally(0, 1, 0, [`${file}: unreadable results (${error.message})`]);
  }
}

export function main(args) {
  const tallies = [];
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === '--jest') {
      tallies.push(readResults(value, text => summarizeJest(JSON.parse(text))));
    } else if (flag === '--tap') {
      tallies.push(readResults(value, text => summarizeTap(text, value)));
    } else if (flag === '--check') {
      const at = value.lastIndexOf('=');
      tallies.push(
        summarizeCheck(value.slice(0, at), Number(value.slice(at + 1))),
      );
    } else {
      throw new Error(
        `Unknown argument ${flag}: use --jest <file>, --tap <file> or --check '<name>=<exit code>'`,
      );
    }
  }
  const result = combine(tallies);
  for (const failure of result.failures) {
    console.log(`failed: ${failure}`);
  }
  console.log(result.line);
  return result.ok ? 0 : 1;
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  process.exitCode = main(process.argv.slice(2));
}
