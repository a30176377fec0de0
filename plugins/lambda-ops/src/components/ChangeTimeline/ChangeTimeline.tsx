import { Fragment, ReactNode } from 'react';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, Theme } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  DeployMarker,
  DeployRisk,
} from '@lambda-ops/backstage-plugin-common';
import { formatSince } from '../../alarms/alarms';
import {
  changeDomId,
  changeTypeLabel,
  newestFirst,
  shortSha,
} from '../../deploys/deploys';
import { isHttpUrl } from '../../runbook/urls';
import { Tone, ToneChip } from '../StatusChip';

/** The timeline's heading. */
export const CHANGES_HEADING = 'Changes';

/** Said when there is nothing to list, with where to start recording deploys. */
export const NO_CHANGES_TITLE =
  'No deploys or configuration changes in the last 7 days';
export const NO_CHANGES_HINT =
  'Record deploys from CI: see the Lambda Ops backend README (POST /api/lambda-ops/v1/deploy-markers)';

/** The chip of the change the rollback banner names. */
export const ROLLBACK_CANDIDATE_LABEL = 'Rollback candidate';

/** Low green, medium amber, high red; the chip says the word too. */
const RISKS: Record<DeployRisk, { tone: Tone; label: string }> = {
  low: { tone: 'success', label: 'Low risk' },
  medium: { tone: 'warning', label: 'Medium risk' },
  high: { tone: 'error', label: 'High risk' },
};

const SOURCES: Record<
  DeployMarker['source'],
  { label: string; title: string }
> = {
  ci: { label: 'CI', title: 'Recorded by CI (deploy marker)' },
  'application-signals': {
    label: 'AWS',
    title: 'Reported by AWS (Application Signals change event)',
  },
};

const DOT_SIZE = 12;

// A fixed sheet name keeps `highlighted` in the item's class name, which tests assert on.
const useStyles = makeStyles(
  (theme: Theme) => ({
    intro: {
      margin: theme.spacing(0.5, 0, 2),
    },
    list: {
      listStyle: 'none',
      margin: 0,
      padding: theme.spacing(2, 2, 0),
    },
    item: {
      position: 'relative',
      padding: theme.spacing(1, 1, 2, 4),
      borderRadius: theme.shape.borderRadius,
      scrollMarginTop: theme.spacing(2),
      // The line of the timeline, from this dot down to the next one.
      '&::before': {
        content: '""',
        position: 'absolute',
        left: theme.spacing(1) + DOT_SIZE / 2 - 1,
        top: theme.spacing(1) + DOT_SIZE + 4,
        bottom: -theme.spacing(1),
        borderLeft: `2px solid ${theme.palette.divider}`,
      },
      '&:last-child::before': {
        display: 'none',
      },
      // The dot of this change.
      '&::after': {
        content: '""',
        position: 'absolute',
        left: theme.spacing(1),
        top: theme.spacing(1) + 4,
        width: DOT_SIZE,
        height: DOT_SIZE,
        borderRadius: '50%',
        backgroundColor: theme.palette.text.secondary,
      },
      '&:focus': {
        outline: `2px solid ${theme.palette.primary.main}`,
      },
    },
    highlighted: {
      backgroundColor: alpha(theme.palette.error.main, 0.08),
      '&::after': {
        backgroundColor: theme.palette.error.main,
      },
    },
    head: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(1),
    },
    summary: {
      fontWeight: 500,
      marginTop: theme.spacing(0.5),
      wordBreak: 'break-word',
    },
    facts: {
      display: 'grid',
      gridTemplateColumns: 'max-content minmax(0, 1fr)',
      columnGap: theme.spacing(1.5),
      rowGap: theme.spacing(0.25),
      margin: theme.spacing(0.5, 0, 0),
      ...theme.typography.body2,
      '& dt': {
        color: theme.palette.text.secondary,
      },
      '& dd': {
        margin: 0,
        wordBreak: 'break-word',
      },
    },
    code: {
      fontFamily: 'monospace',
    },
    links: {
      listStyle: 'none',
      margin: 0,
      padding: 0,
    },
    external: {
      marginLeft: 2,
      verticalAlign: 'middle',
    },
    visuallyHidden: {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  }),
  { name: 'LambdaOpsChangeTimeline' },
);

function RiskChip(props: { risk: DeployRisk }) {
  const risk = RISKS[props.risk] ?? {
    tone: 'neutral',
    label: `${props.risk} risk`,
  };
  return <ToneChip tone={risk.tone} label={risk.label} />;
}

/**
 * The links CI sent: http(s) ones open in a new tab without handing the portal over
 * (`noopener noreferrer`); anything else (`javascript:`, `file:`) is plain text.
 */
function ChangeLinks(props: { links: string[] }) {
  const classes = useStyles();
  return (
    <ul className={classes.links}>
      {props.links.map((link, index) => (
        <li key={`${index}-${link}`}>
          {isHttpUrl(link) ? (
            <Link href={link} target="_blank" rel="noopener noreferrer">
              {link}{' '}
              <span className={classes.visuallyHidden}>
                (opens in a new tab)
              </span>
              <OpenInNew
                fontSize="inherit"
                className={classes.external}
                aria-hidden
              />
            </Link>
          ) : (
            <span title="Not an http(s) link, so not rendered as one">
              {link}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function ChangeItem(props: {
  marker: DeployMarker;
  highlighted: boolean;
  now?: number;
}) {
  const { marker, highlighted, now } = props;
  const classes = useStyles();
  const source = SOURCES[marker.source] ?? {
    label: marker.source,
    title: marker.source,
  };

  const facts: Array<[string, ReactNode]> = [];
  if (marker.actor) facts.push(['Who', marker.actor]);
  if (marker.reason) facts.push(['Why', marker.reason]);
  if (marker.gitSha) {
    facts.push([
      'Commit',
      <code className={classes.code} title={marker.gitSha}>
        {shortSha(marker.gitSha)}
      </code>,
    ]);
  }
  if (marker.ref) {
    facts.push(['Ref', <code className={classes.code}>{marker.ref}</code>]);
  }
  if (marker.env) facts.push(['Env', marker.env]);
  if (marker.artifact) {
    facts.push([
      'Artifact',
      <code className={classes.code}>{marker.artifact}</code>,
    ]);
  }
  if (marker.rollback) facts.push(['Rollback', marker.rollback]);
  if (marker.gateOverride) {
    facts.push(['Gate override', marker.gateOverride.reason]);
  }
  // `?? []`: a reply cached by an older backend has markers without links.
  const links = marker.links ?? [];
  if (links.length > 0) {
    facts.push(['Links', <ChangeLinks links={links} />]);
  }

  return (
    <li
      id={changeDomId(marker.id)}
      className={
        highlighted ? `${classes.item} ${classes.highlighted}` : classes.item
      }
      // The rollback banner's "See the change" moves focus here.
      tabIndex={highlighted ? -1 : undefined}
      data-lambda-ops-highlight={highlighted ? 'true' : undefined}
    >
      <div className={classes.head}>
        <Typography variant="body2" component="span">
          <time dateTime={marker.ts} title={marker.ts}>
            {formatSince(marker.ts, now)}
          </time>
        </Typography>
        <Chip
          size="small"
          color={marker.changeType === 'deployment' ? 'primary' : 'default'}
          label={changeTypeLabel(marker)}
        />
        <Chip
          size="small"
          variant="outlined"
          label={source.label}
          title={source.title}
        />
        {marker.risk && <RiskChip risk={marker.risk} />}
        {marker.gateOverride && (
          <ToneChip tone="warning" label="Deployed past the gate" />
        )}
        {highlighted && (
          <ToneChip tone="error" label={ROLLBACK_CANDIDATE_LABEL} />
        )}
      </div>
      <Typography variant="body1" className={classes.summary}>
        {marker.changeSummary}
      </Typography>
      {facts.length > 0 && (
        <dl className={classes.facts}>
          {facts.map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </li>
  );
}

/** Props of {@link ChangeTimeline}. */
export interface ChangeTimelineProps {
  /** Deploys CI recorded and changes AWS reported, over the last 7 days. */
  markers: DeployMarker[];
  /** The change the rollback hint names: highlighted, and the target of its link. */
  highlightId?: string | null;
  /** For tests: the moment "35 min ago" counts from. */
  now?: number;
}

/**
 * What changed, newest first: every deploy CI recorded (who, why, how risky, which
 * commit, how to roll back, links) and every deployment or configuration change AWS
 * reported. The change behind the rollback hint is highlighted.
 */
export function ChangeTimeline(props: ChangeTimelineProps) {
  const { markers, highlightId = null, now } = props;
  const classes = useStyles();
  const headingId = 'lambda-ops-changes-heading';

  return (
    <section aria-labelledby={headingId}>
      <Typography variant="h5" component="h2" id={headingId}>
        {CHANGES_HEADING}
      </Typography>
      {markers.length === 0 ? (
        <Alert severity="info" role="status" className={classes.intro}>
          <AlertTitle>{NO_CHANGES_TITLE}</AlertTitle>
          {NO_CHANGES_HINT}
        </Alert>
      ) : (
        <>
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.intro}
          >
            Deploys recorded by CI and changes reported by AWS over the last 7
            days, newest first.
          </Typography>
          <Paper variant="outlined">
            <ol className={classes.list} aria-labelledby={headingId}>
              {newestFirst(markers).map((marker, index) => (
                <ChangeItem
                  key={`${marker.id}-${index}`}
                  marker={marker}
                  highlighted={
                    highlightId !== null && marker.id === highlightId
                  }
                  now={now}
                />
              ))}
            </ol>
          </Paper>
        </>
      )}
    </section>
  );
}
