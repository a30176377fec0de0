import { MouseEvent } from 'react';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { CodeSnippet } from '@backstage/core-components';
import type { RollbackHint } from '@lambda-ops/backstage-plugin-common';
import { changeDomId } from '../../deploys/deploys';
import { isPlainClick } from '../../runbook/isPlainClick';

const useStyles = makeStyles((theme: Theme) => ({
  // The message column takes the banner's width, so the command has room.
  message: {
    flex: 1,
    minWidth: 0,
  },
  command: {
    margin: theme.spacing(1, 0),
  },
}));

/** Room on the right of the command for the copy button laid over it. */
const SNIPPET_STYLE = { margin: 0, paddingRight: 48 };

/**
 * Brings the change behind the hint into view in the timeline and moves focus to it.
 * The timeline highlights it already; this only scrolls.
 */
function showChange(markerId: string) {
  const change = document.getElementById(changeDomId(markerId));
  if (!change) {
    return;
  }
  // jsdom has no scrollIntoView.
  change.scrollIntoView?.({ behavior: 'smooth', block: 'center' });
  change.focus({ preventScroll: true });
}

/**
 * The first move while a page-level burn follows a deploy: roll the alias back. The
 * backend's message word for word; the AWS CLI command, with a copy button, when the
 * alias and the version to go back to are known; and a link to the deploy in the
 * change timeline.
 */
export function RollbackBanner(props: {
  rollback: RollbackHint;
  /** Whether the timeline lists the deploy the hint names, so there is something to link to. */
  changeListed: boolean;
}) {
  const { rollback, changeListed } = props;
  const classes = useStyles();
  const { command } = rollback;

  return (
    <Alert severity="error" classes={{ message: classes.message }}>
      <AlertTitle>{rollback.message}</AlertTitle>
      {command && (
        <div className={classes.command}>
          <Typography variant="body2" gutterBottom>
            Point the alias back at the previous version:
          </Typography>
          <CodeSnippet
            text={command}
            language="bash"
            showCopyCodeButton
            wrapLongLines
            customStyle={SNIPPET_STYLE}
          />
        </div>
      )}
      {changeListed && (
        <Link
          href={`#${changeDomId(rollback.deployMarkerId)}`}
          onClick={(event: MouseEvent) => {
            if (isPlainClick(event)) {
              event.preventDefault();
              showChange(rollback.deployMarkerId);
            }
          }}
        >
          See the change
        </Link>
      )}
    </Alert>
  );
}
