import type {
  CoverageResponse,
  LambdaOpsApiSchemas,
  OnCallResponse,
  OnCallRow,
} from '@lambda-ops/backstage-plugin-common';

type CoverageEntity = LambdaOpsApiSchemas['CoverageEntity'];
type CoverageOwner = LambdaOpsApiSchemas['CoverageOwner'];

export const SNAPSHOT_AT = '2026-11-29T11:55:00Z';
/** Five minutes after the snapshot, the clock the fleet tests read. */
export const NOW = Date.parse('2026-11-29T12:00:00Z');

/** A healthy row of the on-call view. */
export function onCallRowFixture(
  overrides: Partial<OnCallRow> = {},
): OnCallRow {
  return {
    entityRef: 'component:default/orders-api',
    title: 'orders-api',
    owner: 'group:default/payments',
    status: 'ok',
    firingPages: [],
    firingTickets: 0,
    budgetRemaining: 0.8,
    burnRate1h: 0.2,
    lastDeploy: null,
    problems: [],
    ...overrides,
  };
}

/** The row of an API paging since a deploy, with a runbook section to open. */
export const burningRow = onCallRowFixture({
  entityRef: 'component:default/checkout-api',
  title: 'checkout-api',
  status: 'page',
  firingPages: [
    {
      name: 'checkout-api-errors',
      runbookUrl: 'https://docs.example.com/checkout-api.md#errors',
    },
    { name: 'checkout-api-throttles', runbookUrl: null },
  ],
  firingTickets: 1,
  budgetRemaining: 0.404,
  burnRate1h: 30,
  lastDeploy: {
    ts: '2026-11-29T11:20:00Z',
    env: 'PROD',
    gitSha: 'abc1234def',
    rollbackCandidate: true,
  },
});

/** A row whose AWS account could not be read. */
export const unknownRow = onCallRowFixture({
  entityRef: 'component:default/legacy-api',
  title: 'legacy-api',
  status: 'unknown',
  budgetRemaining: null,
  burnRate1h: null,
  problems: [
    {
      code: 'aws-error',
      message:
        'Account 210987654321 is not configured: add it under aws.accounts',
    },
  ],
});

export function onCallFixture(
  overrides: Partial<OnCallResponse> = {},
): OnCallResponse {
  const rows = overrides.rows ?? [burningRow, unknownRow, onCallRowFixture()];
  const totals = {
    page: 0,
    breached: 0,
    warning: 0,
    unknown: 0,
    'no-data': 0,
    ok: 0,
  };
  for (const row of rows) {
    totals[row.status] += 1;
  }
  return {
    owners: ['user:default/guest', 'group:default/payments'],
    snapshotAt: SNAPSHOT_AT,
    stale: false,
    staleReason: null,
    rows,
    totals,
    emptyReason: null,
    ...overrides,
  };
}

const CHECKS: CoverageResponse['checks'] = [
  {
    id: 'slo-pattern',
    title: 'SLO pattern',
    description: 'lambda-ops/slo-pattern is present and valid',
  },
  {
    id: 'runbook',
    title: 'Runbook',
    description:
      'The runbook annotation is present and the runbook can be read',
  },
  {
    id: 'alarms-have-runbooks',
    title: 'Alarms link runbooks',
    description: 'Every alarm links a runbook that resolves',
  },
  {
    id: 'alarms-classified',
    title: 'Alarms classified',
    description: 'Every alarm is page or ticket',
  },
  {
    id: 'page-alarm',
    title: 'Page alarm',
    description: 'At least one page alarm exists',
  },
  {
    id: 'slo-met',
    title: 'SLO met',
    description: 'Every SLO meets its target over its window',
  },
];

export function coverageEntityFixture(
  overrides: Partial<CoverageEntity> = {},
): CoverageEntity {
  return {
    entityRef: 'component:default/orders-api',
    owner: 'group:default/payments',
    score: 1,
    alarms: { total: 2, withoutRunbook: 0, unclassified: 0, page: 1 },
    checks: Object.fromEntries(
      CHECKS.map(check => [check.id, { result: 'pass', reason: 'OK' }]),
    ),
    ...overrides,
  };
}

export const gappyEntity = coverageEntityFixture({
  entityRef: 'component:default/billing-events',
  owner: 'group:default/data-platform',
  score: 0.5,
  alarms: { total: 1, withoutRunbook: 1, unclassified: 0, page: 0 },
  checks: {
    'slo-pattern': { result: 'pass', reason: 'async' },
    runbook: {
      result: 'fail',
      reason: 'No runbook: add lambda-ops/runbook',
    },
    'alarms-have-runbooks': {
      result: 'fail',
      reason:
        'alarm billing-events-dlq links https://docs.example.com/gone.md which does not exist (404): check the path and the branch, or fix the link',
    },
    'alarms-classified': {
      result: 'pass',
      reason: 'All alarms are page or ticket',
    },
    'page-alarm': { result: 'n/a', reason: 'No alarms' },
    'slo-met': { result: 'fail', reason: 'Failed deliveries: 10 of 0 allowed' },
  },
});

export function coverageFixture(
  overrides: Partial<CoverageResponse> = {},
): CoverageResponse {
  const owners: CoverageOwner[] = [
    {
      owner: 'group:default/data-platform',
      entities: 1,
      score: 0.5,
      failing: { runbook: 1, 'alarms-have-runbooks': 1, 'slo-met': 1 },
    },
    { owner: 'group:default/payments', entities: 1, score: 1, failing: {} },
  ];
  return {
    snapshotAt: SNAPSHOT_AT,
    stale: false,
    staleReason: null,
    checks: CHECKS,
    entities: [gappyEntity, coverageEntityFixture()],
    emptyReason: null,
    owners,
    total: { entities: 2, score: 0.75 },
    ...overrides,
  };
}
