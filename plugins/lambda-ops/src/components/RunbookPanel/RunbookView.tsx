import { MouseEvent, useCallback, useEffect, useRef, useState } from 'react';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { MarkdownContent } from '@backstage/core-components';
import {
  linkSection,
  pointsIntoRunbook,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';
import { assignHeadingIds, findHeading } from '../../runbook/headings';
import { isPlainClick } from '../../runbook/isPlainClick';
import { safeRunbookLink } from '../../runbook/urls';
import { RunbookIndex } from './RunbookIndex';

/** Marks the section an alarm or the index led to. */
const HIGHLIGHT_ATTRIBUTE = 'data-lambda-ops-highlight';

/** A request to show a section of the runbook; `seq` makes a repeated click count. */
export interface RunbookTarget {
  /** The heading id (an anchor such as `errors`), or null for the top. */
  section: string | null;
  seq: number;
}

const useStyles = makeStyles((theme: Theme) => ({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(180px, 260px) minmax(0, 1fr)',
    gap: theme.spacing(3),
    alignItems: 'start',
    [theme.breakpoints.down('sm')]: {
      gridTemplateColumns: 'minmax(0, 1fr)',
    },
  },
  content: {
    maxHeight: '75vh',
    overflowY: 'auto',
    paddingRight: theme.spacing(1),
    // The runbook's own headings sit under the panel's "Runbook": keep them modest.
    '& h1': { fontSize: '1.6rem' },
    '& h2': { fontSize: '1.3rem' },
    '& h3': { fontSize: '1.1rem' },
    '& h1, & h2, & h3, & h4, & h5, & h6': {
      scrollMarginTop: theme.spacing(1),
      borderRadius: theme.shape.borderRadius,
      transition: 'background-color 0.3s',
    },
    [`& [${HIGHLIGHT_ATTRIBUTE}]`]: {
      backgroundColor: alpha(theme.palette.warning.main, 0.25),
      boxShadow: `inset 4px 0 0 ${theme.palette.warning.main}`,
      paddingLeft: theme.spacing(1),
      outline: 'none',
    },
  },
}));

/**
 * A loaded runbook: its section index beside the markdown, rendered by Backstage's
 * `MarkdownContent`. That renderer (GFM dialect) parses raw HTML and then sanitizes
 * it with rehype-sanitize's GitHub schema, which drops `<script>`, event handler
 * attributes and `javascript:` URLs; on top of that every link and image URL goes
 * through {@link safeRunbookLink}, so only http(s) and in-page links stay links.
 */
export function RunbookView(props: {
  runbook: RunbookResponse;
  target: RunbookTarget | null;
}) {
  const { runbook, target } = props;
  const classes = useStyles();
  const contentRef = useRef<HTMLDivElement>(null);
  const highlighted = useRef<HTMLElement | null>(null);
  const [rendered, setRendered] = useState(false);
  const [missingSection, setMissingSection] = useState<string | null>(null);

  // MarkdownContent loads its renderer lazily, so the headings arrive after this
  // component mounts: watch the container and give them their ids when they do.
  useEffect(() => {
    const container = contentRef.current;
    if (!container) {
      return undefined;
    }
    const apply = () => {
      assignHeadingIds(container, runbook.headings);
      if (container.childElementCount > 0) {
        setRendered(true);
      }
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(container, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [runbook]);

  const showSection = useCallback((section: string | null) => {
    const container = contentRef.current;
    if (!container) {
      return;
    }
    highlighted.current?.removeAttribute(HIGHLIGHT_ATTRIBUTE);
    highlighted.current = null;
    if (section === null) {
      container.scrollTop = 0;
      setMissingSection(null);
      return;
    }
    const heading = findHeading(container, section);
    if (!heading) {
      setMissingSection(section);
      return;
    }
    setMissingSection(null);
    heading.setAttribute(HIGHLIGHT_ATTRIBUTE, 'true');
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    // jsdom has no scrollIntoView.
    heading.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
    highlighted.current = heading;
  }, []);

  useEffect(() => {
    if (rendered && target) {
      showSection(target.section);
    }
  }, [rendered, target, showSection]);

  // Links to a section of this runbook scroll the panel instead of navigating. They
  // arrive as the runbook's own URL with a fragment (see safeRunbookLink), or, for a
  // runbook without an http(s) URL, as `#errors`, which the router turns into this
  // page's path.
  const onClickCapture = (event: MouseEvent<HTMLDivElement>) => {
    const anchor = (event.target as Element).closest?.('a');
    if (!anchor || !anchor.hash || !isPlainClick(event)) {
      return;
    }
    const here = window.location.href.split('#')[0];
    if (
      pointsIntoRunbook(anchor.href, runbook.url) ||
      anchor.getAttribute('href')?.startsWith('#') ||
      anchor.href.split('#')[0] === here
    ) {
      event.preventDefault();
      showSection(linkSection(anchor.href));
    }
  };

  const transformUri = useCallback(
    (href: string) => safeRunbookLink(href, runbook.url),
    [runbook.url],
  );

  return (
    <div className={classes.layout}>
      <RunbookIndex headings={runbook.headings} onSelect={showSection} />
      <div>
        {missingSection && (
          <Alert severity="warning">
            The runbook has no section #{missingSection}
          </Alert>
        )}
        <div
          ref={contentRef}
          className={classes.content}
          onClickCapture={onClickCapture}
          data-testid="lambda-ops-runbook-content"
        >
          <MarkdownContent
            content={runbook.markdown}
            dialect="gfm"
            transformLinkUri={transformUri}
            transformImageUri={transformUri}
          />
        </div>
        {runbook.markdown.trim() === '' && (
          <Typography variant="body2" color="textSecondary">
            The runbook is empty.
          </Typography>
        )}
      </div>
    </div>
  );
}
