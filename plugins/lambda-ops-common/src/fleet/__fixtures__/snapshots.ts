import type { Alarm, BurnRateRow, Slo, SloStatus } from '../../types';
import type { FleetEntitySnapshot } from '../FleetEntitySnapshot';

/** An SLO with the figures the fleet views read; the rest as the collector would fill it. */
export function slo(
  fields: {
    status?: SloStatus;
    remaining?: number | null;
    attainment?: number | null;
    target?: number;
    burn1h?: number | null;
    description?: string;
  } = {},
): Slo {
  const target = fields.target ?? 0.999;
  const fastBurn: BurnRateRow = {
    severity: 'page',
    longWindow: '1h',
    shortWindow: '5m',
    threshold: 14.4,
    long: fields.burn1h ?? null,
    short: null,
    firing: fields.status === 'page',
    state: fields.status === 'page' ? 'firing' : 'not-firing',
  };
  return {
    id: 'orders-api:availability',
    source: 'cloudwatch',
    objective: 'availability',
    description: fields.description ?? 'Availability',
    target,
    window: '30d',
    evaluation: 'request',
    attainment: fields.attainment === undefined ? 0.9995 : fields.attainment,
    errorBudget: {
      total: 100,
      consumed: 50,
      remaining: fields.remaining === undefined ? 0.5 : fields.remaining,
      unit: 'requests',
    },
    burnRates: [fastBurn],
    status: fields.status ?? 'ok',
    burnDown: [],
    counts: [],
    burningSince: null,
    dataThrough: null,
    budgetKind: 'ratio',
    deployBeforeBurn: null,
    exclusionWindows: [],
  };
}

/** An alarm of one of the entity's functions. */
export function alarm(
  name: string,
  fields: Partial<
    Pick<Alarm, 'state' | 'severity' | 'runbookUrl' | 'runbookProblem'>
  > = {},
): Alarm {
  return {
    name,
    arn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    type: 'metric',
    kind: 'metric',
    defects: [],
    metric: 'Errors',
    state: fields.state ?? 'OK',
    stateSince: null,
    severity: fields.severity ?? 'page',
    severitySource: fields.severity === 'unclassified' ? null : 'name',
    runbookUrl:
      fields.runbookUrl === undefined
        ? 'https://runbooks.example.com/orders#errors'
        : fields.runbookUrl,
    runbookProblem: fields.runbookProblem ?? null,
  };
}

/** A healthy, fully covered entity, with the fields a test cares about replaced. */
export function snapshot(
  fields: Partial<FleetEntitySnapshot> = {},
): FleetEntitySnapshot {
  return {
    entityRef: 'component:default/orders-api',
    title: 'Orders API',
    owner: 'group:default/payments',
    collectedAt: '2026-11-29T12:00:00Z',
    unavailableReason: null,
    pattern: 'api',
    slos: [slo()],
    alarms: [alarm('orders-api-errors-page')],
    alarmRunbooks: [
      {
        url: 'https://runbooks.example.com/orders#errors',
        readable: true,
        reason: null,
      },
    ],
    runbook: {
      annotation: 'https://runbooks.example.com/orders',
      url: 'https://runbooks.example.com/orders',
      readable: true,
      reason: null,
    },
    lastDeploy: null,
    rollback: null,
    problems: [],
    ...fields,
  };
}
