import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { NOW } from '../__testUtils__/emulator';
import { scenarioAlarms } from './alarms';

/** The demo's runbooks, which the emulator serves with `--runbooks-dir examples/runbooks`. */
const EXAMPLE_RUNBOOKS = resolvePath(
  __dirname,
  '../../../../examples/runbooks',
);
const BASE = 'http://runbooks.test/';

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): string[] {
  let inFence = false;
  const anchors: string[] = [];
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) anchors.push(githubSlug(heading[1]));
  }
  return anchors;
}

describe('runbook links of the scenario alarms', () => {
  it('point at example runbooks whose headings have the anchors, but for one dead section link', () => {
    const links = Object.fromEntries(
      scenarioAlarms(NOW, BASE).flatMap(({ alarm }) => {
        const url = /https?:\/\/\S+/.exec(alarm.AlarmDescription ?? '')?.[0];
        if (!url) return [];
        const [file, anchor] = url.slice(BASE.length).split('#');
        const markdown = readFileSync(
          resolvePath(EXAMPLE_RUNBOOKS, file),
          'utf8',
        );
        const resolves =
          anchor === undefined || anchorsOf(markdown).includes(anchor);
        return [[alarm.AlarmName, { file, anchor, resolves }]];
      }),
    );
    const triage = 'a-triage-in-3-minutes';
    expect(links).toEqual({
      'orders-api-errors': {
        file: 'orders-api.md',
        anchor: 'errors',
        resolves: true,
      },
      // The demo's dead section link: orders-api.md has no "Latency" heading.
      'orders-api-latency-p95': {
        file: 'orders-api.md',
        anchor: 'latency',
        resolves: false,
      },
      'checkout-api-errors': {
        file: 'timeout.md',
        anchor: triage,
        resolves: true,
      },
      'checkout-api-duration': {
        file: 'timeout.md',
        anchor: undefined,
        resolves: true,
      },
      'checkout-api-user-impact': {
        file: 'timeout.md',
        anchor: triage,
        resolves: true,
      },
      'billing-events-dlq': {
        file: 'dlq-growth.md',
        anchor: triage,
        resolves: true,
      },
      'billing-events-error-rate': {
        file: 'dlq-growth.md',
        anchor: undefined,
        resolves: true,
      },
    });
  });

  it('slugs headings the way GitHub does', () => {
    expect(githubSlug('A. Triage in 3 minutes')).toBe('a-triage-in-3-minutes');
    expect(githubSlug('B. Stop the bleeding, safest first')).toBe(
      'b-stop-the-bleeding-safest-first',
    );
  });
});
