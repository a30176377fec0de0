import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import type { AlertSeverity, LambdaFunctionRef } from '../types';

/** What an alarm of the generated template watches. @public */
export type GeneratedAlarmKind =
  /** Composite of a burn-rate row: both windows over the threshold. It notifies. */
  | 'burn-rate'
  /** One window (long or short) of a burn-rate row. It never notifies on its own. */
  | 'burn-rate-window'
  | 'latency'
  | 'throttles'
  | 'errors'
  | 'dead-letter-errors'
  | 'async-event-age'
  | 'iterator-age'
  | 'source-queue-age'
  | 'dlq-messages';

/** One alarm of a generated template, as the UI lists it. @public */
export interface GeneratedAlarm {
  /** CloudFormation logical id of the resource. */
  logicalId: string;
  /** `AlarmName`: `<function>-<purpose>`, deterministic. */
  name: string;
  type: 'metric' | 'composite';
  kind: GeneratedAlarmKind;
  severity: AlertSeverity;
  functionName: string;
  /** False for the window parts of a burn-rate row: their composite notifies. */
  notifies: boolean;
  /** The runbook section linked from the description; null when the entity has none. */
  runbookUrl: string | null;
  /** When it fires, in one sentence. */
  summary: string;
}

/** @public */
export interface GenerateAlarmTemplateOptions {
  functions: LambdaFunctionRef[];
  settings: LambdaOpsEntitySettings;
  /** The entity's runbook as an http(s) URL; null when it has none. */
  runbookUrl: string | null;
  /** Named in the header and the descriptions, e.g. `component:default/checkout-api`. */
  entityName: string;
  /** Tag that carries `page` / `ticket`; default `severity` (`lambdaOps.severity.tagKey`). */
  severityTagKey?: string;
  /** Runbook heading the alarms link to; default `a-triage-in-3-minutes`. */
  runbookSection?: string;
  /**
   * Alarm and OK actions (SNS topic ARNs) per severity, for the alarms that notify. Without
   * them the template names no action: add your own, or route on the severity tag.
   */
  alarmActions?: Partial<Record<AlertSeverity, string[]>>;
  /** Severity of a failed batch run; default `ticket` (a failed nightly run can wait). */
  batchErrorsSeverity?: AlertSeverity;
}

/** @public */
export interface AlarmTemplate {
  /** A CloudFormation / SAM `Resources:` snippet, with comments. */
  yaml: string;
  alarms: GeneratedAlarm[];
  /** What the template cannot do well for this entity (no runbook, several regions, …). */
  warnings: string[];
}
