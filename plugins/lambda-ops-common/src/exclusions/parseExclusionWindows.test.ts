import { parseExclusionWindows } from './parseExclusionWindows';

describe('parseExclusionWindows', () => {
  it('reads recurring and one-off windows from a YAML list', () => {
    const { windows, problems } = parseExclusionWindows(`
- schedule: "0 2 * * SUN"
  duration: 2h
  reason: Weekly database maintenance
- start: 2026-12-05T10:00:00+09:00
  end: 2026-12-05T12:00:00+09:00
  reason: Region migration
- start: 2026-12-06T00:00:00Z
  duration: 30m
  reason: Certificate rotation
`);
    expect(problems).toEqual([]);
    expect(windows).toEqual([
      {
        reason: 'Weekly database maintenance',
        durationMs: 7_200_000,
        start: null,
        recurrence: { cron: '0 2 * * SUN' },
        schedule: '0 2 * * SUN',
        source: 'annotation',
      },
      {
        reason: 'Region migration',
        durationMs: 7_200_000,
        start: Date.parse('2026-12-05T01:00:00Z'),
        recurrence: null,
        schedule: null,
        source: 'annotation',
      },
      expect.objectContaining({
        start: Date.parse('2026-12-06T00:00:00Z'),
        durationMs: 1_800_000,
      }),
    ]);
  });

  it('has nothing to exclude without the annotation', () => {
    expect(parseExclusionWindows(undefined)).toEqual({
      windows: [],
      problems: [],
    });
  });

  it.each([
    ['not YAML', '[{schedule: "0 2 * * SUN"', 'it is not YAML'],
    ['no reason', '[{schedule: "0 2 * * SUN", duration: 2h}]', 'has no reason'],
    [
      'a schedule without a duration',
      '[{schedule: "0 2 * * SUN", reason: x}]',
      'a schedule takes a duration',
    ],
    [
      'a cron expression with six fields',
      '[{schedule: "0 0 2 * * SUN", duration: 2h, reason: x}]',
      'has 6 fields',
    ],
    [
      'a day that never comes',
      '[{schedule: "0 0 30 2 *", duration: 2h, reason: x}]',
      'never occurs',
    ],
    [
      'a time without its offset',
      '[{start: "2026-12-05T01:00:00", duration: 2h, reason: x}]',
      'is not an ISO 8601 time with its offset',
    ],
    [
      'an end before the start',
      '[{start: "2026-12-05T03:00:00Z", end: "2026-12-05T01:00:00Z", reason: x}]',
      'ends before it starts',
    ],
    [
      'a misspelt key',
      '[{schedul: "0 2 * * SUN", duration: 2h, reason: x}]',
      'unknown keys schedul',
    ],
    [
      'a bad duration',
      '[{start: "2026-12-05T03:00:00Z", duration: 2 hours, reason: x}]',
      'is not a duration',
    ],
  ])(
    'refuses %s, naming the annotation with a valid example, and excludes nothing',
    (_, text, complaint) => {
      const { windows, problems } = parseExclusionWindows(text);
      expect(windows).toEqual([]);
      expect(problems).toEqual([
        {
          code: 'invalid-annotation',
          annotation: 'lambda-ops/exclusion-windows',
          message: expect.stringContaining(complaint),
        },
      ]);
      expect(problems[0].message).toContain(
        'e.g. [{schedule: "0 2 * * SUN", duration: 2h',
      );
    },
  );

  it('applies no window when one of several is malformed', () => {
    const { windows } = parseExclusionWindows(
      '[{schedule: "0 2 * * SUN", duration: 2h, reason: ok}, {start: soon, reason: x}]',
    );
    expect(windows).toEqual([]);
  });
});
