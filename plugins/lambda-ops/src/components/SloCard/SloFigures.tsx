import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { Slo } from '@lambda-ops/backstage-plugin-common';
import {
  formatAttainment,
  formatBudgetRemaining,
  formatCount,
  formatFailures,
  formatTarget,
} from '../../slo/format';
import { FigureList } from '../FigureList';

type BudgetTone = 'healthy' | 'low' | 'overspent';

/**
 * Red once nothing is left to fill the bar; amber while the backend's status says the
 * budget needs care (warning or page), whatever its configured thresholds; else green.
 */
function budgetTone(remaining: number, status: Slo['status']): BudgetTone {
  if (remaining <= 0) {
    return 'overspent';
  }
  return status === 'warning' || status === 'page' ? 'low' : 'healthy';
}

const useStyles = makeStyles((theme: Theme) => ({
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

/**
 * The figures of an SLO: target, attainment, error budget remaining (with a bar)
 * and consumed, in the SLO's unit ("65 of 432 minutes"). A zero-tolerance SLO has no
 * budget to show, so it gets its target as "Zero failures" and its failure count.
 */
export function SloFigures(props: { slo: Slo }) {
  const { slo } = props;
  const classes = useStyles();
  const { remaining, consumed, total, unit } = slo.errorBudget;

  if (slo.budgetKind === 'zero-tolerance') {
    return (
      <FigureList
        figures={[
          { label: 'Target', value: 'Zero failures' },
          { label: 'Observed', value: formatFailures(slo) },
        ]}
      />
    );
  }

  const tone =
    remaining === null ? undefined : budgetTone(remaining, slo.status);
  const budgetRemaining = (
    <>
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
    </>
  );

  return (
    <FigureList
      figures={[
        { label: 'Target', value: formatTarget(slo.target) },
        {
          label: 'Attainment',
          value: formatAttainment(slo.attainment, slo.target),
        },
        { label: 'Error budget remaining', value: budgetRemaining },
        {
          label: 'Error budget consumed',
          value: `${formatCount(consumed)} of ${formatCount(total)} ${unit}`,
        },
      ]}
    />
  );
}
