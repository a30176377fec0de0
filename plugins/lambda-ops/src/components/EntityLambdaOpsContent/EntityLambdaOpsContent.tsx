import type { Entity } from '@backstage/catalog-model';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isLambdaOpsAvailable } from '@lambda-ops/backstage-plugin-common';
import { useCommitted } from '../../hooks/useCommitted';
import { useOperations } from '../../hooks/useOperations';
import { useRunbook } from '../../hooks/useRunbook';
import { MissingFunctionAnnotation } from '../EntityOperationsLoader';
import { lazyPart } from '../lazyPart';

/** The tab's components, whose code loads while the requests are on their way. */
const OperationsTab = lazyPart(
  () => import('./OperationsTab').then(m => m.OperationsTab),
  <Progress />,
);

/**
 * Asks for the operations and the runbook at once, as the tab opens, and loads the
 * tab's code meanwhile: none waits for another.
 */
function OperationsTabLoader(props: { entity: Entity }) {
  const { entity } = props;
  const operations = useOperations(getCompoundEntityRef(entity));
  const runbook = useRunbook(entity);
  // On the new frontend system the tab comes out of a lazy loader, so this first render
  // is a retry of a suspended one. React holds back committing a retry that shows
  // another loading state (up to 500 ms after the last one): the lazy tab in this render
  // would hold back the commit, and with it the requests, until the tab's code is in.
  if (!useCommitted()) {
    return <Progress />;
  }
  return (
    <OperationsTab entity={entity} operations={operations} runbook={runbook} />
  );
}

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
  if (!isLambdaOpsAvailable(entity)) {
    return <MissingFunctionAnnotation />;
  }
  return <OperationsTabLoader entity={entity} />;
}
