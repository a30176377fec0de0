import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AlarmTemplateResponse,
  OperationsResponse,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';

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
