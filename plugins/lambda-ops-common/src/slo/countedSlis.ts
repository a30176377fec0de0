import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import type { SloDatapoints } from './patternSlos';
import type { SliData } from './sliHistory';
import {
  availabilitySeries,
  PeriodGrid,
  successSeries,
  thresholdSeries,
} from './sliSeries';

/** The objectives whose budget counts events (or periods) period by period. */
export type CountedObjective =
  | 'availability'
  | 'latency'
  | 'event-age'
  | 'success-rate';

/** Datapoints on a grid of periods. */
export interface GridData {
  grid: PeriodGrid;
  data: SloDatapoints;
}

/** The event-age objective's threshold in the unit its metric reports. */
export function eventAgeThreshold(settings: LambdaOpsEntitySettings): number {
  // SQS reports ages in seconds, Lambda in milliseconds.
  const sqsAge = settings.eventAgeSource === 'source-queue';
  return settings.eventAge.thresholdSeconds * (sqsAge ? 1 : 1000);
}

/**
 * The SLI of each of the pattern's counted objectives, before exclusions: built once
 * here, so that an SLO's window and the settled days a fleet refresh keeps of it count
 * the same events.
 */
export function countedSlis(
  settings: LambdaOpsEntitySettings,
  coarse: GridData,
  recent?: GridData,
): Partial<Record<CountedObjective, SliData>> {
  const { grid, data } = coarse;
  if (settings.pattern === 'api') {
    return {
      availability: {
        coarse: availabilitySeries(grid, data),
        recent: recent && availabilitySeries(recent.grid, recent.data),
      },
      latency: thresholdSeries(
        grid,
        data.latency,
        settings.latency.thresholdMs,
      ),
    };
  }
  if (settings.pattern === 'async') {
    return {
      'event-age': thresholdSeries(
        grid,
        data.eventAge,
        eventAgeThreshold(settings),
      ),
    };
  }
  return { 'success-rate': successSeries(grid, data) };
}
