import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  CoverageResponse,
  SloReviewResponse,
  OnCallResponse,
  AlarmTemplateResponse,
  OperationsResponse,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';

/**
 * Whose entities a fleet view covers: owner entity refs such as
 * `group:default/payments`. Without owners, the backend answers for the caller's own
 * ownership refs (on-call) or for every entity the caller may read (coverage).
 *
 * @public
 */
export interface FleetViewRequest {
  /** Owner entity refs, e.g. `group:default/payments`. */
  owners?: string[];
}

/**
 * Reads Lambda Ops data from the `lambda-ops` backend plugin.
 *
 * @public
 */
export interface LambdaOpsApi {
  /**
   * Everything the Operations tab shows for one entity, in one reply:
   * SLOs with their error budgets and burn rates, alarms, deploy markers,
   * triage hints, the runbook and any annotation problems.
   *
   * @param entityRef - The entity whose Lambda functions to report on.
   */
  getOperations(entityRef: CompoundEntityRef): Promise<OperationsResponse>;

  /**
   * The entity's runbook (`lambda-ops/runbook`) as markdown, with its headings and
   * their anchors. Fails with a `ResponseError` carrying the backend's message when
   * the annotation is malformed (400), its host is not allowed (403), there is no
   * runbook (404) or it is too large (413).
   *
   * @param entityRef - The entity whose runbook to read.
   */
  getRunbook(entityRef: CompoundEntityRef): Promise<RunbookResponse>;

  /**
   * The on-call view from the collector's snapshot: every entity the owners own that
   * the caller may read, worst first, with its firing pages, budget and last deploy.
   * A malformed owner ref fails with a 400 `ResponseError` naming it.
   *
   * @param request - The owners to report on; the caller's own when left out.
   */
  getOnCall(request?: FleetViewRequest): Promise<OnCallResponse>;

  /**
   * The runbook-coverage scorecard from the collector's snapshot: the six checks per
   * entity with the reason for each failure, and a score per entity and per owner.
   *
   * @param request - The owners to report on; every readable entity when left out.
   */
  getCoverage(request?: FleetViewRequest): Promise<CoverageResponse>;

  /**
   * The same scorecard as CSV (one line per entity, a column per check), for a
   * spreadsheet; values that a spreadsheet would run as formulas come escaped.
   *
   * @param request - The owners to report on; every readable entity when left out.
   */
  getCoverageCsv(request?: FleetViewRequest): Promise<Blob>;

  /**
   * The SLO review of the last three completed calendar months: per entity the owners
   * own that the caller may read and per SLO, each month met, missed or never burning,
   * with the deploys and incidents of the missed ones. A malformed owner ref fails with
   * a 400 `ResponseError` naming it.
   *
   * @param request - The owners to review; the caller's own when left out.
   */
  getSloReview(request?: FleetViewRequest): Promise<SloReviewResponse>;

  /**
   * The same review as CSV (one line per entity, SLO and month); values that a
   * spreadsheet would run as formulas come escaped.
   *
   * @param request - The owners to review; the caller's own when left out.
   */
  getSloReviewCsv(request?: FleetViewRequest): Promise<Blob>;

  /**
   * Alarms as code: the alarms the entity should have, as a CloudFormation / SAM
   * snippet the backend generates with the portal's configured defaults and severity
   * tag key.
   *
   * @param entityRef - The entity whose alarms to generate.
   */
  getAlarmTemplate(
    entityRef: CompoundEntityRef,
  ): Promise<AlarmTemplateResponse>;
}

/**
 * The {@link LambdaOpsApi} reference, shared by the legacy and the new frontend system.
 *
 * @public
 */
export const lambdaOpsApiRef = createApiRef<LambdaOpsApi>({
  id: 'plugin.lambda-ops.service',
});
