import { useEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';

import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  RUNBOOK_ANNOTATION,
  RunbookReference,
} from '@lambda-ops/backstage-plugin-common';
import type { RunbookRequest } from '../../hooks/useRunbook';
import { isHttpUrl } from '../../runbook/urls';
import { RunbookTarget, RunbookView } from './RunbookView';
import { RetryButton } from '../RetryButton';

/** The id of the panel, for links that lead to it. */
export const RUNBOOK_PANEL_ID = 'lambda-ops-runbook';

const useStyles = makeStyles((theme: Theme) => ({
  panel: {
    padding: theme.spacing(2),
    scrollMarginTop: theme.spacing(2),
  },
  header: {
    marginBottom: theme.spacing(2),
  },
}));

/** The backend's own words when it sent any ("… is not an allowed host: …"). */
function errorMessage(error: Error): string {
  if (ResponseError.is(error)) {
    return `${error.cause.message} (HTTP ${error.statusCode})`;
  }
  return error.message;
}

function SourceLink(props: { url: string | null | undefined }) {
  if (!isHttpUrl(props.url)) {
    return null;
  }
  return (
    <Link href={props.url} target="_blank" rel="noopener noreferrer">
      Open the source
    </Link>
  );
}

function LoadedRunbook(props: {
  request: RunbookRequest;
  reference: RunbookReference;
  target: RunbookTarget | null;
}) {
  const { request, reference, target } = props;
  const classes = useStyles();
  const { value, loading, error, retry } = request;

  const source = (
    <Typography
      variant="body2"
      color="textSecondary"
      className={classes.header}
    >
      {RUNBOOK_ANNOTATION}: <code>{reference.annotation}</code>
      {isHttpUrl(value?.url ?? reference.url) && ' · '}
      <SourceLink url={value?.url ?? reference.url} />
    </Typography>
  );

  if (loading) {
    return (
      <>
        {source}
        <Progress />
      </>
    );
  }
  if (error) {
    return (
      <>
        {source}
        <Alert severity="error">
          <AlertTitle>Could not load the runbook</AlertTitle>
          {errorMessage(error)}
        </Alert>
        <RetryButton onRetry={retry} />
      </>
    );
  }
  if (!value) {
    return null;
  }
  return (
    <>
      {source}
      <RunbookView runbook={value} target={target} />
    </>
  );
}

/**
 * The entity's runbook (`lambda-ops/runbook`) on the tab: a section index and the
 * markdown, from `request`, which the tab starts beside the operations. A runbook link
 * of an alarm sets `target`, which scrolls to that section and highlights it.
 */
export function RunbookPanel(props: {
  request: RunbookRequest;
  /** From the operations reply: null when the entity names no runbook. */
  runbook: RunbookReference | null;
  target?: RunbookTarget | null;
}) {
  const { request, runbook, target = null } = props;
  const classes = useStyles();
  const panelRef = useRef<HTMLElement>(null);
  const headingId = `${RUNBOOK_PANEL_ID}-heading`;

  // Bring the panel into view at once; the section follows when the runbook is in.
  useEffect(() => {
    if (target) {
      panelRef.current?.scrollIntoView?.({
        behavior: 'smooth',
        block: 'start',
      });
    }
  }, [target]);

  return (
    <Paper
      component="section"
      variant="outlined"
      id={RUNBOOK_PANEL_ID}
      aria-labelledby={headingId}
      className={classes.panel}
      ref={panelRef}
    >
      <Typography variant="h5" component="h2" id={headingId}>
        Runbook
      </Typography>
      {runbook === null ? (
        <Box mt={2}>
          <Alert severity="warning">
            <AlertTitle>
              No runbook annotated — add {RUNBOOK_ANNOTATION}
            </AlertTitle>
            Every alarm needs a runbook. Point the annotation at a markdown file
            next to the entity's catalog-info.yaml (
            <code>{RUNBOOK_ANNOTATION}: ./docs/runbook.md</code>) or at a URL.
          </Alert>
        </Box>
      ) : (
        <LoadedRunbook request={request} reference={runbook} target={target} />
      )}
    </Paper>
  );
}
