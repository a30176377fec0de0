import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import {
  excludeFromSli,
  exclusionOccurrences,
  toExclusionWindows,
} from '../exclusions/exclusionWindows';
import type { LambdaFunctionRef, Slo } from '../types';
import { completionSeries, runsFromMetrics } from './batchCompletion';
import {
  evaluateSlo,
  evaluateZeroTolerance,
  SloEvaluation,
} from './evaluateSlo';
import type { SliData } from './sliHistory';
import {
  availabilitySeries,
  forEachDatapoint,
  MetricPoints,
  PeriodGrid,
  successSeries,
  thresholdSeries,
} from './sliSeries';

/**
 * The raw statistics an SLO pattern is computed from, by query id.
 *
 * @public
 */
export type SloMetric =
  | 'invocations'
  | 'errors'
  | 'throttles'
  | 'latency'
  | 'maxDuration'
  | 'eventAge'
  | 'deadLetterErrors'
  | 'destinationDeliveryFailures'
  | 'asyncEventsDropped'
  | 'dlqMessages';

/** Datapoints of a function's SLO metrics, by query id. @public */
export type SloDatapoints = Partial<Record<SloMetric, MetricPoints>>;

/** What was fetched, and where the published data ends. @public */
export interface SloWindow {
  /** The whole window in coarse periods. */
  coarse: PeriodGrid;
  /** The newest hours in 1-minute periods, for the patterns that read them. */
  recent?: PeriodGrid;
  /** End of the published data, epoch ms: every window ends there or just before. */
  end: number;
  days: number;
  /** Fewest requests a burn-rate row's long window needs to fire. */
  minEvents: number;
  /** Whether the SLOs carry their budget's burn-down (see `evaluateSlo`); true unless set. */
  withBurnDown?: boolean;
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

/** The sum of the datapoints' values. @public */
export function sumOfDatapoints(points: MetricPoints | undefined): number {
  let total = 0;
  forEachDatapoint(points, (_, value) => {
    total += value;
  });
  return total;
}

/** The newest datapoint's value; the later of two at the same time; 0 without one. */
function latest(points: MetricPoints | undefined): number {
  let newestTs = -Infinity;
  let value = 0;
  forEachDatapoint(points, (ts, v) => {
    if (ts >= newestTs) {
      newestTs = ts;
      value = v;
    }
  });
  return value;
}

function formatSeconds(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/**
 * A function's SLOs for its pattern, evaluated from raw datapoints with the SLO math of
 * lambda-ops-common. Pure: the datapoints come from the coarse and the recent
 * GetMetricData calls. Only request-based SLIs read the recent minutes; a period-based
 * SLI keeps its own periods. Zero-tolerance objectives (failed deliveries) have no budget
 * to burn: any failure breaches them.
 *
 * @public
 */
export function evaluatePatternSlos(
  fn: LambdaFunctionRef,
  settings: LambdaOpsEntitySettings,
  window: SloWindow,
  datapoints: { coarse: SloDatapoints; recent: SloDatapoints },
): Slo[] {
  const data = datapoints.coarse;
  const grid = window.coarse;
  const sloWindowSeconds = window.days * 86_400;
  // Maintenance leaves every series: the budget, the burn rates, the low-traffic guard
  // and the start of a burn all see the same time.
  const exclusions = exclusionOccurrences(settings.exclusionWindows, {
    start: grid.start,
    end: window.end,
  });
  const excluded = <T extends SliData>(sli: T) =>
    excludeFromSli(sli, exclusions);
  const exclusionWindows = toExclusionWindows(
    exclusions.filter(o => o.end > window.end - sloWindowSeconds * 1000),
  );
  // A period-based SLI minute by minute, to date the start of a burn.
  const minuteVerdicts = (metric: SloMetric, threshold: number) =>
    window.recent &&
    excluded(
      thresholdSeries(window.recent, datapoints.recent[metric], threshold),
    );
  const over = `over ${window.days} days`;
  const periodMinutes = grid.periodSeconds / 60;
  const common = {
    end: window.end,
    sloWindowSeconds,
    minEvents: window.minEvents,
    withBurnDown: window.withBurnDown,
  };
  // The requests behind a period-based SLI, which the low-traffic guard counts.
  const traffic = excluded(
    availabilitySeries(grid, {
      invocations: data.invocations,
      throttles: data.throttles,
    }),
  );
  const slo = (
    objective: Slo['objective'],
    target: number,
    evaluation: Slo['evaluation'],
    description: string,
    result: SloEvaluation,
    counts: Slo['counts'] = [],
    budgetKind: Slo['budgetKind'] = 'ratio',
  ): Slo => ({
    id: `${fn.name}:${objective}`,
    source: 'cloudwatch',
    objective,
    description,
    target,
    window: `${window.days}d`,
    evaluation,
    ...result,
    counts,
    budgetKind,
    // Set once the function's changes are known (see deployBeforeBurn).
    deployBeforeBurn: null,
    // A lost event is lost during maintenance too.
    exclusionWindows: budgetKind === 'ratio' ? exclusionWindows : [],
  });

  if (settings.pattern === 'api') {
    const { latency } = settings;
    return [
      slo(
        'availability',
        settings.availabilityTarget,
        'request',
        `${percent(settings.availabilityTarget)} of requests succeed ${over}`,
        evaluateSlo(
          excluded({
            coarse: availabilitySeries(grid, data),
            recent:
              window.recent &&
              availabilitySeries(window.recent, datapoints.recent),
          }),
          {
            ...common,
            target: settings.availabilityTarget,
            unit: 'requests',
          },
        ),
      ),
      slo(
        'latency',
        latency.target,
        'period',
        `${latency.statistic} Duration under ${
          latency.thresholdMs
        } ms in ${percent(
          latency.target,
        )} of ${periodMinutes}-minute periods ${over}`,
        evaluateSlo(
          excluded(thresholdSeries(grid, data.latency, latency.thresholdMs)),
          {
            ...common,
            target: latency.target,
            unit: 'minutes',
            traffic,
            burnStartSli: minuteVerdicts('latency', latency.thresholdMs),
          },
        ),
      ),
    ];
  }
  if (settings.pattern === 'async') {
    const { eventAge } = settings;
    const sqsAge = settings.eventAgeSource === 'source-queue';
    // SQS reports ages in seconds, Lambda in milliseconds.
    const threshold = eventAge.thresholdSeconds * (sqsAge ? 1 : 1000);
    const source = sqsAge
      ? `age of the oldest message in ${settings.sourceQueue?.name}`
      : `${
          settings.eventAgeSource === 'iterator-age'
            ? 'IteratorAge'
            : 'AsyncEventAge'
        }`;
    const counts = [
      {
        label: 'DeadLetterErrors',
        value: sumOfDatapoints(data.deadLetterErrors),
      },
      {
        label: 'DestinationDeliveryFailures',
        value: sumOfDatapoints(data.destinationDeliveryFailures),
      },
      {
        label: 'AsyncEventsDropped',
        value: sumOfDatapoints(data.asyncEventsDropped),
      },
      ...(settings.deadLetterQueue
        ? [
            {
              label: `Messages in DLQ ${settings.deadLetterQueue.name}`,
              value: latest(data.dlqMessages),
            },
          ]
        : []),
    ];
    return [
      slo(
        'event-age',
        eventAge.target,
        'period',
        `Event age (${source}) under ${formatSeconds(
          eventAge.thresholdSeconds,
        )} in ${percent(
          eventAge.target,
        )} of ${periodMinutes}-minute periods ${over}`,
        evaluateSlo(excluded(thresholdSeries(grid, data.eventAge, threshold)), {
          ...common,
          target: eventAge.target,
          unit: 'minutes',
          traffic,
          burnStartSli: minuteVerdicts('eventAge', threshold),
        }),
      ),
      slo(
        'failed-deliveries',
        1,
        'request',
        `No event lost ${over}: zero dead-letter errors, failed destination deliveries, dropped events${
          settings.deadLetterQueue ? ' or messages waiting in the DLQ' : ''
        }`,
        evaluateZeroTolerance(counts.reduce((total, c) => total + c.value, 0)),
        counts,
        'zero-tolerance',
      ),
    ];
  }
  // The batch pattern.
  // Jobs run too rarely for hour-long burn-rate windows to mean anything; a batch job
  // alarms on the run itself.
  const batch = { ...common, unit: 'runs' as const, burnRateWindows: [] };
  const slos = [
    slo(
      'success-rate',
      settings.successRateTarget,
      'request',
      `${percent(settings.successRateTarget)} of runs succeed ${over}`,
      evaluateSlo(excluded(successSeries(grid, data)), {
        ...batch,
        target: settings.successRateTarget,
      }),
    ),
  ];
  const deadline = settings.batchDeadline;
  if (deadline) {
    const runs = runsFromMetrics(grid, data);
    const time = `${String(deadline.hour).padStart(2, '0')}:${String(
      deadline.minute,
    ).padStart(2, '0')} ${deadline.zone}`;
    slos.push(
      slo(
        'completion',
        deadline.target,
        'request',
        `${percent(deadline.target)} of daily runs finish by ${time} ${over}`,
        evaluateSlo(
          excluded(
            completionSeries(runs, deadline, {
              start: common.end - common.sloWindowSeconds * 1000,
              end: common.end,
            }),
          ),
          { ...batch, target: deadline.target },
        ),
      ),
    );
  }
  return slos;
}
