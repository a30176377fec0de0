import { Fragment, ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';

const useStyles = makeStyles((theme: Theme) => ({
  list: {
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
}));

/** One labelled figure; the label must be unique within its list. */
export interface Figure {
  label: string;
  value: ReactNode;
}

/** Labelled figures as a two-column description list: label, then value. */
export function FigureList(props: { figures: Figure[] }) {
  const classes = useStyles();
  return (
    <dl className={classes.list}>
      {props.figures.map(({ label, value }) => (
        <Fragment key={label}>
          <Typography component="dt" variant="body2">
            {label}
          </Typography>
          <Typography component="dd" variant="body2">
            {value}
          </Typography>
        </Fragment>
      ))}
    </dl>
  );
}
