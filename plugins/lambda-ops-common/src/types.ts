/**
 * Types of the HTTP contract (v1) shared by the backend and the frontend. They are
 * generated from the backend's `src/schema/openapi.yaml` (see ./schema/openapi/generated)
 * and named here; the schema's descriptions travel with them.
 * Ratios (targets, attainments, budget remaining) are fractions, never percentages;
 * durations are strings such as `5m`, `1h`, `30d`; timestamps are ISO 8601 UTC.
 */
import type { components } from './schema/openapi/generated';

/** Every schema of the HTTP contract, by its name in openapi.yaml. @public */
export type LambdaOpsApiSchemas = components['schemas'];

/** How "healthy" is defined for a function, by how it is used. @public */
export type SloPattern = LambdaOpsApiSchemas['SloPattern'];

/** @public */
export const SLO_PATTERNS: readonly SloPattern[] = ['api', 'async', 'batch'];

/** A Lambda function an entity operates. @public */
export type LambdaFunctionRef = LambdaOpsApiSchemas['LambdaFunctionRef'];

/** @public */
export type SloObjective = LambdaOpsApiSchemas['SloObjective'];

/** @public */
export type SloStatus = LambdaOpsApiSchemas['SloStatus'];

/** @public */
export type AlertSeverity = LambdaOpsApiSchemas['AlertSeverity'];

/** Error budget over the SLO window. @public */
export type ErrorBudget = LambdaOpsApiSchemas['ErrorBudget'];

/** Remaining error budget at one moment of the window, for the burn-down chart. @public */
export type BudgetPoint = LambdaOpsApiSchemas['BudgetPoint'];

/** One contributing count of an SLO, shown beside it (e.g. `DeadLetterErrors: 10`). @public */
export type SloCount = LambdaOpsApiSchemas['SloCount'];

/** Whether a burn-rate row fires, or says nothing for lack of published data. @public */
export type BurnRateState = LambdaOpsApiSchemas['BurnRateState'];

/** One row of the multiwindow, multi-burn-rate table. @public */
export type BurnRateRow = LambdaOpsApiSchemas['BurnRateRow'];

/** @public */
export type Slo = LambdaOpsApiSchemas['Slo'];

/** @public */
export type ExclusionWindow = LambdaOpsApiSchemas['ExclusionWindow'];

/** A CloudWatch alarm of the entity's functions, with its temperature and runbook. @public */
export type Alarm = LambdaOpsApiSchemas['Alarm'];

/** What an alarm watches: one metric, metric math, or other alarms. @public */
export type AlarmKind = LambdaOpsApiSchemas['AlarmKind'];

/** What makes an alarm noise. @public */
export type AlarmDefect = LambdaOpsApiSchemas['AlarmDefect'];

/** A deployment shortly before an SLO's burn began. @public */
export type DeployBeforeBurn = LambdaOpsApiSchemas['DeployBeforeBurn'];

/** One heading of a runbook, for its index and for alarm links into it. @public */
export type RunbookHeading = LambdaOpsApiSchemas['RunbookHeading'];

/** Reply of `GET /v1/entities/{namespace}/{kind}/{name}/runbook`. @public */
export type RunbookResponse = LambdaOpsApiSchemas['RunbookResponse'];

/** How risky the person deploying judged a change. @public */
export type DeployRisk = LambdaOpsApiSchemas['DeployRisk'];

/** A change to a function: a CI deploy marker or a change event AWS reported. @public */
export type DeployMarker = LambdaOpsApiSchemas['DeployMarker'];

/** Reply of `GET /v1/entities/{namespace}/{kind}/{name}/deploy-markers`. @public */
export type DeployMarkerPage = LambdaOpsApiSchemas['DeployMarkerPage'];

/** What CI posts to `POST /v1/deploy-markers`. @public */
export type DeployMarkerRequest = LambdaOpsApiSchemas['DeployMarkerRequest'];

/** @public */
export type TriageCheck = LambdaOpsApiSchemas['TriageCheck'];

/** What the tab knows of the entity's runbook. @public */
export type RunbookReference = LambdaOpsApiSchemas['RunbookReference'];

/** @public */
export type ProblemCode = LambdaOpsApiSchemas['ProblemCode'];
/** @public */
export type AwsFailureCause = LambdaOpsApiSchemas['AwsFailureCause'];
/** @public */
export type UnavailablePart = LambdaOpsApiSchemas['UnavailablePart'];
/** @public */
export type StaleCause = LambdaOpsApiSchemas['StaleCause'];

/** Something the user should fix or know; never fatal to the page. @public */
export type Problem = LambdaOpsApiSchemas['Problem'];

/** The first move while a page-level burn follows a deploy: roll the alias back. @public */
export type RollbackHint = LambdaOpsApiSchemas['RollbackHint'];

/** CloudWatch's data is later than its usual publishing delay allows. @public */
export type DataLag = LambdaOpsApiSchemas['DataLag'];

/** Reply of `GET /v1/entities/{namespace}/{kind}/{name}/operations`. @public */
export type OperationsResponse = LambdaOpsApiSchemas['OperationsResponse'];

/** What an alarm of a generated template watches. @public */
export type GeneratedAlarmKind = LambdaOpsApiSchemas['GeneratedAlarmKind'];

/** One alarm of a generated template, as the UI lists it. @public */
export type GeneratedAlarm = LambdaOpsApiSchemas['GeneratedAlarm'];

/** Reply of `GET /v1/entities/{namespace}/{kind}/{name}/alarm-template`. @public */
export type AlarmTemplateResponse =
  LambdaOpsApiSchemas['AlarmTemplateResponse'];

/** An entity's worst status in the fleet views. @public */
export type FleetStatus = LambdaOpsApiSchemas['FleetStatus'];

/** One entity of the on-call view. @public */
export type OnCallRow = LambdaOpsApiSchemas['OnCallRow'];

/** Reply of `GET /v1/on-call`. @public */
export type OnCallResponse = LambdaOpsApiSchemas['OnCallResponse'];

/** @public */
export type SloMonthVerdict = LambdaOpsApiSchemas['SloMonthVerdict'];

/** @public */
export type SloReviewMonth = LambdaOpsApiSchemas['SloReviewMonth'];

/** @public */
export type SloReviewRow = LambdaOpsApiSchemas['SloReviewRow'];

/** @public */
export type SloReviewDeploy = LambdaOpsApiSchemas['SloReviewDeploy'];

/** @public */
export type SloReviewIncident = LambdaOpsApiSchemas['SloReviewIncident'];

/** @public */
export type SloReviewResponse = LambdaOpsApiSchemas['SloReviewResponse'];

/** The id of a runbook-coverage check. @public */
export type CoverageCheckId = LambdaOpsApiSchemas['CoverageCheckId'];

/** Reply of `GET /v1/coverage`. @public */
export type CoverageResponse = LambdaOpsApiSchemas['CoverageResponse'];

/** A firing page alarm of an on-call row, with its runbook link. @public */
export type FiringPage = LambdaOpsApiSchemas['FiringPage'];

/** The last deploy of an on-call row, and whether it is the rollback candidate. @public */
export type LastDeploy = LambdaOpsApiSchemas['LastDeploy'];

/** How many on-call rows have each status. @public */
export type OnCallTotals = LambdaOpsApiSchemas['OnCallTotals'];

/** A runbook-coverage check: its id, title and what it asks for. @public */
export type CoverageCheck = LambdaOpsApiSchemas['CoverageCheck'];

/** One check's result for one entity, with the reason that names the fix. @public */
export type CoverageResult = LambdaOpsApiSchemas['CoverageResult'];

/** One entity of the coverage scorecard. @public */
export type CoverageEntity = LambdaOpsApiSchemas['CoverageEntity'];

/** One owner of the coverage scorecard: its mean score and failing checks. @public */
export type CoverageOwner = LambdaOpsApiSchemas['CoverageOwner'];

/** How many of an entity's alarms fail the alarm coverage checks, and how many page. @public */
export type CoverageAlarmCounts = LambdaOpsApiSchemas['CoverageAlarmCounts'];
/** When a deploy is blocked or warned about, as shares of the error budget left. @public */
export type BudgetPolicy = LambdaOpsApiSchemas['BudgetPolicy'];

/** @public */
export type DeployGateDecision = LambdaOpsApiSchemas['DeployGateDecision'];

/** @public */
export type DeployGateReason = LambdaOpsApiSchemas['DeployGateReason'];

/** Reply of `GET /v1/entities/{namespace}/{kind}/{name}/deploy-gate`. @public */
export type DeployGateResponse = LambdaOpsApiSchemas['DeployGateResponse'];

/** A deploy made against the gate's advice, and why. @public */
export type GateOverride = LambdaOpsApiSchemas['GateOverride'];
