import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Alert from '@material-ui/lab/Alert';
import { formatSince } from '../../alarms/alarms';
import { RetryButton } from '../RetryButton';

/** A fleet view request, as `useAsyncRetry` returns it. */
export interface FleetRequest<T> {
  value?: T;
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/** A title that says which view failed and why, in the backend's words when it sent any. */
function errorTitle(view: string, error: Error): string {
  const message = ResponseError.is(error) ? error.cause.message : error.message;
  const firstLine = message.trim().split('\n')[0];
  const status = ResponseError.is(error) ? ` (HTTP ${error.statusCode})` : '';
  return `Could not load the ${view}: ${firstLine}${status}`;
}

/**
 * What a fleet view request has come to: progress, the error with a Retry button, or
 * `children` with the reply.
 */
export function FleetState<T>(props: {
  view: string;
  request: FleetRequest<T>;
  children: (value: T) => ReactNode;
}) {
  const { view, request } = props;
  if (request.loading && !request.value) {
    return <Progress />;
  }
  if (request.error) {
    return (
      <>
        <ResponseErrorPanel
          title={errorTitle(view, request.error)}
          error={request.error}
        />
        <RetryButton onRetry={request.retry} />
      </>
    );
  }
  return request.value ? <>{props.children(request.value)}</> : null;
}

/**
 * How old a fleet view's data is: when the collector took the snapshot and, when the
 * last refresh failed, a warning that the figures are older than they should be and why.
 * A view without a snapshot says nothing here; its empty state says why.
 */
export function SnapshotAge(props: {
  snapshotAt: string | null;
  stale: boolean;
  staleReason: string | null;
  now?: number;
}) {
  const { snapshotAt, stale, staleReason, now } = props;
  if (snapshotAt === null) {
    return null;
  }
  const age = formatSince(snapshotAt, now);
  return (
    <>
      <Typography variant="body2" color="textSecondary" paragraph>
        Data collected <span title={snapshotAt}>{age}</span> ({snapshotAt})
      </Typography>
      {stale && (
        <Alert severity="warning">
          Stale data: the last refresh failed
          {staleReason ? ` (${staleReason})` : ''}, so these figures are from
          the snapshot of {snapshotAt} ({age}).
        </Alert>
      )}
    </>
  );
}
