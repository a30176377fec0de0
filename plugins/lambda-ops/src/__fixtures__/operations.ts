import type { Entity } from '@backstage/catalog-model';
import type {
  Alarm,
  BudgetPoint,
  DeployMarker,
  OperationsResponse,
  RollbackHint,
  RunbookReference,
  RunbookResponse,
  Slo,
  TriageCheck,
} from '@lambda-ops/backstage-plugin-common';
import { alarmDefects } from '@lambda-ops/backstage-plugin-common';

/** A component that names its function and its runbook, as in the demo catalog. */
export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    namespace: 'default',
    annotations: {
      'aws.com/lambda-function-name': 'orders-api',
      'aws.com/lambda-region': 'us-east-1',
      'lambda-ops/runbook': './docs/runbook.md',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
};

/** A component that names its function but no runbook. */
export const noRunbookEntity: Entity = {
  ...annotatedEntity,
  metadata: {
    ...annotatedEntity.metadata,
    annotations: {
      'aws.com/lambda-function-name': 'orders-api',
      'aws.com/lambda-region': 'us-east-1',
    },
  },
};

/** A component with no Lambda annotation at all. */
export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website', namespace: 'default' },
  spec: { type: 'website', lifecycle: 'production', owner: 'web' },
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A burn-down series as the backend sends it: one point a day from `start`, and the
 * last value for "now", half a day after the last daily point.
 */
export function burnDownFixture(
  values: Array<number | null>,
  start = '2026-10-30T00:00:00Z',
): BudgetPoint[] {
  const startMs = Date.parse(start);
  return values.map((remaining, index) => {
    const isNow = index > 0 && index === values.length - 1;
    const ms = isNow
      ? startMs + (index - 1) * DAY_MS + DAY_MS / 2
      : startMs + index * DAY_MS;
    return { ts: new Date(ms).toISOString(), remaining };
  });
}

/** 30 days and now: from the whole budget down to 80% left, a little a day. */
const steadyBurnDown = burnDownFixture(
  Array.from({ length: 31 }, (_, day) => 1 - (0.2 * day) / 30),
);

export function sloFixture(overrides: Partial<Slo> = {}): Slo {
  return {
    id: 'orders-api:availability',
    source: 'cloudwatch',
    objective: 'availability',
    description: '99.9% of requests succeed over 30 days',
    target: 0.999,
    window: '30d',
    evaluation: 'request',
    attainment: 0.9998,
    errorBudget: {
      total: 4320,
      consumed: 864,
      remaining: 0.8,
      unit: 'requests',
    },
    burnRates: [
      {
        severity: 'page',
        longWindow: '1h',
        shortWindow: '5m',
        threshold: 14.4,
        long: 0.2,
        short: 0.1,
        firing: false,
        state: 'not-firing',
      },
      {
        severity: 'page',
        longWindow: '6h',
        shortWindow: '30m',
        threshold: 6,
        long: 0.3,
        short: 0.2,
        firing: false,
        state: 'not-firing',
      },
      {
        severity: 'ticket',
        longWindow: '3d',
        shortWindow: '6h',
        threshold: 1,
        long: 0.25,
        short: 0.3,
        firing: false,
        state: 'not-firing',
      },
    ],
    status: 'ok',
    burnDown: steadyBurnDown,
    counts: [],
    burningSince: null,
    dataThrough: '2026-11-29T11:58:00Z',
    budgetKind: 'ratio',
    deployBeforeBurn: null,
    exclusionWindows: [],
    ...overrides,
  };
}

/**
 * The async zero-tolerance objective after a bad day: ten events dead-lettered and
 * ten that could not even be dead-lettered. Any failure breaches it.
 */
export function failedDeliveriesSloFixture(overrides: Partial<Slo> = {}): Slo {
  return sloFixture({
    id: 'billing-events:failed-deliveries',
    objective: 'failed-deliveries',
    description: 'No event is lost or dead-lettered',
    target: 1,
    evaluation: 'request',
    attainment: 0.998,
    errorBudget: { total: 0, consumed: 20, remaining: 0, unit: 'events' },
    burnRates: [],
    burnDown: [],
    counts: [
      { label: 'DeadLetterErrors', value: 10 },
      { label: 'DestinationDeliveryFailures', value: 0 },
      { label: 'AsyncEventsDropped', value: 0 },
      { label: 'Messages in DLQ billing-events-dlq', value: 10 },
    ],
    status: 'breached',
    budgetKind: 'zero-tolerance',
    ...overrides,
  });
}

/** An SLO imported from CloudWatch Application Signals: no burn rates, no burn-down. */
export function applicationSignalsSloFixture(
  overrides: Partial<Slo> = {},
): Slo {
  return sloFixture({
    id: 'orders-availability',
    source: 'application-signals',
    description: 'orders-availability: 99.5% of requests succeed over 7 days',
    target: 0.995,
    window: '7d',
    attainment: 0.998,
    errorBudget: {
      total: 500,
      consumed: 200,
      remaining: 0.6,
      unit: 'requests',
    },
    burnRates: [],
    burnDown: [],
    status: 'ok',
    ...overrides,
  });
}

export function operationsFixture(
  overrides: Partial<OperationsResponse> = {},
): OperationsResponse {
  return {
    entityRef: 'component:default/orders-api',
    generatedAt: '2026-11-29T12:00:00Z',
    stale: false,
    pattern: 'api',
    functions: [
      {
        name: 'orders-api',
        region: 'us-east-1',
        accountId: null,
        qualifier: 'PROD',
      },
    ],
    slos: [sloFixture()],
    alarms: [],
    deployMarkers: [],
    triage: [],
    rollback: null,
    runbook: null,
    problems: [],
    dataLag: null,
    ...overrides,
  };
}

/** Where the demo's orders-api runbook lives. */
export const RUNBOOK_URL =
  'https://github.com/acme/orders-api/blob/main/docs/runbook.md';

/** The entity's runbook as the operations reply references it. */
export function runbookReferenceFixture(
  overrides: Partial<RunbookReference> = {},
): RunbookReference {
  return {
    annotation: './docs/runbook.md',
    url: RUNBOOK_URL,
    available: true,
    ...overrides,
  };
}

/** A firing Page alarm whose runbook link points into the entity's runbook. */
export function alarmFixture(overrides: Partial<Alarm> = {}): Alarm {
  const name = overrides.name ?? 'orders-api-errors';
  const alarm: Omit<Alarm, 'kind' | 'defects'> & Partial<Alarm> = {
    name,
    arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
    type: 'metric',
    metric: 'Errors',
    state: 'ALARM',
    stateSince: new Date(Date.now() - 35 * 60 * 1000).toISOString(),
    severity: 'page',
    severitySource: 'tag',
    runbookUrl: `${RUNBOOK_URL}#errors`,
    runbookProblem: null,
    ...overrides,
  };
  // Kind and defects as the backend derives them, unless a test says otherwise.
  return {
    kind: alarm.type === 'composite' ? 'composite' : 'metric',
    defects: alarmDefects(alarm),
    ...alarm,
  };
}

/**
 * A deploy CI recorded, with every field CI may send. Its time falls inside the
 * default burn-down series (30 days up to 2026-11-28T12:00Z, "now" of the chart).
 */
export function deployMarkerFixture(
  overrides: Partial<DeployMarker> = {},
): DeployMarker {
  return {
    id: 'gh-run-4242-1',
    ts: '2026-11-28T11:20:00Z',
    env: 'PROD',
    source: 'ci',
    changeType: 'deployment',
    actor: 'alice',
    gitSha: '3f9c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0',
    changeSummary: 'orders-api v42: new payment client',
    artifact: 'lambda:function:orders-api:PROD',
    ref: 'refs/tags/v42',
    reason: 'Move to the payment provider API v3 before v2 is retired',
    risk: 'medium',
    rollback: 'Point the PROD alias back at version 41',
    links: [
      'https://github.com/acme/orders-api/pull/417',
      'https://github.com/acme/orders-api/actions/runs/4242',
    ],
    ...overrides,
  };
}

/**
 * A change AWS reported (Application Signals change event): what and when, but none
 * of the who-and-why CI tells.
 */
export function changeEventFixture(
  overrides: Partial<DeployMarker> = {},
): DeployMarker {
  return {
    id: 'ase-1f2e3d4c',
    ts: '2026-11-27T09:00:00Z',
    env: null,
    source: 'application-signals',
    changeType: 'configuration',
    actor: null,
    gitSha: null,
    changeSummary: 'UpdateFunctionConfiguration: MemorySize 512 → 1024',
    artifact: null,
    ref: null,
    reason: null,
    risk: null,
    rollback: null,
    links: [],
    ...overrides,
  };
}

/** The rollback hint for {@link deployMarkerFixture}, as the backend words it. */
export function rollbackFixture(
  overrides: Partial<RollbackHint> = {},
): RollbackHint {
  return {
    message:
      'orders-api: deployed 0 min before the burn started — roll back PROD to version 41 first',
    functionName: 'orders-api',
    deployMarkerId: 'gh-run-4242-1',
    alias: 'PROD',
    fromVersion: '42',
    toVersion: '41',
    command:
      'aws lambda update-alias --function-name orders-api --name PROD --function-version 41',
    ...overrides,
  };
}

/** The checks of a triage after a deploy shortly before the alarm. */
export function triageFixture(): TriageCheck[] {
  return [
    {
      check: 'recent-deploy',
      result: 'warn',
      message: 'Deployed 40 min before the alarm: roll back first',
      runbookStep: 'B.1 Roll back the alias to the previous version',
    },
    {
      check: 'duration-memory-saturation',
      result: 'pass',
      message: 'Duration and memory do not saturate together',
      runbookStep: 'A.2 Do Duration and memory saturate together?',
    },
    {
      check: 'throttles',
      result: 'unknown',
      message: 'Throttles could not be read',
      runbookStep: 'A.3 Are there Throttles?',
    },
  ];
}

/** The orders-api runbook, with headings in the three parts every runbook has. */
export const RUNBOOK_MARKDOWN = `# Runbook: orders-api

The storefront's order endpoint. See [the timeout runbook](./timeout.md) and [Errors](#errors).

## Errors

Alarm \`orders-api-errors\` (Page): errors burn the availability budget.

## A. Triage in 3 minutes

1. **Was there a deploy in the last 60 minutes?** Roll back first.
2. **Do \`Duration\` and memory saturate together?**

### Throttles?

Check the reserved concurrency.

## B. Stop the bleeding, safest first

1. Roll back the alias to the previous version.

## C. Permanent fix

Fix it with a test, and revisit the SLO.
`;

export function runbookFixture(
  overrides: Partial<RunbookResponse> = {},
): RunbookResponse {
  return {
    url: RUNBOOK_URL,
    markdown: RUNBOOK_MARKDOWN,
    headings: [
      { id: 'runbook-orders-api', text: 'Runbook: orders-api', level: 1 },
      { id: 'errors', text: 'Errors', level: 2 },
      { id: 'a-triage-in-3-minutes', text: 'A. Triage in 3 minutes', level: 2 },
      { id: 'throttles', text: 'Throttles?', level: 3 },
      {
        id: 'b-stop-the-bleeding-safest-first',
        text: 'B. Stop the bleeding, safest first',
        level: 2,
      },
      { id: 'c-permanent-fix', text: 'C. Permanent fix', level: 2 },
    ],
    ...overrides,
  };
}
