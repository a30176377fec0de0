import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import type {
  AlarmTemplateResponse,
  AlertSeverity,
  LambdaFunctionRef,
} from '../types';

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

/** What {@link generateAlarmTemplate} makes: the parts of the alarm-template reply. @public */
export type AlarmTemplate = Pick<
  AlarmTemplateResponse,
  'yaml' | 'alarms' | 'warnings'
>;
