import type {
  Alarm,
  DeployMarker,
  Problem,
  RollbackHint,
  Slo,
  SloPattern,
} from '../types';

/**
 * Whether one runbook link was read when the collector last looked, and why not.
 *
 * @public
 */
export interface RunbookReachability {
  url: string;
  readable: boolean;
  /**
   * What went wrong, in words that follow "links <url> which" and name the fix (e.g. "does
   * not exist (404): check the path and the branch, or fix the link"); null when readable.
   */
  reason: string | null;
}

/**
 * What the collector keeps of one Lambda-backed entity after a refresh: the figures the
 * Operations tab shows, worked out by the same code, plus what only the fleet views need
 * (whether each runbook link can be read). The on-call rows and the coverage checks are
 * derived from it, so the snapshot stays the one record of what was seen.
 *
 * @public
 */
export interface FleetEntitySnapshot {
  entityRef: string;
  title: string;
  /** Owner entity ref, e.g. `group:default/payments`. */
  owner: string;
  collectedAt: string;
  /**
   * Why no AWS data could be collected for this entity (account not configured, access
   * denied, AWS unreachable); null when it came. A non-null reason makes the entity `unknown`.
   */
  unavailableReason: string | null;
  /** The valid `lambda-ops/slo-pattern`, or null when it is missing or malformed. */
  pattern: SloPattern | null;
  /** The SLOs' figures; `burnDown` is empty, as only the Operations tab draws it. */
  slos: Slo[];
  alarms: Alarm[];
  /** One entry per distinct runbook URL the alarms link. */
  alarmRunbooks: RunbookReachability[];
  /** The entity's own runbook (`lambda-ops/runbook`); null when the annotation is absent. */
  runbook: (RunbookReachability & { annotation: string }) | null;
  lastDeploy: DeployMarker | null;
  rollback: RollbackHint | null;
  problems: Problem[];
}
