import { InfoCard } from '@backstage/core-components';
import { EntityOperationsLoader } from '../EntityOperationsLoader';
import { OperationsOverview } from './OperationsOverview';

/**
 * The entity overview card: the worst SLO status, the number of SLOs and the least
 * error budget left, linking to the Operations tab. It loads the same reply as the
 * tab, which the backend caches, so having both costs little.
 *
 * @public
 */
export function EntityLambdaOpsCard() {
  return (
    <InfoCard title="Operations" variant="gridItem">
      <EntityOperationsLoader>
        {operations => <OperationsOverview operations={operations} />}
      </EntityOperationsLoader>
    </InfoCard>
  );
}
