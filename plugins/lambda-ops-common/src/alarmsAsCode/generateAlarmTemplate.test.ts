import type { Entity } from '@backstage/catalog-model';
import { parse } from 'yaml';
import { classifyAlarmSeverity } from '../alarms/classifyAlarm';
import { extractRunbookUrl } from '../alarms/runbookLink';
import { parseLambdaOpsAnnotations } from '../annotations/parseLambdaOpsAnnotations';
import {
  burnRateThreshold,
  WORKBOOK_BURN_RATE_WINDOWS,
} from '../slo/burnRates';
import {
  alarmTemplateFileName,
  generateAlarmTemplate,
  GenerateAlarmTemplateOptions,
} from './generateAlarmTemplate';

const DAY = 86_400;
const RUNBOOK = 'https://runbooks.example.com/checkout-api.md';
const TRIAGE = `${RUNBOOK}#a-triage-in-3-minutes`;

interface Resource {
  Type: string;
  DependsOn?: string[];
  Properties: Record<string, any>;
}

function options(
  annotations: Record<string, string>,
  overrides: Partial<GenerateAlarmTemplateOptions> = {},
): GenerateAlarmTemplateOptions {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'entity', annotations },
  };
  const settings = parseLambdaOpsAnnotations(entity);
  return {
    functions: settings.functions,
    settings,
    runbookUrl: RUNBOOK,
    entityName: 'component:default/entity',
    ...overrides,
  };
}

/** The generated template, parsed back as CloudFormation would read it. */
function generate(
  annotations: Record<string, string>,
  overrides: Partial<GenerateAlarmTemplateOptions> = {},
) {
  const template = generateAlarmTemplate(options(annotations, overrides));
  const parsed = parse(template.yaml, { version: '1.1' });
  const resources = parsed.Resources as Record<string, Resource>;
  const byName = new Map(
    Object.entries(resources).map(([id, r]) => [
      r.Properties.AlarmName as string,
      { id, ...r },
    ]),
  );
  return { template, parsed, resources, byName };
}

const CHECKOUT_API = {
  'aws.amazon.com/lambda-function-arn':
    'arn:aws:lambda:us-east-1:123456789012:function:checkout-api',
  'lambda-ops/alias': 'PROD',
  'lambda-ops/slo-pattern': 'api',
};
const BILLING_EVENTS = {
  'aws.com/lambda-function-name': 'billing-events',
  'aws.com/lambda-region': 'us-east-1',
  'lambda-ops/slo-pattern': 'async',
  'lambda-ops/dlq': 'billing-events-dlq',
};
const NIGHTLY_REPORT = {
  'aws.com/lambda-function-name': 'nightly-report',
  'aws.com/lambda-region': 'us-east-1',
  'lambda-ops/slo-pattern': 'batch',
  'lambda-ops/batch-deadline': '05:20 UTC',
};

const ROWS = [
  { purpose: 'page-1h-5m', long: [3600, 1], short: [300, 1] },
  { purpose: 'page-6h-30m', long: [21600, 1], short: [1800, 1] },
  // 3 days: three 1-day datapoints that must all breach.
  { purpose: 'ticket-3d-6h', long: [86400, 3], short: [21600, 1] },
];

describe('generateAlarmTemplate', () => {
  describe('for an api entity', () => {
    it.each([
      ['30d', 30, [14.4, 6, 1]],
      ['28d', 28, [13.44, 5.6, 0.9333333333]],
    ])(
      'writes the three Workbook rows as two window alarms and a composite each, with the thresholds of a %s window',
      (window, days, expected) => {
        const { byName } = generate({
          ...CHECKOUT_API,
          'lambda-ops/slo-window': window,
        });
        ROWS.forEach((row, i) => {
          const severity = WORKBOOK_BURN_RATE_WINDOWS[i].severity;
          const base = `checkout-api-availability-${row.purpose}`;
          const composite = byName.get(base)!;
          const long = byName.get(`${base}-long`)!;
          const short = byName.get(`${base}-short`)!;
          const threshold = burnRateThreshold(
            days * DAY,
            WORKBOOK_BURN_RATE_WINDOWS[i],
          );
          expect(threshold).toBeCloseTo(expected[i], 8);

          for (const [part, [period, periods]] of [
            [long, row.long],
            [short, row.short],
          ] as const) {
            expect(part.Type).toBe('AWS::CloudWatch::Alarm');
            expect(part.Properties.Threshold).toBeCloseTo(threshold, 8);
            expect(part.Properties.ComparisonOperator).toBe(
              'GreaterThanThreshold',
            );
            expect(part.Properties.ActionsEnabled).toBe(false);
            expect(part.Properties.EvaluationPeriods).toBe(periods);
            expect(part.Properties.DatapointsToAlarm).toBe(periods);
            const metrics = part.Properties.Metrics as any[];
            expect(
              metrics
                .filter(m => m.MetricStat)
                .map(m => [
                  m.MetricStat.Metric.MetricName,
                  m.MetricStat.Stat,
                  m.MetricStat.Period,
                ]),
            ).toEqual([
              ['Invocations', 'Sum', period],
              ['Errors', 'Sum', period],
              ['Throttles', 'Sum', period],
            ]);
            const returned = metrics.filter(m => m.ReturnData);
            expect(returned).toHaveLength(1);
            expect(returned[0].Expression).toBe(
              '(FILL(errors, 0) + FILL(throttles, 0)) / (FILL(invocations, 0) + FILL(throttles, 0)) / 0.001',
            );
            expect(part.Properties.Tags).toEqual([
              { Key: 'severity', Value: severity },
            ]);
          }

          expect(composite.Type).toBe('AWS::CloudWatch::CompositeAlarm');
          expect(composite.Properties.AlarmRule).toBe(
            `ALARM("${base}-long") AND ALARM("${base}-short")`,
          );
          expect(composite.DependsOn).toEqual([long.id, short.id]);
          expect(composite.Properties.ActionsEnabled).toBe(true);
          expect(composite.Properties.Tags).toEqual([
            { Key: 'severity', Value: severity },
          ]);
        });
      },
    );

    it('divides by the allowed bad ratio of the entity target', () => {
      const { byName } = generate({
        ...CHECKOUT_API,
        'lambda-ops/slo-availability': '99.95',
      });
      const part = byName.get('checkout-api-availability-page-1h-5m-long')!;
      expect(
        (part.Properties.Metrics as any[]).find(m => m.ReturnData).Expression,
      ).toMatch(/\/ 0\.0005$/);
    });

    it('adds a latency ticket (p95 at or over the objective in 3 of 5 periods) and a throttles ticket', () => {
      const { byName } = generate({
        ...CHECKOUT_API,
        'lambda-ops/slo-latency': 'p99<800ms@99',
      });
      expect(
        byName.get('checkout-api-latency-p99-ticket')!.Properties,
      ).toMatchObject({
        MetricName: 'Duration',
        ExtendedStatistic: 'p99',
        Period: 300,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
        Threshold: 800,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(
        byName.get('checkout-api-throttles-ticket')!.Properties,
      ).toMatchObject({
        MetricName: 'Throttles',
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it('watches the alias through the Resource dimension', () => {
      const { resources } = generate(CHECKOUT_API);
      const dimensionSets = Object.values(resources)
        .filter(r => r.Type === 'AWS::CloudWatch::Alarm')
        .flatMap(r =>
          r.Properties.Metrics
            ? r.Properties.Metrics.filter((m: any) => m.MetricStat).map(
                (m: any) => m.MetricStat.Metric.Dimensions,
              )
            : [r.Properties.Dimensions],
        );
      expect(dimensionSets.length).toBeGreaterThan(9);
      for (const dimensions of dimensionSets) {
        expect(dimensions).toEqual([
          { Name: 'FunctionName', Value: 'checkout-api' },
          { Name: 'Resource', Value: 'checkout-api:PROD' },
        ]);
      }
    });

    it('watches FunctionName alone when no alias is set', () => {
      const { byName } = generate({
        'aws.com/lambda-function-name': 'orders-api',
        'aws.com/lambda-region': 'us-east-1',
      });
      expect(
        byName.get('orders-api-throttles-ticket')!.Properties.Dimensions,
      ).toEqual([{ Name: 'FunctionName', Value: 'orders-api' }]);
    });

    it('cites the Workbook and the generated values in the header', () => {
      const { template } = generate({
        ...CHECKOUT_API,
        'lambda-ops/slo-window': '28d',
      });
      const header = template.yaml.slice(
        0,
        template.yaml.indexOf('\nResources:'),
      );
      expect(header).toContain('component:default/entity');
      expect(header).toContain('https://sre.google/workbook/alerting-on-slos/');
      expect(header).toContain('SLO window: 28d');
      expect(header).toContain('99.9 %');
      expect(header).toMatch(/page\s+1h \/ 5m\s+13\.44/);
      expect(header).toMatch(/ticket\s+3d \/ 6h\s+0\.933333333/);
      expect(header).toMatch(
        /Period 86400 ×[\s#]+EvaluationPeriods 3[\s#]+with[\s#]+DatapointsToAlarm 3/,
      );
    });
  });

  describe.each([
    ['api', CHECKOUT_API],
    ['async', BILLING_EVENTS],
    ['batch', NIGHTLY_REPORT],
  ])('for every alarm of a %s entity', (_pattern, annotations) => {
    const { template, resources } = generate(annotations);
    const all = Object.entries(resources);

    it('has a severity tag and the runbook section in its description', () => {
      expect(all.length).toBeGreaterThan(0);
      for (const [, { Properties }] of all) {
        expect(Properties.Tags).toEqual([
          { Key: 'severity', Value: expect.stringMatching(/^(page|ticket)$/) },
        ]);
        expect(Properties.AlarmDescription).toContain(`Runbook: ${TRIAGE}`);
        expect(
          extractRunbookUrl({ description: Properties.AlarmDescription }),
        ).toBe(TRIAGE);
        expect(Properties.AlarmDescription.length).toBeLessThanOrEqual(1024);
      }
      expect(template.warnings).toEqual([]);
    });

    it('has a unique deterministic name, <function>-<purpose>, that also says its severity', () => {
      const names = all.map(([, r]) => r.Properties.AlarmName as string);
      expect(new Set(names).size).toBe(names.length);
      for (const [, { Properties }] of all) {
        const fn = template.alarms[0].functionName;
        expect(Properties.AlarmName.startsWith(`${fn}-`)).toBe(true);
        expect(Properties.AlarmName.length).toBeLessThanOrEqual(255);
        expect(
          classifyAlarmSeverity({ name: Properties.AlarmName, tags: [] }),
        ).toEqual({ severity: Properties.Tags[0].Value, source: 'name' });
      }
      expect(generateAlarmTemplate(options(annotations)).yaml).toBe(
        template.yaml,
      );
    });

    it('is listed for the UI with its logical id, name and severity', () => {
      expect(
        template.alarms.map(a => [a.logicalId, a.name, a.severity]),
      ).toEqual(
        all.map(([id, r]) => [
          id,
          r.Properties.AlarmName,
          r.Properties.Tags[0].Value,
        ]),
      );
      for (const [id] of all) {
        expect(id).toMatch(/^[A-Za-z0-9]+$/);
      }
    });
  });

  describe('for an async entity', () => {
    it('has no burn-rate alarms, and DeadLetterErrors, AsyncEventAge and DLQ tickets instead', () => {
      const { template, byName, resources } = generate(BILLING_EVENTS);
      expect(
        Object.values(resources).some(
          r =>
            r.Type === 'AWS::CloudWatch::CompositeAlarm' ||
            r.Properties.Metrics,
        ),
      ).toBe(false);
      expect(template.yaml).toMatch(
        /# .*No burn-rate alarms: failed deliveries are zero-tolerance/,
      );
      expect(
        byName.get('billing-events-dead-letter-errors-ticket')!.Properties,
      ).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'DeadLetterErrors',
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      expect(
        byName.get('billing-events-async-event-age-ticket')!.Properties,
      ).toMatchObject({
        MetricName: 'AsyncEventAge',
        Statistic: 'Maximum',
        Threshold: 300_000,
      });
      expect(
        byName.get('billing-events-dlq-messages-ticket')!.Properties,
      ).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: 'billing-events-dlq' }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      expect(byName.get('billing-events-throttles-ticket')).toBeDefined();
      expect(template.alarms.every(a => a.severity === 'ticket')).toBe(true);
    });

    it('watches IteratorAge for a stream and the queue age for a source queue', () => {
      const stream = generate({
        ...BILLING_EVENTS,
        'lambda-ops/event-source': 'stream',
        'lambda-ops/slo-event-age': '2m@99',
      }).byName;
      expect(
        stream.get('billing-events-iterator-age-ticket')!.Properties,
      ).toMatchObject({
        MetricName: 'IteratorAge',
        Statistic: 'Maximum',
        Threshold: 120_000,
      });
      expect(stream.has('billing-events-async-event-age-ticket')).toBe(false);

      const queue = generate({
        ...BILLING_EVENTS,
        'lambda-ops/source-queue': 'billing-events-in',
      }).byName;
      expect(
        queue.get('billing-events-source-queue-age-ticket')!.Properties,
      ).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: 'billing-events-in' }],
        Threshold: 300,
      });
    });

    it('watches the dead-letter queue once, however many functions share it', () => {
      const { template } = generate({
        ...BILLING_EVENTS,
        'aws.com/lambda-function-name': 'billing-events, billing-retries',
      });
      expect(template.alarms.filter(a => a.kind === 'dlq-messages')).toEqual([
        expect.objectContaining({ name: 'billing-events-dlq-messages-ticket' }),
      ]);
      expect(
        template.alarms.filter(a => a.kind === 'dead-letter-errors'),
      ).toHaveLength(2);
    });
  });

  describe('for a batch entity', () => {
    it('has no burn-rate alarms, says why, and opens a ticket for a failed run', () => {
      const { template, byName, resources } = generate(NIGHTLY_REPORT);
      expect(
        template.alarms.filter(a => a.kind.startsWith('burn-rate')),
      ).toEqual([]);
      expect(Object.values(resources).some(r => r.Properties.Metrics)).toBe(
        false,
      );
      expect(template.yaml).toMatch(/# .*batch\. No burn-rate alarms: /);
      expect(
        byName.get('nightly-report-errors-ticket')!.Properties,
      ).toMatchObject({
        MetricName: 'Errors',
        Statistic: 'Sum',
        Period: 86_400,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        Tags: [{ Key: 'severity', Value: 'ticket' }],
      });
    });

    it('pages on a failed run when told to', () => {
      const { byName } = generate(NIGHTLY_REPORT, {
        batchErrorsSeverity: 'page',
      });
      expect(byName.get('nightly-report-errors-page')!.Properties.Tags).toEqual(
        [{ Key: 'severity', Value: 'page' }],
      );
    });
  });

  describe('without a runbook', () => {
    it('says so in every description and warns', () => {
      const { template, resources } = generate(CHECKOUT_API, {
        runbookUrl: null,
      });
      for (const { Properties } of Object.values(resources)) {
        expect(Properties.AlarmDescription).toMatch(
          /Runbook: \(none — set lambda-ops\/runbook on the entity\)$/,
        );
        expect(
          extractRunbookUrl({ description: Properties.AlarmDescription }),
        ).toBeNull();
      }
      expect(template.alarms.every(a => a.runbookUrl === null)).toBe(true);
      expect(template.warnings).toEqual([
        expect.stringContaining('No runbook'),
      ]);
    });

    it('treats a runbook that is not an http(s) URL as none', () => {
      const { template } = generate(CHECKOUT_API, {
        runbookUrl: './docs/runbook.md',
      });
      expect(template.alarms[0].runbookUrl).toBeNull();
      expect(template.warnings).toEqual([
        expect.stringContaining('not an http(s) URL'),
      ]);
    });
  });

  it('links another runbook section, replacing a fragment in the URL', () => {
    const { template } = generate(CHECKOUT_API, {
      runbookUrl: `${RUNBOOK}#old`,
      runbookSection: 'b-stop-the-bleeding-safest-first',
    });
    expect(template.alarms[0].runbookUrl).toBe(
      `${RUNBOOK}#b-stop-the-bleeding-safest-first`,
    );
  });

  it('uses the configured severity tag key', () => {
    const { resources } = generate(CHECKOUT_API, {
      severityTagKey: 'alert-level',
    });
    for (const { Properties } of Object.values(resources)) {
      expect(Properties.Tags[0].Key).toBe('alert-level');
    }
  });

  it('gives actions to the alarms that notify, never to the window parts', () => {
    const page = ['arn:aws:sns:us-east-1:123456789012:oncall-page'];
    const ticket = ['arn:aws:sns:us-east-1:123456789012:oncall-ticket'];
    const { template, byName } = generate(CHECKOUT_API, {
      alarmActions: { page, ticket },
    });
    const actionsOf = (notifies: boolean) =>
      template.alarms
        .filter(alarm => alarm.notifies === notifies)
        .map(alarm => ({
          kind: alarm.kind,
          severity: alarm.severity,
          ActionsEnabled: byName.get(alarm.name)!.Properties.ActionsEnabled,
          AlarmActions: byName.get(alarm.name)!.Properties.AlarmActions,
        }));
    for (const alarm of actionsOf(true)) {
      expect(alarm).toEqual({
        kind: expect.not.stringMatching(/^burn-rate-window$/),
        severity: alarm.severity,
        ActionsEnabled: true,
        AlarmActions: alarm.severity === 'page' ? page : ticket,
      });
    }
    expect(actionsOf(false)).toHaveLength(6);
    for (const alarm of actionsOf(false)) {
      expect(alarm).toEqual({
        kind: 'burn-rate-window',
        severity: alarm.severity,
        ActionsEnabled: false,
        AlarmActions: undefined,
      });
    }
  });

  it('keeps names apart for two aliases of one function, and within 255 characters', () => {
    const settings = parseLambdaOpsAnnotations({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', annotations: CHECKOUT_API },
    });
    const longAlias = 'A'.repeat(128);
    const template = generateAlarmTemplate({
      functions: [
        {
          name: 'checkout-api',
          region: 'us-east-1',
          accountId: null,
          qualifier: 'PROD',
        },
        {
          name: 'checkout-api',
          region: 'us-east-1',
          accountId: null,
          qualifier: longAlias,
        },
      ],
      settings,
      runbookUrl: RUNBOOK,
      entityName: 'checkout-api',
    });
    const names = template.alarms.map(a => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('checkout-api-PROD-throttles-ticket');
    expect(Math.max(...names.map(n => n.length))).toBeLessThanOrEqual(255);
    const ids = template.alarms.map(a => a.logicalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(template.warnings).toEqual([]);
  });

  it('warns when the functions span regions, and when there are none', () => {
    const settings = options(CHECKOUT_API).settings;
    expect(
      generateAlarmTemplate({
        functions: [
          { name: 'a', region: 'us-east-1', accountId: null, qualifier: null },
          { name: 'b', region: 'eu-west-1', accountId: null, qualifier: null },
        ],
        settings,
        runbookUrl: RUNBOOK,
        entityName: 'x',
      }).warnings,
    ).toEqual([expect.stringContaining('2 places (us-east-1, eu-west-1)')]);

    const empty = generateAlarmTemplate({
      functions: [],
      settings,
      runbookUrl: RUNBOOK,
      entityName: 'x',
    });
    expect(empty.alarms).toEqual([]);
    expect(parse(empty.yaml)).toEqual({ Resources: {} });
    expect(empty.warnings).toEqual([
      expect.stringContaining('names no Lambda function'),
    ]);
  });

  it('quotes strings that CloudFormation would read as booleans', () => {
    const { template } = generate({
      'aws.com/lambda-function-name': 'yes',
      'aws.com/lambda-region': 'us-east-1',
    });
    expect(template.yaml).toContain('Value: "yes"');
  });
});

describe('alarmTemplateFileName', () => {
  it.each([
    ['orders-api', 'orders-api-alarms.yaml'],
    ['orders/../api name', 'orders-..-api-name-alarms.yaml'],
  ])('names the file of %j %j', (name, fileName) => {
    expect(alarmTemplateFileName(name)).toBe(fileName);
  });
});
