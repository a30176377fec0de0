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
  incidents: [
    {
      alarmName: 'orders-api-errors-page',
      start: '2026-10-20T10:30:00.000Z',
      end: '2026-10-20T11:05:00.000Z',
      runbookUrl: 'https://runbooks.example.com/orders#errors',
    },
    // Began in September and lasted into October: October lists it too.
    {
      alarmName: 'orders-api-latency-page',
      start: '2026-09-30T23:00:00.000Z',
      end: '2026-10-01T01:00:00.000Z',
      runbookUrl: null,
    },
    // Still in ALARM: it overlaps every month from its start on.
    {
      alarmName: 'orders-api-dlq-page',
      start: '2026-11-29T08:00:00.000Z',
      end: null,
      runbookUrl: null,
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

  it("lists a missed month's deploys oldest first and the page incidents that overlapped it", () => {
    const october = row.months[1];
    expect(october.deploys.map(d => d.changeSummary)).toEqual([
      'retry on timeout',
      'new payment client',
    ]);
    expect(october.incidents).toEqual([
      {
        alarmName: 'orders-api-latency-page',
        start: '2026-09-30T23:00:00.000Z',
        end: '2026-10-01T01:00:00.000Z',
        runbookUrl: null,
      },
      {
        alarmName: 'orders-api-errors-page',
        start: '2026-10-20T10:30:00.000Z',
        end: '2026-10-20T11:05:00.000Z',
        runbookUrl: 'https://runbooks.example.com/orders#errors',
      },
    ]);
  });

  it('lists no deploys nor incidents for a month that was not missed', () => {
    expect(row.months[2].deploys).toEqual([]);
    expect(row.months[2].incidents).toEqual([]);
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
      'component:default/orders-api,group:default/payments,orders-api:availability,availability,0.999,2026-10,missed,0.997,3,"2026-10-03T09:00:00Z =HYPERLINK(""x"")",2026-09-30T23:00:00.000Z to 2026-10-01T01:00:00.000Z orders-api-latency-page no runbook; 2026-10-20T10:30:00.000Z to 2026-10-20T11:05:00.000Z orders-api-errors-page https://runbooks.example.com/orders#errors',
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
