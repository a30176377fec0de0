import Typography from '@material-ui/core/Typography';
import { Content } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { lambdaOpsApiRef } from '../../api';
import { emptyReasonOf } from '../../fleet/emptyReason';
import { useSloReview } from '../../hooks/useFleetViews';
import { OwnersToolbar } from '../CsvExportButton';
import { FleetState } from '../FleetState';
import { PagedRows } from '../PagedRows';
import { useOwnersParam } from '../OwnerPicker';
import { SloReviewTable } from './SloReviewTable';

/** The name the downloaded review is saved under. */
export const SLO_REVIEW_CSV_FILE = 'lambda-ops-slo-review.csv';

/**
 * The SLO review page's content: for the chosen owners (the signed-in user's groups by
 * default), each SLO's last three completed months, with the CSV export of the same rows.
 */
export function SloReviewPageContent() {
  const [owners, setOwners] = useOwnersParam();
  const request = useSloReview(owners);
  const api = useApi(lambdaOpsApiRef);
  return (
    <Content>
      <OwnersToolbar
        owners={owners}
        onOwnersChange={setOwners}
        emptyLabel="You and your groups"
        csv={{
          what: 'the SLO review',
          fileName: SLO_REVIEW_CSV_FILE,
          fetchCsv: () => api.getSloReviewCsv({ owners }),
        }}
      />
      <FleetState view="SLO review" request={request}>
        {reply => {
          const emptyReason = emptyReasonOf(reply, reply.rows.length);
          return emptyReason ? (
            <Typography paragraph>{emptyReason}</Typography>
          ) : (
            <PagedRows rows={reply.rows}>
              {rows => <SloReviewTable months={reply.months} rows={rows} />}
            </PagedRows>
          );
        }}
      </FleetState>
    </Content>
  );
}
