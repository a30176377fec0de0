// Prints one closing line over the Jest and node:test results: "N passed, N failed".
import { readFileSync } from 'node:fs';

const [jestJson, tapFile] = process.argv.slice(2);
const jest = JSON.parse(readFileSync(jestJson, 'utf8'));
const tap = readFileSync(tapFile, 'utf8');
const tapCount = name =>
  Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);

const passed = jest.numPassedTests + tapCount('pass');
const failed = jest.numFailedTests + tapCount('fail');
const skipped = jest.numPendingTests + tapCount('skipped');
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
