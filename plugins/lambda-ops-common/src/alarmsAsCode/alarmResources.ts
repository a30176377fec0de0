import { formatDurationSeconds } from '../duration';
import { lambdaFunctionDimensions, MetricDimension } from '../lambdaDimensions';
import type { BurnRateWindow } from '../slo/burnRates';
import { burnRateThreshold } from '../slo/burnRates';
import { allowedBadRatio } from '../slo/requestBased';
import { alarmName, LogicalIds } from './alarmNames';
import type {
  AlertSeverity,
  GeneratedAlarm,
  GeneratedAlarmKind,
  LambdaFunctionRef,
} from '../types';

const DAY = 86_400;
const HOUR = 3_600;
/** CloudWatch: "Period multiplied by EvaluationPeriods can't be more than 604,800 seconds." */
const MAX_EVALUATION_RANGE = 7 * DAY;
/** CloudWatch: "AlarmDescription … Maximum length of 1024." */
const MAX_DESCRIPTION_LENGTH = 1024;
/** The period of the period-based SLIs (latency, event age): 5 minutes, as in the SLO math. */
export const SLI_PERIOD = 300;

export type CfnDimension = MetricDimension;

export interface CfnTag {
  Key: string;
  Value: string;
}

/** One CloudFormation resource of the template. */
export interface CfnAlarmResource {
  Type: 'AWS::CloudWatch::Alarm' | 'AWS::CloudWatch::CompositeAlarm';
  DependsOn?: string[];
  Properties: Record<string, unknown>;
}

/** An alarm of the template: what the UI shows, the resource, and a comment above it. */
export interface AlarmEntry {
  alarm: GeneratedAlarm;
  resource: CfnAlarmResource;
  comment?: string;
}

/** What every alarm of one function shares. */
export interface FunctionAlarmContext {
  fn: LambdaFunctionRef;
  /** Alarm names start with it: the function name (with its qualifier if names clash). */
  nameBase: string;
  ids: LogicalIds;
  entityName: string;
  severityTagKey: string;
  /** The runbook section's URL, or null when the entity has no runbook. */
  runbookUrl: string | null;
  /** The text that stands where the runbook URL would. */
  noRunbookText: string;
  alarmActions: Partial<Record<AlertSeverity, string[]>>;
}

/** How an alarm reads a window of the burn-rate table. */
export interface WindowEvaluation {
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  /** True when one datapoint covers the whole window, so the burn rate is exact. */
  exact: boolean;
}

/**
 * Metric math has no rolling sum, so a window is exact only as one datapoint whose Period is
 * the window, and an alarm Period is at most a day. Longer windows (the ticket row's 3 days)
 * become whole days that must all breach: each day's ratio over the threshold implies the
 * ratio of the sums is too, so the alarm never fires early — but a burn packed into one day
 * is left to the page rows.
 */
export function windowEvaluation(windowSeconds: number): WindowEvaluation {
  if (windowSeconds <= 0 || windowSeconds % 60 !== 0) {
    throw new Error(
      `A burn-rate window must be a positive multiple of 60 seconds, got ${windowSeconds}`,
    );
  }
  if (windowSeconds <= DAY) {
    return {
      period: windowSeconds,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      exact: true,
    };
  }
  const period = windowSeconds % DAY === 0 ? DAY : HOUR;
  if (windowSeconds % period !== 0 || windowSeconds > MAX_EVALUATION_RANGE) {
    throw new Error(
      `A burn-rate window over a day must be whole hours and at most 7 days (CloudWatch's evaluation range), got ${formatDurationSeconds(
        windowSeconds,
      )}`,
    );
  }
  const periods = windowSeconds / period;
  return {
    period,
    evaluationPeriods: periods,
    datapointsToAlarm: periods,
    exact: false,
  };
}

/** Thresholds without binary noise (13.440000000000001 → 13.44). */
export function roundThreshold(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function severityLabel(severity: AlertSeverity): string {
  return severity === 'page' ? 'Page' : 'Ticket';
}

/**
 * The description ends with the runbook, so the first http(s) URL in it is the runbook and
 * nothing after it can be mistaken for part of the URL. Prose is cut, never the URL.
 */
function description(ctx: FunctionAlarmContext, prose: string): string {
  const runbook = `Runbook: ${ctx.runbookUrl ?? ctx.noRunbookText}`;
  const room = MAX_DESCRIPTION_LENGTH - runbook.length - 1;
  const text = prose.length > room ? `${prose.slice(0, room - 1)}…` : prose;
  return `${text} ${runbook}`;
}

function actions(ctx: FunctionAlarmContext, severity: AlertSeverity) {
  const targets = ctx.alarmActions[severity] ?? [];
  return targets.length > 0
    ? { AlarmActions: [...targets], OKActions: [...targets] }
    : {};
}

function tags(ctx: FunctionAlarmContext, severity: AlertSeverity): CfnTag[] {
  return [{ Key: ctx.severityTagKey, Value: severity }];
}

function generated(
  ctx: FunctionAlarmContext,
  fields: Omit<GeneratedAlarm, 'functionName' | 'runbookUrl'>,
): GeneratedAlarm {
  return {
    ...fields,
    functionName: ctx.fn.name,
    runbookUrl: ctx.runbookUrl,
  };
}

/** A single-metric alarm that notifies on its own. */
export function metricAlarm(
  ctx: FunctionAlarmContext,
  spec: {
    purpose: string;
    kind: GeneratedAlarmKind;
    severity: AlertSeverity;
    summary: string;
    namespace: string;
    metricName: string;
    dimensions: CfnDimension[];
    /** `Sum`, `Maximum`, or a percentile such as `p95` (an ExtendedStatistic). */
    statistic: string;
    period: number;
    evaluationPeriods?: number;
    datapointsToAlarm?: number;
    threshold: number;
    comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold';
    comment?: string;
  },
): AlarmEntry {
  const name = alarmName(ctx.nameBase, spec.purpose);
  const logicalId = ctx.ids.next(ctx.nameBase, spec.purpose);
  const percentile = /^p\d/.test(spec.statistic);
  const evaluationPeriods = spec.evaluationPeriods ?? 1;
  return {
    alarm: generated(ctx, {
      logicalId,
      name,
      type: 'metric',
      kind: spec.kind,
      severity: spec.severity,
      notifies: true,
      summary: spec.summary,
    }),
    comment: spec.comment,
    resource: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: name,
        AlarmDescription: description(
          ctx,
          `${severityLabel(spec.severity)} — ${spec.summary} Entity: ${
            ctx.entityName
          }.`,
        ),
        ActionsEnabled: true,
        ...actions(ctx, spec.severity),
        Namespace: spec.namespace,
        MetricName: spec.metricName,
        Dimensions: spec.dimensions,
        ...(percentile
          ? { ExtendedStatistic: spec.statistic }
          : { Statistic: spec.statistic }),
        Period: spec.period,
        EvaluationPeriods: evaluationPeriods,
        DatapointsToAlarm: spec.datapointsToAlarm ?? evaluationPeriods,
        Threshold: spec.threshold,
        ComparisonOperator: spec.comparison,
        // No datapoint: nothing was throttled, dead-lettered or late — or no traffic at all.
        TreatMissingData: 'notBreaching',
        Tags: tags(ctx, spec.severity),
      },
    },
  };
}

/** A ticket when p95 `Duration` breaks the latency objective in 3 of 5 periods. */
export function latencyAlarm(
  ctx: FunctionAlarmContext,
  latency: { statistic: string; thresholdMs: number },
): AlarmEntry {
  return metricAlarm(ctx, {
    purpose: `latency-${latency.statistic}-ticket`,
    kind: 'latency',
    severity: 'ticket',
    summary: `${ctx.fn.name}: ${latency.statistic} Duration at or over ${latency.thresholdMs} ms in 3 of the last 5 five-minute periods (latency objective).`,
    namespace: 'AWS/Lambda',
    metricName: 'Duration',
    dimensions: lambdaFunctionDimensions(ctx.fn),
    statistic: latency.statistic,
    period: SLI_PERIOD,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    threshold: latency.thresholdMs,
    // A period is bad when its statistic breaks the threshold (≥), as in the SLO math.
    comparison: 'GreaterThanOrEqualToThreshold',
    comment:
      'Latency is a period-based SLO: an alarm cannot count bad periods over the SLO window, so a sustained breach (3 of 5 periods) opens a ticket.',
  });
}

/** The Lambda count metrics of availability, summed over one window. */
function availabilityMetrics(ctx: FunctionAlarmContext, period: number) {
  const stat = (id: string, metricName: string) => ({
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: lambdaFunctionDimensions(ctx.fn),
      },
      Period: period,
      Stat: 'Sum',
    },
    ReturnData: false,
  });
  return [
    stat('invocations', 'Invocations'),
    stat('errors', 'Errors'),
    stat('throttles', 'Throttles'),
  ];
}

/**
 * One row of the Workbook table for the availability SLO: an alarm per window computing
 * the burn rate with metric math, and a composite that fires when both do.
 */
export function availabilityBurnRateRow(
  ctx: FunctionAlarmContext,
  slo: { target: number; windowDays: number },
  row: BurnRateWindow,
): AlarmEntry[] {
  const threshold = roundThreshold(
    burnRateThreshold(slo.windowDays * DAY, row),
  );
  const allowed = allowedBadRatio(slo.target);
  const long = formatDurationSeconds(row.longWindowSeconds);
  const short = formatDurationSeconds(row.shortWindowSeconds);
  const rowPurpose = `availability-${row.severity}-${long}-${short}`;
  const compositeName = alarmName(ctx.nameBase, rowPurpose);
  const budgetPercent = `${+(row.budgetFraction * 100).toFixed(4)} %`;
  const targetPercent = `${+(slo.target * 100).toFixed(6)} %`;

  const part = (which: 'long' | 'short', seconds: number): AlarmEntry => {
    const window = formatDurationSeconds(seconds);
    const evaluation = windowEvaluation(seconds);
    const name = alarmName(ctx.nameBase, `${rowPurpose}-${which}`);
    const summary = `${
      ctx.fn.name
    }: availability burn rate over ${window} above ${threshold}${
      evaluation.exact
        ? ''
        : ` in each of ${
            evaluation.evaluationPeriods
          } periods of ${formatDurationSeconds(evaluation.period)}`
    }.`;
    return {
      alarm: generated(ctx, {
        logicalId: ctx.ids.next(ctx.nameBase, rowPurpose, which),
        name,
        type: 'metric',
        kind: 'burn-rate-window',
        severity: row.severity,
        notifies: false,
        summary,
      }),
      resource: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: name,
          AlarmDescription: description(
            ctx,
            `Window alarm (${which}, ${window}) of ${compositeName}; it does not notify on its own. ${summary} Entity: ${ctx.entityName}.`,
          ),
          ActionsEnabled: false,
          Metrics: [
            ...availabilityMetrics(ctx, evaluation.period),
            {
              Id: 'burnRate',
              Label: `Availability burn rate (${window} window, target ${targetPercent})`,
              // (bad / total) / (1 − target); bad = Errors + Throttles, total = Invocations
              // + Throttles. FILL: Lambda publishes no datapoint when there is nothing to count.
              Expression: `(FILL(errors, 0) + FILL(throttles, 0)) / (FILL(invocations, 0) + FILL(throttles, 0)) / ${allowed}`,
              ReturnData: true,
            },
          ],
          EvaluationPeriods: evaluation.evaluationPeriods,
          DatapointsToAlarm: evaluation.datapointsToAlarm,
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanThreshold',
          // No traffic in the window burns no budget.
          TreatMissingData: 'notBreaching',
          Tags: tags(ctx, row.severity),
        },
      },
    };
  };

  const longPart = part('long', row.longWindowSeconds);
  const shortPart = part('short', row.shortWindowSeconds);
  longPart.comment = [
    `${severityLabel(
      row.severity,
    )} row ${long}/${short}: burn rate > ${threshold} (${budgetPercent} of the ${
      slo.windowDays
    }-day budget in ${long}) in both windows.`,
    'The two window alarms have ActionsEnabled: false: alone neither is actionable (the short',
    'window fires on every blip, the long one for hours after the fix). Only the composite notifies.',
  ].join('\n');
  const summary = `${ctx.fn.name}: availability (target ${targetPercent}) burns its ${slo.windowDays}-day error budget faster than ${threshold}× over both ${long} and ${short} (${budgetPercent} of the budget in ${long}).`;
  const composite: AlarmEntry = {
    alarm: generated(ctx, {
      logicalId: ctx.ids.next(ctx.nameBase, rowPurpose),
      name: compositeName,
      type: 'composite',
      kind: 'burn-rate',
      severity: row.severity,
      notifies: true,
      summary,
    }),
    resource: {
      Type: 'AWS::CloudWatch::CompositeAlarm',
      // Names are literal (no Ref), so the window alarms must exist first.
      DependsOn: [longPart.alarm.logicalId, shortPart.alarm.logicalId],
      Properties: {
        AlarmName: compositeName,
        AlarmDescription: description(
          ctx,
          `${severityLabel(row.severity)} — ${summary} Entity: ${
            ctx.entityName
          }.`,
        ),
        ActionsEnabled: true,
        ...actions(ctx, row.severity),
        AlarmRule: `ALARM("${longPart.alarm.name}") AND ALARM("${shortPart.alarm.name}")`,
        Tags: tags(ctx, row.severity),
      },
    },
  };
  return [longPart, shortPart, composite];
}
