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
import {
  countedSlis,
  CountedObjective,
  eventAgeThreshold,
} from './countedSlis';
import { newestDatapoint } from './newestDatapoint';
import { countWithinRuns, periodRuns } from './periodRuns';
import type { SettledSloDay } from './settledDays';
import type { SliData } from './sliHistory';
import {
  availabilitySeries,
  forEachDatapoint,
  MetricPoints,
  PeriodGrid,
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

/**
 * The window before the coarse grid, as a fleet refresh keeps it: the window's first
 * periods, then settled days (see `settleSloDays`) up to the grid.
 *
 * @public
 */
export interface EarlierWindow {
  /** The window's first periods, from where the window's grid starts. */
  head: { grid: PeriodGrid; data: SloDatapoints };
  /** The settled days from the head's end to the coarse grid's start, oldest first. */
  days: readonly SettledSloDay[];
}

/** What was fetched, and where the published data ends. @public */
export interface SloWindow {
  /** The whole window in coarse periods; the periods after `earlier` when it is given. */
  coarse: PeriodGrid;
  /** The newest hours in 1-minute periods, for the patterns that read them. */
  recent?: PeriodGrid;
  /**
   * The window before `coarse`, kept as settled days: the budget adds them up instead of
   * reading their periods; every burn-rate window must lie inside `coarse`. The
   * burn-down is left out, and the start of a burn is dated no earlier than `coarse`'s
   * start. Not for the batch pattern (see `settlesDays`).
   */
  earlier?: EarlierWindow;
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

function formatSeconds(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

const DAY_MS = 86_400_000;

function gridEnd(grid: PeriodGrid): number {
  return grid.start + grid.periods * grid.periodSeconds * 1000;
}

/** Throws unless the head, the days and the coarse grid follow each other without a gap. */
function assertContiguous(earlier: EarlierWindow, coarse: PeriodGrid): void {
  let next = gridEnd(earlier.head.grid);
  for (const day of earlier.days) {
    if (day.start !== next) {
      throw new Error(
        `Settled day ${new Date(
          day.start,
        ).toISOString()} does not follow ${new Date(next).toISOString()}`,
      );
    }
    next = day.start + DAY_MS;
  }
  if (next !== coarse.start) {
    throw new Error(
      `The coarse grid starts at ${new Date(
        coarse.start,
      ).toISOString()}, not where the earlier window ends (${new Date(
        next,
      ).toISOString()})`,
    );
  }
}

/**
 * Whether a pattern's SLOs can be evaluated from settled days: not a batch job's, whose
 * runs may cross a day's end.
 *
 * @public
 */
export function settlesDays(settings: LambdaOpsEntitySettings): boolean {
  return settings.pattern !== 'batch';
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
  const { earlier } = window;
  if (earlier) {
    if (!settlesDays(settings)) {
      throw new Error(`The ${settings.pattern} pattern keeps no settled days`);
    }
    assertContiguous(earlier, grid);
  }
  const sloWindowSeconds = window.days * 86_400;
  // Maintenance leaves every series: the budget, the burn rates, the low-traffic guard
  // and the start of a burn all see the same time.
  const exclusions = exclusionOccurrences(settings.exclusionWindows, {
    start: earlier?.head.grid.start ?? grid.start,
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
  const slis = countedSlis(
    settings,
    { grid, data },
    window.recent && { grid: window.recent, data: datapoints.recent },
  );
  const headSlis = earlier && countedSlis(settings, earlier.head);
  // The window's events before the grid: the head's from where the window starts, and
  // the settled days'.
  const countEarlier = (objective: CountedObjective) =>
    earlier &&
    ((windowStart: number) => {
      const head = headSlis?.[objective];
      const counts = head
        ? countWithinRuns(
            periodRuns(excluded(head)),
            windowStart,
            gridEnd(earlier.head.grid),
          )
        : { total: 0, bad: 0 };
      for (const day of earlier.days) {
        counts.total += day.counts[objective]?.total ?? 0;
        counts.bad += day.counts[objective]?.bad ?? 0;
      }
      return counts;
    });
  const counted = (objective: CountedObjective) => ({
    sli: excluded(slis[objective]!),
    countEarlier: countEarlier(objective),
  });
  // Sums and newest values over the whole grid, the earlier window's included.
  const sumOf = (metric: SloMetric) =>
    sumOfDatapoints(data[metric]) +
    (earlier
      ? sumOfDatapoints(earlier.head.data[metric]) +
        earlier.days.reduce((total, day) => total + (day.sums[metric] ?? 0), 0)
      : 0);
  const latestOf = (metric: SloMetric) =>
    (
      newestDatapoint(data[metric]) ??
      [...(earlier?.days ?? [])].reverse().find(day => day.latest[metric])
        ?.latest[metric] ??
      newestDatapoint(earlier?.head.data[metric])
    )?.value ?? 0;
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
    const availability = counted('availability');
    const latencySli = counted('latency');
    return [
      slo(
        'availability',
        settings.availabilityTarget,
        'request',
        `${percent(settings.availabilityTarget)} of requests succeed ${over}`,
        evaluateSlo(availability.sli, {
          ...common,
          target: settings.availabilityTarget,
          unit: 'requests',
          countEarlier: availability.countEarlier,
        }),
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
        evaluateSlo(latencySli.sli, {
          ...common,
          target: latency.target,
          unit: 'minutes',
          traffic,
          burnStartSli: minuteVerdicts('latency', latency.thresholdMs),
          countEarlier: latencySli.countEarlier,
        }),
      ),
    ];
  }
  if (settings.pattern === 'async') {
    const { eventAge } = settings;
    const threshold = eventAgeThreshold(settings);
    const source =
      settings.eventAgeSource === 'source-queue'
        ? `age of the oldest message in ${settings.sourceQueue?.name}`
        : `${
            settings.eventAgeSource === 'iterator-age'
              ? 'IteratorAge'
              : 'AsyncEventAge'
          }`;
    const counts = [
      {
        label: 'DeadLetterErrors',
        value: sumOf('deadLetterErrors'),
      },
      {
        label: 'DestinationDeliveryFailures',
        value: sumOf('destinationDeliveryFailures'),
      },
      {
        label: 'AsyncEventsDropped',
        value: sumOf('asyncEventsDropped'),
      },
      ...(settings.deadLetterQueue
        ? [
            {
              label: `Messages in DLQ ${settings.deadLetterQueue.name}`,
              value: latestOf('dlqMessages'),
            },
          ]
        : []),
    ];
    const eventAgeSli = counted('event-age');
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
        evaluateSlo(eventAgeSli.sli, {
          ...common,
          target: eventAge.target,
          unit: 'minutes',
          traffic,
          burnStartSli: minuteVerdicts('eventAge', threshold),
          countEarlier: eventAgeSli.countEarlier,
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
      evaluateSlo(counted('success-rate').sli, {
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
