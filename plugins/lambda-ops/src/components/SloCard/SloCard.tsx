import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Update from '@material-ui/icons/Update';
import type {
  DeployMarker,
  Slo,
  SloObjective,
} from '@lambda-ops/backstage-plugin-common';
import { formatWindowLabel } from '../../slo/format';
import { lazyPart } from '../lazyPart';
import { STATUS_TONES, StatusChip, toneRules } from '../StatusChip';
import { BurnRateTable } from './BurnRateTable';
import { summarizeExclusions } from './exclusions';
import { SloCounts } from './SloCounts';
import { SloFigures } from './SloFigures';

const OBJECTIVE_LABELS: Record<SloObjective, string> = {
  availability: 'Availability',
  latency: 'Latency',
  'event-age': 'Event age',
  'failed-deliveries': 'Failed deliveries',
  completion: 'Completion time',
  'success-rate': 'Success rate',
};

// A fixed sheet name keeps the status tone in the card's class name
// (`LambdaOpsSloCard-critical-…`), which tests assert on.
const useStyles = makeStyles(
  (theme: Theme) => ({
    card: {
      height: '100%',
    },
    // The card's left edge takes the status colour, so a page of cards scans at a glance.
    ...toneRules(theme, color => ({ borderLeft: `4px solid ${color}` })),
    header: {
      display: 'flex',
      justifyContent: 'space-between',
      alignItems: 'flex-start',
      gap: theme.spacing(1),
    },
    sourceLabel: {
      marginLeft: theme.spacing(1),
    },
    section: {
      marginBottom: theme.spacing(2),
    },
    deployNote: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      marginTop: theme.spacing(1),
      color: theme.palette.error.dark,
      fontWeight: 500,
    },
  }),
  { name: 'LambdaOpsSloCard' },
);

/** The height of the burn-down chart, kept for it while its code loads. */
const BURN_DOWN_HEIGHT = 160;

/** Charted with recharts, which only this chart needs: its code loads apart. */
const BudgetBurnDownChart = lazyPart(
  () => import('./BudgetBurnDownChart').then(m => m.BudgetBurnDownChart),
  <div style={{ height: BURN_DOWN_HEIGHT }} />,
);

/** HTML ids from SLO ids such as `orders-api:availability`. */
function domId(sloId: string, suffix: string): string {
  return `lambda-ops-slo-${sloId.replace(/[^A-Za-z0-9_-]/g, '-')}-${suffix}`;
}

/**
 * One SLO: its objective in words as the heading, a status chip and edge in the
 * status colour, the figures, the counts behind them, the budget burn-down over the
 * window (with the entity's deploys and the start of a page-level burn on it) and the
 * burn-rate rows, under which a deploy shortly before the burn is pointed out.
 */
export function SloCard(props: {
  slo: Slo;
  /** The entity's deploys and configuration changes, newest first. */
  deployMarkers?: DeployMarker[];
}) {
  const { slo, deployMarkers = [] } = props;
  const classes = useStyles();
  const headingId = domId(slo.id, 'heading');
  // A zero-tolerance budget is all or nothing (1 or 0), so its burn-down says
  // nothing the failure count does not.
  const showBurnDown =
    slo.burnDown.length > 0 && slo.budgetKind !== 'zero-tolerance';
  const imported = slo.source === 'application-signals';
  const deployBefore = slo.deployBeforeBurn;

  return (
    <Card
      component="section"
      aria-labelledby={headingId}
      className={`${classes.card} ${classes[STATUS_TONES[slo.status]]}`}
    >
      <CardContent>
        <div className={classes.header}>
          <div>
            <Typography variant="h6" component="h3" id={headingId}>
              {slo.description}
            </Typography>
            {/* A div, not a p: the source label is a chip, and a chip is a div. */}
            <Typography variant="body2" color="textSecondary" component="div">
              {OBJECTIVE_LABELS[slo.objective] ?? slo.objective} ·{' '}
              {formatWindowLabel(slo.window)}
              {imported && (
                <Chip
                  size="small"
                  variant="outlined"
                  label="Application Signals"
                  className={classes.sourceLabel}
                />
              )}
            </Typography>
          </div>
          <StatusChip status={slo.status} />
        </div>

        <SloFigures slo={slo} />

        {slo.counts.length > 0 && (
          <div className={classes.section}>
            <SloCounts counts={slo.counts} labelId={domId(slo.id, 'counts')} />
          </div>
        )}

        {showBurnDown && (
          <div className={classes.section}>
            <Typography variant="subtitle2" component="h4">
              Budget burn-down
            </Typography>
            <BudgetBurnDownChart
              id={domId(slo.id, 'burn-down')}
              height={BURN_DOWN_HEIGHT}
              points={slo.burnDown}
              window={slo.window}
              deployMarkers={deployMarkers}
              burningSince={slo.burningSince}
              exclusionWindows={slo.exclusionWindows}
            />
          </div>
        )}
        {slo.exclusionWindows.length > 0 && (
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.section}
          >
            Left out of the budget: {summarizeExclusions(slo.exclusionWindows)}
          </Typography>
        )}

        {slo.burnRates.length > 0 && (
          <BurnRateTable
            rows={slo.burnRates}
            labelId={domId(slo.id, 'burn-rates')}
          />
        )}
        {slo.burnRates.length > 0 && deployBefore && (
          <Typography
            variant="body2"
            className={classes.deployNote}
            title={deployBefore.changeSummary}
          >
            <Update fontSize="small" aria-hidden />
            <span>
              Deployed {deployBefore.minutes} min before the burn started
            </span>
          </Typography>
        )}

        {imported &&
          slo.burnRates.length === 0 &&
          slo.burnDown.length === 0 && (
            <Typography variant="caption" color="textSecondary" component="p">
              Imported from CloudWatch Application Signals, which reports no
              burn rates or budget history.
            </Typography>
          )}
      </CardContent>
    </Card>
  );
}
