/**
 * Types of the HTTP contract (v1) shared by the backend and the frontend.
 * Ratios (targets, attainments, budget remaining) are fractions, never percentages;
 * durations are strings such as `5m`, `1h`, `30d`; timestamps are ISO 8601 UTC.
 */

/** How "healthy" is defined for a function, by how it is used. @public */
export type SloPattern = 'api' | 'async' | 'batch';

/** @public */
export const SLO_PATTERNS: readonly SloPattern[] = ['api', 'async', 'batch'];

/** A Lambda function an entity operates. @public */
export interface LambdaFunctionRef {
  name: string;
  region: string;
  /** Known only when the function was given by ARN. */
  accountId: string | null;
  /** Alias or version whose metrics count (the `Resource` dimension). */
  qualifier: string | null;
}

/** @public */
export type SloObjective =
  | 'availability'
  | 'latency'
  | 'event-age'
  | 'failed-deliveries'
  | 'completion'
  | 'success-rate';

/** @public */
export type SloStatus = 'ok' | 'warning' | 'breached' | 'page' | 'no-data';

/** @public */
export type AlertSeverity = 'page' | 'ticket';

/** Error budget over the SLO window. @public */
export interface ErrorBudget {
  /** Allowed bad events (or periods) over the window: `(1 − target) × total`. */
  total: number;
  /** Bad events (or periods) so far. */
  consumed: number;
  /**
   * `1 − consumed / total`; negative once overspent, null when there was no traffic. For a
   * zero-tolerance objective (failed deliveries) it is 1 with no failure and 0 with any.
   */
  remaining: number | null;
  unit: 'requests' | 'minutes' | 'runs' | 'events';
}

/** Remaining error budget at one moment of the window, for the burn-down chart. @public */
export interface BudgetPoint {
  ts: string;
  remaining: number | null;
}

/** One contributing count of an SLO, shown beside it (e.g. `DeadLetterErrors: 10`). @public */
export interface SloCount {
  label: string;
  value: number;
}

/**
 * Whether a burn-rate row fires: `no-data` when its long or short window holds no
 * published data, which says nothing either way. @public
 */
export type BurnRateState = 'firing' | 'not-firing' | 'no-data';

/** One row of the multiwindow, multi-burn-rate table. @public */
export interface BurnRateRow {
  severity: AlertSeverity;
  longWindow: string;
  shortWindow: string;
  threshold: number;
  long: number | null;
  short: number | null;
  /** `state === 'firing'`, kept for older readers. */
  firing: boolean;
  state: BurnRateState;
}

/** @public */
export interface Slo {
  id: string;
  source: 'cloudwatch' | 'application-signals';
  objective: SloObjective;
  description: string;
  target: number;
  window: string;
  evaluation: 'request' | 'period';
  attainment: number | null;
  errorBudget: ErrorBudget;
  burnRates: BurnRateRow[];
  status: SloStatus;
  /**
   * Remaining budget over the window, oldest first: one point a day and one for now.
   * Empty for imported SLOs.
   */
  burnDown: BudgetPoint[];
  /** The counts behind the SLO, when they help (failed deliveries by kind). */
  counts: SloCount[];
  /** When the fast burn behind a `page` status began, else null. */
  burningSince: string | null;
  /**
   * Where the window and its burn-rate windows end: the newest published minute (or the
   * newest whole period of a period-based SLI). Null for imported SLOs.
   */
  dataThrough: string | null;
}

/** A CloudWatch alarm of the entity's functions, with its temperature and runbook. @public */
export interface Alarm {
  name: string;
  arn: string;
  type: 'metric' | 'composite';
  /** The metric watched (`Errors`), or a short form of the math or composite rule. */
  metric: string | null;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  stateSince: string | null;
  /** `unclassified` is a defect: an alarm that is neither Page nor Ticket is noise. */
  severity: AlertSeverity | 'unclassified';
  /** How the severity was found: the severity tag, the naming convention, or not at all. */
  severitySource: 'tag' | 'name' | null;
  /** Null: no runbook — shown as a defect. Only http(s) URLs ever appear here. */
  runbookUrl: string | null;
  /**
   * Why the runbook link is a defect even though it exists (a section that the entity's
   * runbook does not have), else null.
   */
  runbookProblem: string | null;
}

/** One heading of a runbook, for its index and for alarm links into it. @public */
export interface RunbookHeading {
  /** The anchor, as GitHub-flavoured markdown renderers make it. */
  id: string;
  text: string;
  level: number;
}

/** Reply of `GET /v1/entities/{namespace}/{kind}/{name}/runbook`. @public */
export interface RunbookResponse {
  url: string;
  markdown: string;
  headings: RunbookHeading[];
}

/** How risky the person deploying judged a change. @public */
export type DeployRisk = 'low' | 'medium' | 'high';

/**
 * A change to a function: a CI deploy marker or a change event AWS reported. The fields
 * from `artifact` on are what CI tells and AWS does not: change events carry null and `[]`.
 *
 * @public
 */
export interface DeployMarker {
  /** CI markers: the `deploy_id` CI sent; change events: the AWS event id. */
  id: string;
  ts: string;
  env: string | null;
  source: 'ci' | 'application-signals';
  /** Configuration changes (memory, timeout, network) matter to triage as much as code. */
  changeType: 'deployment' | 'configuration';
  actor: string | null;
  gitSha: string | null;
  changeSummary: string;
  /** What was deployed: `lambda:function:<name>[:<qualifier>]` or a function ARN. */
  artifact: string | null;
  /** The git ref deployed, e.g. `refs/tags/v42`. */
  ref: string | null;
  /** Why the change was made. */
  reason: string | null;
  risk: DeployRisk | null;
  /** How to roll the change back, as the deployer wrote it. */
  rollback: string | null;
  /** http(s) links: pull request, CI run, change ticket. */
  links: string[];
}

/** @public */
export interface TriageCheck {
  check: string;
  result: 'pass' | 'warn' | 'unknown';
  message: string;
  runbookStep: string | null;
}

/** What the tab knows of the entity's runbook. @public */
export interface RunbookReference {
  annotation: string;
  url: string | null;
  available: boolean;
}

/** @public */
export type ProblemCode =
  | 'missing-annotation'
  | 'invalid-annotation'
  | 'aws-error'
  | 'stale-data';

/** Something the user should fix or know; never fatal to the page. @public */
export interface Problem {
  code: ProblemCode;
  message: string;
  /** The annotation at fault, when there is one. */
  annotation?: string;
}

/**
 * The first move while a page-level burn follows a deploy: roll the alias back.
 * @public
 */
export interface RollbackHint {
  /** e.g. "Deployed 40 min before the burn started — roll back PROD to version 41 first" */
  message: string;
  functionName: string;
  deployMarkerId: string;
  alias: string | null;
  fromVersion: string | null;
  toVersion: string | null;
}

/**
 * CloudWatch's data is later than its usual publishing delay allows: the newest
 * datapoint ends `minutes` before the reply was made. @public
 */
export interface DataLag {
  /** Whole minutes between the end of the newest datapoint and the reply. */
  minutes: number;
  /** End of the newest datapoint. */
  newestData: string;
}

/** Reply of `GET /v1/entities/{namespace}/{kind}/{name}/operations`. @public */
export interface OperationsResponse {
  entityRef: string;
  generatedAt: string;
  /** True when served from cache because AWS failed. */
  stale: boolean;
  pattern: SloPattern;
  functions: LambdaFunctionRef[];
  slos: Slo[];
  alarms: Alarm[];
  deployMarkers: DeployMarker[];
  triage: TriageCheck[];
  /** Set while a page-level burn began within 60 minutes after a deploy. */
  rollback: RollbackHint | null;
  runbook: RunbookReference | null;
  problems: Problem[];
  /**
   * Set when the metrics behind the burn rates lag more than the configured publishing
   * lag (the most lagging function's figure), else null.
   */
  dataLag: DataLag | null;
}
