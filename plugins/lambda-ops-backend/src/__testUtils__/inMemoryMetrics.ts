import {
  AggregationTemporality,
  DataPoint,
  Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import { createLambdaOpsMetrics } from '../services/telemetry';

/** Reads the metrics on demand, as an exporter would at its interval. */
export class InMemoryReader extends MetricReader {
  constructor() {
    super({
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
    });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}

  /**
   * Each instrument's points as `attributes → value`: a counter's sum, a histogram's
   * count of recordings and their sum.
   */
  async points(): Promise<
    Record<string, Record<string, number | { count: number; sum: number }>>
  > {
    const { resourceMetrics } = await this.collect();
    const result: Record<
      string,
      Record<string, number | { count: number; sum: number }>
    > = {};
    for (const metric of resourceMetrics.scopeMetrics.flatMap(s => s.metrics)) {
      result[metric.descriptor.name] = Object.fromEntries(
        (metric.dataPoints as DataPoint<number | Histogram>[]).map(point => [
          JSON.stringify(point.attributes),
          typeof point.value === 'number'
            ? point.value
            : { count: point.value.count, sum: point.value.sum ?? 0 },
        ]),
      );
    }
    return result;
  }
}

/** The plugin's metrics on a meter provider of their own, and a reader of what they record. */
export function inMemoryLambdaOpsMetrics() {
  const reader = new InMemoryReader();
  const metrics = createLambdaOpsMetrics(
    new MeterProvider({ readers: [reader] }).getMeter('test'),
  );
  return { metrics, points: () => reader.points() };
}
