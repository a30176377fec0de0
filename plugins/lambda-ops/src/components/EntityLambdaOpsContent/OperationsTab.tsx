import type { Entity } from '@backstage/catalog-model';
import type { OperationsRequest } from '../../hooks/useOperations';
import type { RunbookRequest } from '../../hooks/useRunbook';
import { OperationsState } from '../EntityOperationsLoader';
import { OperationsSummary } from './OperationsSummary';

/** The tab once its code is in: progress, the error with Retry, or the summary. */
export function OperationsTab(props: {
  entity: Entity;
  operations: OperationsRequest;
  runbook: RunbookRequest;
}) {
  const { entity, operations, runbook } = props;
  return (
    <OperationsState request={operations}>
      {reply => (
        <OperationsSummary
          operations={reply}
          entity={entity}
          runbookRequest={runbook}
        />
      )}
    </OperationsState>
  );
}
