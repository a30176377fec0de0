import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';

// A fixed sheet name keeps `defect` in the chip's class name, which tests assert on.
const useStyles = makeStyles(
  (theme: Theme) => ({
    defect: {
      borderColor: theme.palette.error.main,
      color: theme.palette.error.main,
      fontWeight: 500,
    },
    // A sentence-long label may wrap in a narrow cell; a one-word label never does.
    wrap: {
      height: 'auto',
      minHeight: 24,
      maxWidth: '100%',
      '& .MuiChip-label': {
        whiteSpace: 'normal',
        paddingTop: 2,
        paddingBottom: 2,
      },
    },
    icon: {
      color: `${theme.palette.error.main} !important`,
    },
  }),
  { name: 'LambdaOpsDefectChip' },
);

/**
 * Something about an alarm that makes it noise (no severity, no runbook), as an
 * outlined red chip with a warning icon, so it reads as a defect to fix rather than
 * a state. `tooltip` says how to fix it; the chip is focusable so keyboard users
 * reach it too.
 */
export function DefectChip(props: { label: string; tooltip?: string }) {
  const { label, tooltip } = props;
  const classes = useStyles();
  const chip = (
    <Chip
      size="small"
      variant="outlined"
      className={
        label.includes(' ')
          ? `${classes.defect} ${classes.wrap}`
          : classes.defect
      }
      icon={<ReportProblemOutlined className={classes.icon} />}
      label={label}
      tabIndex={tooltip ? 0 : undefined}
    />
  );
  return tooltip ? <Tooltip title={tooltip}>{chip}</Tooltip> : chip;
}
