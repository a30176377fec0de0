import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { SloCount } from '@lambda-ops/backstage-plugin-common';
import { formatCount } from '../../slo/format';

const useStyles = makeStyles((theme: Theme) => ({
  list: {
    margin: theme.spacing(0.5, 0, 2),
    paddingLeft: theme.spacing(2.5),
  },
}));

/**
 * The counts behind an SLO, such as failed deliveries by kind
 * ("DeadLetterErrors: 10"), as a small list.
 */
export function SloCounts(props: { counts: SloCount[]; labelId: string }) {
  const { counts, labelId } = props;
  const classes = useStyles();
  return (
    <>
      <Typography variant="subtitle2" component="h4" id={labelId}>
        Counts
      </Typography>
      <Typography
        variant="body2"
        component="ul"
        aria-labelledby={labelId}
        className={classes.list}
      >
        {counts.map(count => (
          <li key={count.label}>
            {count.label}: <strong>{formatCount(count.value)}</strong>
          </li>
        ))}
      </Typography>
    </>
  );
}
