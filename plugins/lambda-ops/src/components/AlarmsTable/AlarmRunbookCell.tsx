import { MouseEvent } from 'react';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import Warning from '@material-ui/icons/Warning';
import {
  Alarm,
  linkSection,
  pointsIntoRunbook,
} from '@lambda-ops/backstage-plugin-common';
import { isPlainClick } from '../../runbook/isPlainClick';
import { isHttpUrl } from '../../runbook/urls';
import { DefectChip } from '../StatusChip';

/** The defect chip of an alarm without a runbook. */
export const NO_RUNBOOK_LABEL = 'No runbook — alarm without runbook is noise';

const useStyles = makeStyles((theme: Theme) => ({
  link: {
    whiteSpace: 'nowrap',
  },
  external: {
    marginLeft: 2,
    verticalAlign: 'middle',
  },
  problem: {
    display: 'flex',
    gap: theme.spacing(0.5),
    alignItems: 'flex-start',
    marginTop: theme.spacing(0.5),
    color: theme.palette.warning.dark,
  },
  problemIcon: {
    marginTop: 2,
  },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

/**
 * Where an alarm's runbook is. A link into the entity's own runbook shows that
 * section in the runbook panel of the tab; any other runbook opens in a new tab.
 * No runbook — or a link that is not http(s), which the backend should already
 * have dropped — is a defect chip, never a link.
 */
export function AlarmRunbookCell(props: {
  alarm: Alarm;
  runbookUrl: string | null;
  onOpenRunbook?: (section: string | null) => void;
}) {
  const { alarm, runbookUrl, onOpenRunbook } = props;
  const classes = useStyles();
  const url = alarm.runbookUrl;

  if (!isHttpUrl(url)) {
    return (
      <>
        <DefectChip label={NO_RUNBOOK_LABEL} />
        {url !== null && (
          <Typography variant="caption" color="textSecondary" display="block">
            Ignored a runbook link that is not http(s).
          </Typography>
        )}
      </>
    );
  }

  const section = linkSection(url);
  const label = section ? `Runbook #${section}` : 'Runbook';
  const inPanel =
    onOpenRunbook !== undefined && pointsIntoRunbook(url, runbookUrl);

  return (
    <>
      {inPanel ? (
        <Link
          href={url}
          className={classes.link}
          title="Show this section in the runbook panel below"
          onClick={(event: MouseEvent) => {
            if (isPlainClick(event)) {
              event.preventDefault();
              onOpenRunbook!(section);
            }
          }}
        >
          {label}
        </Link>
      ) : (
        <Link
          href={url}
          className={classes.link}
          target="_blank"
          rel="noopener noreferrer"
        >
          {label}{' '}
          <span className={classes.visuallyHidden}>(opens in a new tab)</span>
          <OpenInNew
            fontSize="inherit"
            className={classes.external}
            aria-hidden
          />
        </Link>
      )}
      {alarm.runbookProblem && (
        <Typography
          variant="caption"
          component="div"
          className={classes.problem}
        >
          <Warning
            fontSize="inherit"
            className={classes.problemIcon}
            aria-hidden
          />
          <span>
            <span className={classes.visuallyHidden}>Warning: </span>
            {alarm.runbookProblem}
          </span>
        </Typography>
      )}
    </>
  );
}
