import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import CheckCircle from '@material-ui/icons/CheckCircle';
import HelpOutline from '@material-ui/icons/HelpOutline';
import Warning from '@material-ui/icons/Warning';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { TriageCheck } from '@lambda-ops/backstage-plugin-common';

type Result = TriageCheck['result'];

/** Words for each result, so it never rests on colour alone. */
const RESULT_LABELS: Record<Result, string> = {
  pass: 'Pass',
  warn: 'Warn',
  unknown: 'Unknown',
};

const RESULT_ICONS: Record<Result, typeof CheckCircle> = {
  pass: CheckCircle,
  warn: Warning,
  unknown: HelpOutline,
};

// A fixed sheet name keeps the result in the item's class name, which tests assert on.
const useStyles = makeStyles(
  (theme: Theme) => ({
    list: {
      listStyle: 'none',
      margin: 0,
      padding: 0,
    },
    item: {
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      columnGap: theme.spacing(1.5),
      padding: theme.spacing(1.5, 2),
      '& + &': {
        borderTop: `1px solid ${theme.palette.divider}`,
      },
    },
    result: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      fontWeight: 700,
      minWidth: theme.spacing(11),
    },
    pass: { color: theme.palette.success.main },
    warn: { color: theme.palette.warning.dark },
    unknown: { color: theme.palette.text.secondary },
    banner: {
      margin: theme.spacing(1, 0, 2),
    },
    heading: {
      marginBottom: theme.spacing(1),
    },
  }),
  { name: 'LambdaOpsTriageChecklist' },
);

/** A warning that the functions changed shortly before the alarm: roll back first. */
function isRecentDeployWarning(check: TriageCheck): boolean {
  return check.result === 'warn' && /deploy/i.test(check.check);
}

/**
 * Part A of every runbook, answered from the data: was there a deploy shortly
 * before the alarm, do Duration and memory saturate together, are there throttles.
 * A recent deploy comes first, as a banner, because rolling back is the first move;
 * unless the tab already shows the rollback banner (`deployBanner={false}`), when it
 * is one check of the list like the others, so the tab does not say it twice.
 */
export function TriageChecklist(props: {
  checks: TriageCheck[];
  /** Whether a recent-deploy warning gets a banner of its own; default true. */
  deployBanner?: boolean;
}) {
  const { checks, deployBanner = true } = props;
  const classes = useStyles();
  const headingId = 'lambda-ops-triage-heading';
  const deploy = deployBanner ? checks.find(isRecentDeployWarning) : undefined;
  const rest = checks.filter(check => check !== deploy);

  return (
    <section aria-labelledby={headingId}>
      <Typography
        variant="h5"
        component="h2"
        id={headingId}
        className={classes.heading}
      >
        3-minute triage
      </Typography>
      {deploy && (
        <Alert severity="warning" className={classes.banner}>
          <AlertTitle>{deploy.message}</AlertTitle>
          {deploy.runbookStep}
        </Alert>
      )}
      {rest.length > 0 && (
        <Paper variant="outlined">
          <ul className={classes.list} aria-labelledby={headingId}>
            {rest.map((check, index) => {
              const Icon = RESULT_ICONS[check.result] ?? HelpOutline;
              const tone = classes[check.result] ?? classes.unknown;
              return (
                <li key={`${check.check}-${index}`} className={classes.item}>
                  <span className={`${classes.result} ${tone}`}>
                    <Icon aria-hidden />
                    {RESULT_LABELS[check.result] ?? check.result}
                  </span>
                  <div>
                    <Typography variant="body1">{check.message}</Typography>
                    {check.runbookStep && (
                      <Typography variant="body2" color="textSecondary">
                        {check.runbookStep}
                      </Typography>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </Paper>
      )}
    </section>
  );
}
