import Typography from '@material-ui/core/Typography';
import type { CoverageResponse } from '@lambda-ops/backstage-plugin-common';
import { emptyReasonOf } from '../../fleet/emptyReason';
import { SnapshotAge } from '../FleetState';
import { PagedRows } from '../PagedRows';
import {
  CoverageEntitiesTable,
  CoverageOwnersTable,
  formatScore,
} from './CoverageTables';

/**
 * The scorecard: the total, the owners worst first, then every entity with the six
 * checks and the reason for each failure, in the order the reply gives, a page of each
 * at a time.
 */
export function CoverageView(props: {
  reply: CoverageResponse;
  showOwners?: boolean;
  now?: number;
}) {
  const { reply, showOwners = true, now } = props;
  const emptyReason = emptyReasonOf(reply, reply.entities.length);
  return (
    <>
      <SnapshotAge
        snapshotAt={reply.snapshotAt}
        stale={reply.stale}
        staleReason={reply.staleReason}
        now={now}
      />
      {emptyReason ? (
        <Typography paragraph>{emptyReason}</Typography>
      ) : (
        <>
          <Typography variant="h6" component="p" paragraph>
            Score {formatScore(reply.total.score)} over {reply.total.entities}{' '}
            {reply.total.entities === 1 ? 'entity' : 'entities'}
          </Typography>
          {showOwners && (
            <>
              <Typography variant="h6" component="h2">
                Owners, worst first
              </Typography>
              <PagedRows rows={reply.owners}>
                {owners => (
                  <CoverageOwnersTable checks={reply.checks} owners={owners} />
                )}
              </PagedRows>
              <Typography variant="h6" component="h2" style={{ marginTop: 24 }}>
                Entities
              </Typography>
            </>
          )}
          <PagedRows rows={reply.entities}>
            {entities => (
              <CoverageEntitiesTable
                checks={reply.checks}
                entities={entities}
                showOwner={showOwners}
              />
            )}
          </PagedRows>
        </>
      )}
    </>
  );
}
