import { ReactNode } from 'react';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { Slo, SloObjective } from '@lambda-ops/backstage-plugin-common';
import { BurnRateTable } from './BurnRateTable';
import {
  formatAttainment,
  formatBudgetRemaining,
  formatCount,
  formatTarget,
} from './format';
import { StatusChip } from './StatusChip';

const OBJECTIVE_LABELS: Record<SloObjective, string> = {
  availability: 'Availability',
  latency: 'Latency',
  'event-age': 'Event age',
  'failed-deliveries': 'Failed deliveries',
  completion: 'Completion time',
  'success-rate': 'Success rate',
};

const SOURCE_LABELS: Record<Slo['source'], string> = {
  cloudwatch: 'CloudWatch',
  'application-signals': 'Application Signals',
};

/** Below this share of budget left the bar turns amber (Application Signals' default warning threshold). */
const BUDGET_WARNING_THRESHOLD = 0.5;

type BudgetTone = 'healthy' | 'low' | 'overspent';

function budgetTone(remaining: number): BudgetTone {
  if (remaining <= 0) {
    return 'overspent';
  }
  return remaining < BUDGET_WARNING_THRESHOLD ? 'low' : 'healthy';
}

const useStyles = makeStyles((theme: Theme) => ({
  card: {
    height: '100%',
  },
  header: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
  },
  metrics: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(1),
    margin: theme.spacing(2, 0),
    '& dt': {
      color: theme.palette.text.secondary,
    },
    '& dd': {
      margin: 0,
      fontWeight: 500,
    },
  },
  bar: {
    height: 8,
    borderRadius: 4,
    marginTop: theme.spacing(0.5),
    backgroundColor: theme.palette.action.selected,
  },
  healthy: { backgroundColor: theme.palette.success.main },
  low: { backgroundColor: theme.palette.warning.main },
  overspent: { backgroundColor: theme.palette.error.main },
  // An overspent bar has no fill left, so the track turns red instead.
  overspentTrack: { backgroundColor: theme.palette.error.light },
  overspentText: {
    color: theme.palette.error.main,
    fontWeight: 700,
  },
}));

function windowLabel(window: string): string {
  const days = /^(\d+)d$/.exec(window);
  return days ? `${days[1]}-day window` : `${window} window`;
}

function Metric(props: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2">
        {props.label}
      </Typography>
      <Typography component="dd" variant="body2">
        {props.children}
      </Typography>
    </>
  );
}

/** HTML ids from SLO ids such as `orders-api:availability`. */
function domId(sloId: string, suffix: string): string {
  return `lambda-ops-slo-${sloId.replace(/[^A-Za-z0-9_-]/g, '-')}-${suffix}`;
}

/**
 * One SLO: its objective in words as the heading, the target, the attainment,
 * the error budget left and spent, a status chip and the burn-rate rows.
 */
export function SloCard(props: { slo: Slo }) {
  const { slo } = props;
  const classes = useStyles();
  const headingId = domId(slo.id, 'heading');
  const { remaining, consumed, total, unit } = slo.errorBudget;
  const tone = remaining === null ? undefined : budgetTone(remaining);

  return (
    <Card
      component="section"
      aria-labelledby={headingId}
      className={classes.card}
    >
      <CardContent>
        <div className={classes.header}>
          <div>
            <Typography variant="h6" component="h3" id={headingId}>
              {slo.description}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {OBJECTIVE_LABELS[slo.objective] ?? slo.objective} ·{' '}
              {windowLabel(slo.window)} ·{' '}
              {SOURCE_LABELS[slo.source] ?? slo.source}
            </Typography>
          </div>
          <StatusChip status={slo.status} />
        </div>

        <dl className={classes.metrics}>
          <Metric label="Target">{formatTarget(slo.target)}</Metric>
          <Metric label="Attainment">
            {formatAttainment(slo.attainment, slo.target)}
          </Metric>
          <Metric label="Error budget remaining">
            <span>{formatBudgetRemaining(remaining)}</span>
            {tone === 'overspent' && (
              <>
                {' '}
                <span className={classes.overspentText}>overspent</span>
              </>
            )}
            {remaining !== null && tone && (
              <LinearProgress
                variant="determinate"
                aria-label="Error budget remaining"
                value={Math.min(100, Math.max(0, remaining * 100))}
                className={`${classes.bar} ${
                  tone === 'overspent' ? classes.overspentTrack : ''
                }`}
                classes={{ barColorPrimary: classes[tone] }}
              />
            )}
          </Metric>
          <Metric label="Error budget consumed">
            {`${formatCount(consumed)} of ${formatCount(total)} ${unit}`}
          </Metric>
        </dl>

        {slo.burnRates.length > 0 && (
          <BurnRateTable
            rows={slo.burnRates}
            labelId={domId(slo.id, 'burn-rates')}
          />
        )}
      </CardContent>
    </Card>
  );
}
