import Typography from '@material-ui/core/Typography';
import type { OnCallResponse } from '@lambda-ops/backstage-plugin-common';
import { useOnCall } from '../../hooks/useFleetViews';
import { emptyReasonOf } from '../../fleet/emptyReason';
import { FleetState, SnapshotAge } from '../FleetState';
import { STATUS_LABELS } from '../StatusChip';
import { LISTED_STATUSES } from './listedStatuses';
import { OnCallTable } from './OnCallTable';

/** How many services to list on a card; the page lists them all. */
const CARD_ROWS = 5;

/** "1 Page · 2 Warning · 3 OK": the reply's totals, worst first, zeros left out. */
function totalsLine(totals: OnCallResponse['totals']): string {
  return LISTED_STATUSES.filter(status => totals[status] > 0)
    .map(status => `${totals[status]} ${STATUS_LABELS[status]}`)
    .join(' · ');
}

/**
 * The on-call view in a card: the totals, the worst services first and how old the
 * data is. `owners` empty means the signed-in user's own groups.
 */
export function OnCallSummary(props: { owners: string[]; now?: number }) {
  const request = useOnCall(props.owners);
  return (
    <FleetState view="on-call view" request={request}>
      {reply => {
        const emptyReason = emptyReasonOf(reply, reply.rows.length);
        return (
          <>
            <SnapshotAge
              snapshotAt={reply.snapshotAt}
              stale={reply.stale}
              staleReason={reply.staleReason}
              now={props.now}
            />
            {emptyReason ? (
              <Typography paragraph>{emptyReason}</Typography>
            ) : (
              <>
                <Typography variant="subtitle2">
                  {totalsLine(reply.totals)}
                </Typography>
                <OnCallTable
                  rows={reply.rows.slice(0, CARD_ROWS)}
                  compact
                  now={props.now}
                />
                {reply.rows.length > CARD_ROWS && (
                  <Typography variant="caption" color="textSecondary">
                    The {CARD_ROWS} worst of {reply.rows.length} services.
                  </Typography>
                )}
              </>
            )}
          </>
        );
      }}
    </FleetState>
  );
}
