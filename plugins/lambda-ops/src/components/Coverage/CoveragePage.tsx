import { Content } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { lambdaOpsApiRef } from '../../api';
import { useCoverage } from '../../hooks/useFleetViews';
import { OwnersToolbar } from '../CsvExportButton';
import { FleetState } from '../FleetState';
import { useOwnersParam } from '../OwnerPicker';
import { CoverageView } from './CoverageView';

/** The name the downloaded scorecard is saved under. */
export const COVERAGE_CSV_FILE = 'lambda-ops-coverage.csv';

/**
 * The coverage scorecard page's content: every readable Lambda-backed entity (or the
 * chosen owners'), with the CSV export of the same rows.
 */
export function CoveragePageContent() {
  const [owners, setOwners] = useOwnersParam();
  const request = useCoverage(owners);
  const api = useApi(lambdaOpsApiRef);
  return (
    <Content>
      <OwnersToolbar
        owners={owners}
        onOwnersChange={setOwners}
        emptyLabel="Every owner"
        csv={{
          what: 'the scorecard',
          fileName: COVERAGE_CSV_FILE,
          fetchCsv: () => api.getCoverageCsv({ owners }),
        }}
      />
      <FleetState view="coverage scorecard" request={request}>
        {reply => <CoverageView reply={reply} />}
      </FleetState>
    </Content>
  );
}

/**
 * The coverage card of a Group's page: the group's score and each of its entities
 * with the checks it fails and why.
 *
 * @public
 */
export function EntityCoverageCard() {
  const { entity } = useEntity();
  const request = useCoverage([stringifyEntityRef(entity)]);
  return (
    <InfoCard title="Runbook coverage" variant="gridItem">
      <FleetState view="coverage scorecard" request={request}>
        {reply => <CoverageView reply={reply} showOwners={false} />}
      </FleetState>
    </InfoCard>
  );
}
