import { MouseEvent } from 'react';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { RunbookHeading } from '@lambda-ops/backstage-plugin-common';
import { HeadingNode, headingTree } from '../../runbook/headings';
import { isPlainClick } from '../../runbook/isPlainClick';

const useStyles = makeStyles((theme: Theme) => ({
  list: {
    listStyle: 'none',
    margin: 0,
    paddingLeft: 0,
    '& &': {
      paddingLeft: theme.spacing(2),
    },
  },
  item: {
    margin: theme.spacing(0.5, 0),
    ...theme.typography.body2,
  },
}));

function HeadingList(props: {
  nodes: HeadingNode[];
  onSelect: (id: string) => void;
}) {
  const classes = useStyles();
  return (
    <ul className={classes.list}>
      {props.nodes.map(({ heading, children }) => (
        <li key={heading.id} className={classes.item}>
          <Link
            href={`#${encodeURIComponent(heading.id)}`}
            onClick={(event: MouseEvent) => {
              if (isPlainClick(event)) {
                event.preventDefault();
                props.onSelect(heading.id);
              }
            }}
          >
            {heading.text}
          </Link>
          {children.length > 0 && (
            <HeadingList nodes={children} onSelect={props.onSelect} />
          )}
        </li>
      ))}
    </ul>
  );
}

/** The runbook's headings as a nested list of links to its sections. */
export function RunbookIndex(props: {
  headings: RunbookHeading[];
  onSelect: (id: string) => void;
}) {
  const headingId = 'lambda-ops-runbook-index-heading';
  if (props.headings.length === 0) {
    return null;
  }
  return (
    <nav aria-labelledby={headingId}>
      <Typography variant="subtitle2" component="h3" id={headingId}>
        Sections
      </Typography>
      <HeadingList
        nodes={headingTree(props.headings)}
        onSelect={props.onSelect}
      />
    </nav>
  );
}
