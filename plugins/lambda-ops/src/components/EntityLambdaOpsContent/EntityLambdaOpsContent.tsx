import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityOperationsLoader } from '../EntityOperationsLoader';
import { OperationsSummary } from './OperationsSummary';

/**
 * The Operations tab of an entity: whether to roll back first, what is alerting
 * (Page or Ticket) and where its runbook is, what changed, the SLOs with their
 * error budgets and burn rates, the runbook, and alarms as code for the Lambda
 * functions it names. Shows how to annotate the entity when it names none.
 *
 * @public
 */
export function EntityLambdaOpsContent() {
  const { entity } = useEntity();
  return (
    <EntityOperationsLoader>
      {operations => (
        <OperationsSummary operations={operations} entity={entity} />
      )}
    </EntityOperationsLoader>
  );
}
