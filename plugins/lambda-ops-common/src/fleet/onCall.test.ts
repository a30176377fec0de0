import { alarm, slo, snapshot } from './__fixtures__/snapshots';
import {
  buildOnCallRows,
  entityFleetStatus,
  lowestBudgetRemaining,
  toOnCallRow,
} from './onCall';

describe('on-call rows', () => {
  it.each([
    [
      'an entity whose AWS data is unavailable is unknown, whatever the snapshot held',
      snapshot({
        unavailableReason: 'AWS account 123456789012 is not configured',
        slos: [slo({ status: 'page' })],
      }),
      'unknown',
    ],
    [
      'a firing page alarm pages though the SLOs are fine',
      snapshot({ alarms: [alarm('orders-page', { state: 'ALARM' })] }),
      'page',
    ],
    [
      'the worst SLO decides',
      snapshot({ slos: [slo({ status: 'ok' }), slo({ status: 'breached' })] }),
      'breached',
    ],
    [
      'a firing ticket alarm warns',
      snapshot({
        alarms: [
          alarm('orders-ticket', { state: 'ALARM', severity: 'ticket' }),
        ],
      }),
      'warning',
    ],
    [
      'SLOs without data and quiet alarms',
      snapshot({ slos: [slo({ status: 'no-data' })] }),
      'no-data',
    ],
    [
      'no SLOs and no alarms is no data',
      snapshot({ slos: [], alarms: [] }),
      'no-data',
    ],
    ['all fine is ok', snapshot(), 'ok'],
  ])('%s', (_, entity, status) => {
    expect(entityFleetStatus(entity)).toBe(status);
  });

  it('lists the firing page alarms with their runbook links and counts the firing tickets', () => {
    const row = toOnCallRow(
      snapshot({
        alarms: [
          alarm('orders-errors-page', {
            state: 'ALARM',
            runbookUrl: 'https://runbooks.example.com/orders#errors',
          }),
          alarm('orders-latency-page', { state: 'OK' }),
          alarm('orders-throttles-page', { state: 'ALARM', runbookUrl: null }),
          alarm('orders-dlq-ticket', { state: 'ALARM', severity: 'ticket' }),
          alarm('orders-age-ticket', { state: 'OK', severity: 'ticket' }),
        ],
      }),
    );
    expect(row.firingPages).toEqual([
      {
        name: 'orders-errors-page',
        runbookUrl: 'https://runbooks.example.com/orders#errors',
      },
      { name: 'orders-throttles-page', runbookUrl: null },
    ]);
    expect(row.firingTickets).toBe(1);
  });

  it('shows the lowest budget, leaving out SLOs without traffic and zero-tolerance ones', () => {
    expect(
      lowestBudgetRemaining([
        slo({ remaining: 0.4 }),
        slo({ remaining: 0.2 }),
        slo({ remaining: null }),
        slo({ remaining: 0, target: 1 }),
      ]),
    ).toBeCloseTo(0.2);
    expect(lowestBudgetRemaining([slo({ remaining: null })])).toBeNull();
    expect(lowestBudgetRemaining([])).toBeNull();
  });

  it('shows the fastest 1-hour burn over the SLOs, null without one', () => {
    expect(
      toOnCallRow(
        snapshot({ slos: [slo({ burn1h: 2 }), slo({ burn1h: 16.5 }), slo()] }),
      ).burnRate1h,
    ).toBe(16.5);
    expect(toOnCallRow(snapshot({ slos: [slo()] })).burnRate1h).toBeNull();
  });

  it('marks the last deploy as the rollback candidate only when the rollback hint names it', () => {
    const lastDeploy = {
      id: 'deploy-42',
      ts: '2026-11-29T11:20:00Z',
      env: 'prod',
      source: 'ci' as const,
      changeType: 'deployment' as const,
      actor: 'ci-bot',
      gitSha: 'abc1234',
      changeSummary: 'v42',
      artifact: null,
      ref: null,
      reason: null,
      risk: null,
      rollback: null,
      links: [],
    };
    const rollback = {
      message:
        'Deployed 40 min before the burn started — roll back PROD to version 41 first',
      functionName: 'orders-api',
      deployMarkerId: 'deploy-42',
      alias: 'PROD',
      fromVersion: '42',
      toVersion: '41',
      command: null,
    };
    expect(toOnCallRow(snapshot({ lastDeploy, rollback })).lastDeploy).toEqual({
      ts: '2026-11-29T11:20:00Z',
      env: 'prod',
      gitSha: 'abc1234',
      rollbackCandidate: true,
    });
    expect(
      toOnCallRow(snapshot({ lastDeploy })).lastDeploy?.rollbackCandidate,
    ).toBe(false);
    expect(toOnCallRow(snapshot()).lastDeploy).toBeNull();
  });

  it('carries the reason AWS data is missing as a problem of the row', () => {
    const reason = 'AWS account 123456789012 denied access to CloudWatch';
    expect(
      toOnCallRow(snapshot({ unavailableReason: reason })).problems,
    ).toEqual([{ code: 'aws-error', message: reason }]);
    expect(
      toOnCallRow(
        snapshot({
          unavailableReason: reason,
          problems: [{ code: 'aws-error', message: reason }],
        }),
      ).problems,
    ).toHaveLength(1);
  });

  it('sorts by status rank, then lowest budget (no figure last), then entity ref, and counts each status', () => {
    const { rows, totals } = buildOnCallRows([
      snapshot({
        entityRef: 'component:default/e-ok',
        slos: [slo({ remaining: 0.9 })],
      }),
      snapshot({
        entityRef: 'component:default/d-warning-null',
        slos: [slo({ status: 'warning', remaining: null })],
      }),
      snapshot({
        entityRef: 'component:default/c-warning-low',
        slos: [slo({ status: 'warning', remaining: 0.3 })],
      }),
      snapshot({
        entityRef: 'component:default/b-warning-low',
        slos: [slo({ status: 'warning', remaining: 0.3 })],
      }),
      snapshot({
        entityRef: 'component:default/a-unknown',
        unavailableReason: 'denied',
      }),
      snapshot({
        entityRef: 'component:default/z-page',
        slos: [slo({ status: 'page', remaining: 0.8 })],
      }),
      snapshot({
        entityRef: 'component:default/y-no-data',
        slos: [slo({ status: 'no-data', remaining: null })],
      }),
    ]);
    expect(rows.map(row => row.entityRef)).toEqual([
      'component:default/z-page',
      'component:default/b-warning-low',
      'component:default/c-warning-low',
      'component:default/d-warning-null',
      'component:default/a-unknown',
      'component:default/y-no-data',
      'component:default/e-ok',
    ]);
    expect(totals).toEqual({
      page: 1,
      breached: 0,
      warning: 3,
      unknown: 1,
      'no-data': 1,
      ok: 1,
    });
  });
});
