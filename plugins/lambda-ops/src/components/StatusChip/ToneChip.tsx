import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { Tone, toneRules } from './tones';

// A fixed sheet name keeps the tone in the class name (`LambdaOpsToneChip-critical-…`),
// which tests assert on: jsdom does not resolve the cascade between JSS sheets.
const useStyles = makeStyles(
  (theme: Theme) => ({
    ...toneRules(theme, (color, tone) => ({
      backgroundColor: color,
      color: theme.palette.getContrastText(color),
      fontWeight: tone === 'critical' ? 700 : undefined,
    })),
    visuallyHidden: {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  }),
  { name: 'LambdaOpsToneChip' },
);

/**
 * A small chip filled with the colour of its tone. `spokenPrefix` is read by screen
 * readers only, for words the colour stands for on screen ("Status: ").
 */
export function ToneChip(props: {
  tone: Tone;
  label: string;
  spokenPrefix?: string;
}) {
  const { tone, label, spokenPrefix } = props;
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[tone]}
      label={
        <>
          {spokenPrefix && (
            <span className={classes.visuallyHidden}>{spokenPrefix}</span>
          )}
          {label}
        </>
      }
    />
  );
}
