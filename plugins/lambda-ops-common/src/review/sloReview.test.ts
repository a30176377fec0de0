import { alarm } from '../fleet/__fixtures__/snapshots';
import { completedMonths } from './calendarMonths';
import { buildSloReviewRows, SloMonthRecord } from './sloReview';
import { sloReviewToCsv } from './sloReviewCsv';

const months = completedMonths(Date.parse('2026-12-02T00:00:00Z'), 3);

function record(
  month: string,
  attainment: number | null,
  budgetConsumed: number | null,
  fields: Partial<SloMonthRecord> = {},
): SloMonthRecord {
  return {
    entityRef: 'component:default/orders-api',
    sloId: 'orders-api:availability',
    objective: 'availability',
    target: 0.999,
    budgetKind: 'ratio',
    month,
    attainment,
    budgetConsumed,
    ...fields,
  };
}

const deploy = (ts: string, changeSummary: string) => ({
  ts,
  env: 'PROD',
  gitSha: 'abc1234',
  changeSummary,
});

const orders = {
  entityRef: 'component:default/orders-api',
  title: 'Orders API',
  owner: 'group:default/payments',
  deploys: [
    deploy('2026-10-20T10:00:00Z', 'new payment client'),
    deploy('2026-10-03T09:00:00Z', 'retry on timeout'),
    deploy('2026-11-05T09:00:00Z', 'log format'),
  ],
  alarms: [
    {
      ...alarm('orders-api-errors-page', { state: 'ALARM' }),
      stateSince: '2026-10-20T10:30:00Z',
    },
    {
      ...alarm('orders-api-throttles-ticket', {
        state: 'ALARM',
        severity: 'ticket',
      }),
      stateSince: '2026-10-21T10:30:00Z',
    },
  ],
};

describe('buildSloReviewRows', () => {
  const [row] = buildSloReviewRows({
    months,
    entities: [orders],
    records: [
      record('2026-10', 0.997, 3),
      record('2026-11', 1, 0),
      // Outside the review: left out.
      record('2026-08', 0.9995, 0.5),
    ],
  });

  it('judges each month of the review, a month not recorded as no data', () => {
    expect(row.months.map(m => [m.month, m.verdict])).toEqual([
      ['2026-09', 'no-data'],
      ['2026-10', 'missed'],
      ['2026-11', 'never-burning'],
    ]);
  });

  it("lists a missed month's deploys oldest first and its page incidents", () => {
    const october = row.months[1];
    expect(october.deploys.map(d => d.changeSummary)).toEqual([
      'retry on timeout',
      'new payment client',
    ]);
    expect(october.incidents).toEqual([
      {
        alarmName: 'orders-api-errors-page',
        state: 'ALARM',
        since: '2026-10-20T10:30:00Z',
        runbookUrl: 'https://runbooks.example.com/orders#errors',
      },
    ]);
  });

  it('lists no deploys for a month that was not missed', () => {
    expect(row.months[2].deploys).toEqual([]);
    expect(row.months[2].hint).toMatch(/too loose/);
  });

  it('gives one row per entity and SLO, sorted by entity then SLO', () => {
    const rows = buildSloReviewRows({
      months,
      entities: [
        { ...orders, entityRef: 'component:default/search-api' },
        orders,
      ],
      records: [
        record('2026-11', 0.9995, 0.5, {
          entityRef: 'component:default/search-api',
        }),
        record('2026-11', 0.99, 0.5, {
          sloId: 'orders-api:latency',
          objective: 'latency',
          target: 0.99,
        }),
        record('2026-11', 0.9995, 0.5),
      ],
    });
    expect(rows.map(r => [r.entityRef, r.sloId])).toEqual([
      ['component:default/orders-api', 'orders-api:availability'],
      ['component:default/orders-api', 'orders-api:latency'],
      ['component:default/search-api', 'orders-api:availability'],
    ]);
  });
});

describe('sloReviewToCsv', () => {
  it('writes a line per entity, SLO and month, quoting a field that holds quotes', () => {
    const [row] = buildSloReviewRows({
      months,
      entities: [
        {
          ...orders,
          deploys: [deploy('2026-10-03T09:00:00Z', '=HYPERLINK("x")')],
        },
      ],
      records: [record('2026-10', 0.997, 3)],
    });
    const lines = sloReviewToCsv([row]).split('\r\n');
    expect(lines[0]).toBe(
      'entityRef,owner,sloId,objective,target,month,verdict,attainment,budgetConsumed,deploys,incidents',
    );
    expect(lines).toHaveLength(5);
    expect(lines[2]).toBe(
      'component:default/orders-api,group:default/payments,orders-api:availability,availability,0.999,2026-10,missed,0.997,3,"2026-10-03T09:00:00Z =HYPERLINK(""x"")",orders-api-errors-page',
    );
  });

  it('keeps a field that starts with a formula character as text', () => {
    const [row] = buildSloReviewRows({
      months,
      entities: [{ ...orders, title: 'x', owner: '@team' }],
      records: [record('2026-10', 0.997, 3)],
    });
    expect(sloReviewToCsv([row]).split('\r\n')[1]).toContain(",'@team,");
  });
});
