import type { Alarm } from '../types';
import type { RunbookReachability } from './FleetEntitySnapshot';
import { coverageAlarmCounts } from './coverageAlarmCounts';

const RUNBOOK = 'https://docs.example.com/orders-api/runbook';

function alarm(overrides: Partial<Alarm>): Alarm {
  return {
    name: 'orders-api-errors',
    arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-api-errors',
    type: 'metric',
    kind: 'metric',
    defects: [],
    metric: 'Errors',
    state: 'OK',
    stateSince: null,
    severity: 'page',
    severitySource: 'tag',
    runbookUrl: RUNBOOK,
    runbookProblem: null,
    ...overrides,
  };
}

const readable: RunbookReachability = {
  url: RUNBOOK,
  readable: true,
  reason: null,
};
const unreadable: RunbookReachability = {
  url: RUNBOOK,
  readable: false,
  reason: 'answers 404',
};

describe('coverageAlarmCounts', () => {
  it.each([
    [
      'an entity without alarms has nothing to count',
      [],
      [],
      { total: 0, withoutRunbook: 0, unclassified: 0, page: 0 },
    ],
    [
      'a page alarm linking a readable runbook is covered',
      [alarm({})],
      [readable],
      { total: 1, withoutRunbook: 0, unclassified: 0, page: 1 },
    ],
    [
      'an alarm linking no runbook is counted as without one',
      [alarm({ runbookUrl: null, severity: 'ticket' })],
      [],
      { total: 1, withoutRunbook: 1, unclassified: 0, page: 0 },
    ],
    [
      'an alarm linking a runbook that cannot be read is counted as without one',
      [alarm({})],
      [unreadable],
      { total: 1, withoutRunbook: 1, unclassified: 0, page: 1 },
    ],
    [
      'an alarm linking a section the runbook lacks is counted as without one',
      [
        alarm({
          runbookUrl: `${RUNBOOK}#throttles`,
          runbookProblem: 'the runbook has no section #throttles',
        }),
      ],
      [{ ...readable, url: `${RUNBOOK}#throttles` }],
      { total: 1, withoutRunbook: 1, unclassified: 0, page: 1 },
    ],
    [
      'an alarm whose runbook the collector never looked at is counted as without one',
      [alarm({})],
      [],
      { total: 1, withoutRunbook: 1, unclassified: 0, page: 1 },
    ],
    [
      'unclassified alarms are counted apart from page alarms',
      [
        alarm({ severity: 'unclassified', severitySource: null }),
        alarm({ severity: 'ticket' }),
        alarm({ severity: 'page' }),
        alarm({ severity: 'page', runbookUrl: null }),
      ],
      [readable],
      { total: 4, withoutRunbook: 1, unclassified: 1, page: 2 },
    ],
  ])('%s', (_sentence, alarms, alarmRunbooks, counts) => {
    expect(coverageAlarmCounts({ alarms, alarmRunbooks })).toEqual(counts);
  });
});
