import { useState } from 'react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import Alert from '@material-ui/lab/Alert';
import { filterOnCallRows } from '@lambda-ops/backstage-plugin-common';
import type {
  FleetStatus,
  OnCallResponse,
} from '@lambda-ops/backstage-plugin-common';
import { emptyReasonOf } from '../../fleet/emptyReason';
import { SnapshotAge } from '../FleetState';
import { PagedRows } from '../PagedRows';
import { STATUS_LABELS } from '../StatusChip';
import { LISTED_STATUSES } from './listedStatuses';
import { OnCallTable } from './OnCallTable';

/**
 * The on-call reply with its filters: by status (with the reply's count of each) and
 * by a search over names and firing alarms, a page of rows at a time. It says how old
 * the data is, why it is empty, and how many rows lack AWS data.
 */
export function OnCallView(props: { reply: OnCallResponse; now?: number }) {
  const { reply, now } = props;
  const [statuses, setStatuses] = useState<FleetStatus[]>([]);
  const [search, setSearch] = useState('');
  const emptyReason = emptyReasonOf(reply, reply.rows.length);
  const rows = filterOnCallRows(reply.rows, { statuses, search });

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
          {reply.totals.unknown > 0 && (
            <Alert severity="info">
              {reply.totals.unknown === 1
                ? '1 service has'
                : `${reply.totals.unknown} services have`}{' '}
              no current AWS data: its row says why. The others are shown.
            </Alert>
          )}
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            my={2}
            gridGap={16}
          >
            <ToggleButtonGroup
              size="small"
              value={statuses}
              onChange={(_event, value: FleetStatus[]) => setStatuses(value)}
              aria-label="Filter by status"
            >
              {LISTED_STATUSES.map(status => (
                <ToggleButton key={status} value={status}>
                  {STATUS_LABELS[status]} ({reply.totals[status]})
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
            <TextField
              id="lambda-ops-on-call-search"
              size="small"
              variant="outlined"
              label="Search"
              value={search}
              onChange={event => setSearch(event.target.value)}
            />
          </Box>
          {rows.length === 0 ? (
            <Typography paragraph>No service matches these filters.</Typography>
          ) : (
            <PagedRows
              rows={rows}
              filterKey={JSON.stringify([statuses, search])}
            >
              {pageRows => <OnCallTable rows={pageRows} now={now} />}
            </PagedRows>
          )}
        </>
      )}
    </>
  );
}
