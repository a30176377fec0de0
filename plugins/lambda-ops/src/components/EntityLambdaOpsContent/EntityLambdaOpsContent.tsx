import { EntityOperationsLoader } from '../EntityOperationsLoader';
import { OperationsSummary } from './OperationsSummary';

/**
 * The Operations tab of an entity: SLOs, error budgets and burn rates of the
 * Lambda functions it names. Shows how to annotate the entity when it names none.
 *
 * @public
 */
export function EntityLambdaOpsContent() {
  return (
    <EntityOperationsLoader>
      {operations => <OperationsSummary operations={operations} />}
    </EntityOperationsLoader>
  );
}
