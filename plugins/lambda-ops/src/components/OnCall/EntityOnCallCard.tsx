import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { OnCallSummary } from './OnCallSummary';

/**
 * The on-call card of a Group's page: the services the group owns, worst first, each
 * linking to its Operations tab.
 *
 * @public
 */
export function EntityOnCallCard() {
  const { entity } = useEntity();
  return (
    <InfoCard title="On call" variant="gridItem">
      <OnCallSummary owners={[stringifyEntityRef(entity)]} />
    </InfoCard>
  );
}

/**
 * The on-call card of the home page: the services the signed-in user's groups own,
 * worst first. The home page frames it as a card.
 *
 * @public
 */
export function HomePageOnCallContent() {
  return <OnCallSummary owners={[]} />;
}
