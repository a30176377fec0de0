/**
 * Function name(s), comma-separated. Same key as the widely used Roadie Lambda plugin,
 * so catalogs that already carry it work unchanged.
 *
 * @public
 */
export const LAMBDA_FUNCTION_NAME_ANNOTATION = 'aws.com/lambda-function-name';

/** Region of the functions named by {@link LAMBDA_FUNCTION_NAME_ANNOTATION}. @public */
export const LAMBDA_REGION_ANNOTATION = 'aws.com/lambda-region';

/** Function ARN(s), comma-separated; they carry account and region. @public */
export const LAMBDA_FUNCTION_ARN_ANNOTATION =
  'aws.amazon.com/lambda-function-arn';

/** SLO pattern: `api`, `async` or `batch`. @public */
export const SLO_PATTERN_ANNOTATION = 'lambda-ops/slo-pattern';

/** Runbook: a path relative to the entity's source location, or a URL. @public */
export const RUNBOOK_ANNOTATION = 'lambda-ops/runbook';

/** SLO window, whole days (`30d`). @public */
export const SLO_WINDOW_ANNOTATION = 'lambda-ops/slo-window';

/** Availability target in percent (`99.9`). @public */
export const SLO_AVAILABILITY_ANNOTATION = 'lambda-ops/slo-availability';

/** Latency objective (`p95<500ms@99`). @public */
export const SLO_LATENCY_ANNOTATION = 'lambda-ops/slo-latency';

/** Async event-age objective (`5m@99`). @public */
export const SLO_EVENT_AGE_ANNOTATION = 'lambda-ops/slo-event-age';

/** SQS dead-letter queue name or ARN. @public */
export const DLQ_ANNOTATION = 'lambda-ops/dlq';

/** Batch completion deadline with its time zone (`06:00 Asia/Tokyo`). @public */
export const BATCH_DEADLINE_ANNOTATION = 'lambda-ops/batch-deadline';

/** Alias whose metrics count (the `Resource` dimension). @public */
export const ALIAS_ANNOTATION = 'lambda-ops/alias';

/** Extra alarm discovery by alarm-name prefix. @public */
export const ALARM_PREFIX_ANNOTATION = 'lambda-ops/alarm-prefix';

/** Application Signals SLO names or ARNs, comma-separated. @public */
export const APPLICATION_SIGNALS_SLOS_ANNOTATION =
  'lambda-ops/application-signals-slos';

/** Batch success-rate target in percent (`95`). @public */
export const SLO_SUCCESS_RATE_ANNOTATION = 'lambda-ops/slo-success-rate';

/**
 * SQS queue the function consumes (name or ARN); its `ApproximateAgeOfOldestMessage`
 * becomes the event-age SLI. @public
 */
export const SOURCE_QUEUE_ANNOTATION = 'lambda-ops/source-queue';

/**
 * How events reach an async function without a source queue: `async` (event invocations,
 * `AsyncEventAge`, the default) or `stream` (Kinesis or DynamoDB streams, `IteratorAge`).
 * @public
 */
export const EVENT_SOURCE_ANNOTATION = 'lambda-ops/event-source';

/**
 * Error-budget policy of the deploy gate, shares of the budget left
 * (`block-below: 0, warn-below: 0.25`).
 *
 * @public
 */
export const BUDGET_POLICY_ANNOTATION = 'lambda-ops/budget-policy';

/**
 * Planned maintenance left out of the error budget: a YAML list of windows, recurring
 * (`schedule`, cron in UTC, and `duration`) or once (`start` and `end`), each with a
 * `reason`.
 *
 * @public
 */
export const EXCLUSION_WINDOWS_ANNOTATION = 'lambda-ops/exclusion-windows';

/**
 * A YAML file beside the entity's catalog file (`./maintenance.yaml`) holding the same list
 * of maintenance windows as {@link EXCLUSION_WINDOWS_ANNOTATION}; both may be given.
 *
 * @public
 */
export const EXCLUSION_WINDOWS_FILE_ANNOTATION =
  'lambda-ops/exclusion-windows-file';
