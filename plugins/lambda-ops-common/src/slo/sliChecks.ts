import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import type { LambdaFunctionRef, Problem, Slo } from '../types';
import { SloDatapoints, SloMetric, sumOfDatapoints } from './patternSlos';
import { forEachDatapoint } from './sliSeries';

/**
 * The statistic a period-based SLI is judged on, which CloudWatch publishes only when the
 * function is used the way the pattern says: Duration on every invocation, AsyncEventAge
 * only for asynchronous invocations, IteratorAge only behind a stream, the queue's age
 * only for an SQS source. No pattern reads memory: memory comes from Lambda Insights,
 * which only triage reads, and says so when it is missing.
 */
const PERIOD_SLI_METRIC: Partial<Record<Slo['objective'], SloMetric>> = {
  latency: 'latency',
  'event-age': 'eventAge',
};

function metricName(settings: LambdaOpsEntitySettings, metric: SloMetric) {
  if (metric === 'latency') {
    return 'Duration';
  }
  if (settings.eventAgeSource === 'source-queue') {
    return `ApproximateAgeOfOldestMessage of ${settings.sourceQueue?.name}`;
  }
  return settings.eventAgeSource === 'iterator-age'
    ? 'IteratorAge'
    : 'AsyncEventAge';
}

function hasDatapoint(points: SloDatapoints[SloMetric]): boolean {
  let found = false;
  forEachDatapoint(points, () => {
    found = true;
  });
  return found;
}

/**
 * Checks of a function's SLIs over the window, as problems that say what to fix:
 * - `missing-metric`: the function was invoked, yet the metric a period-based SLI reads
 *   has no datapoint in the whole window, so the SLO judges nothing (an async pattern on
 *   a function invoked synchronously, a queue that is not its source);
 * - `target-too-loose`: the function had traffic and the budget never burned over the
 *   whole window: not one bad event or period, so the target warns of nothing.
 *
 * @public
 */
export function sliCheckProblems(
  fn: LambdaFunctionRef,
  settings: LambdaOpsEntitySettings,
  slos: readonly Slo[],
  data: SloDatapoints,
): Problem[] {
  const invocations = sumOfDatapoints(data.invocations);
  if (invocations === 0) {
    return [];
  }
  const problems: Problem[] = [];
  for (const slo of slos) {
    const metric = PERIOD_SLI_METRIC[slo.objective];
    if (metric && !hasDatapoint(data[metric])) {
      problems.push({
        code: 'missing-metric',
        message: `SLO ${slo.id} reads ${metricName(
          settings,
          metric,
        )}, which has no datapoint in ${slo.window} although ${
          fn.name
        } was invoked ${invocations} times: check that lambda-ops/slo-pattern (${
          settings.pattern
        }) matches how the function is invoked, e.g. api for synchronous calls`,
        annotation: 'lambda-ops/slo-pattern',
      });
    } else if (
      slo.budgetKind === 'ratio' &&
      slo.attainment !== null &&
      slo.errorBudget.total > 0 &&
      slo.errorBudget.consumed === 0
    ) {
      problems.push({
        code: 'target-too-loose',
        message: `SLO ${slo.id} never burned its budget in ${
          slo.window
        }: not one bad ${
          slo.errorBudget.unit === 'minutes' ? 'period' : 'event'
        } against a target of ${Number(
          (slo.target * 100).toFixed(4),
        )}%. Tighten the target toward real performance so that it warns before users notice`,
      });
    }
  }
  return problems;
}
