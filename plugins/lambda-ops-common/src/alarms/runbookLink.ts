/**
 * Where an alarm's runbook is. "Every alarm has exactly one runbook", linked from the alarm
 * itself: the first http(s) URL in its `AlarmDescription`, else a `runbook` tag. The text
 * comes from whoever can edit alarms and ends up as a link in the portal, so only http(s)
 * URLs ever come out of here: `javascript:`, `data:`, `file:`, `vbscript:` and relative links
 * are never returned.
 */

/** What a runbook link is read from: the alarm's description and tags. @public */
export interface AlarmRunbookSource {
  description?: string | null;
  tags?: ReadonlyArray<{ key: string; value: string }>;
}

/** The runbook of an entity, with the anchors of its headings. @public */
export interface EntityRunbookSections {
  url: string;
  headingIds: string[];
}

const RUNBOOK_TAG_KEY = 'runbook';

/**
 * An http(s) URL candidate in free text: the scheme, an optional IPv6 host in brackets,
 * then everything up to a space, a quote, angle or square brackets (markdown and HTML
 * wrappers) or another character that cannot appear unescaped in a URL. It must not follow
 * a letter, digit, `+`, `-` or `.`, which would make it part of another scheme (`xhttp://…`).
 */
const URL_CANDIDATE =
  /(^|[^\p{L}\p{N}+\-.])(https?:\/\/(?:\[[0-9a-f:.]+\])?[^\s<>"'`[\]{}|\\^]*)/giu;

/** Characters that end a sentence rather than a URL. */
const TRAILING_PUNCTUATION = new Set([...'.,;:!?*', ...'。、，．！？：；']);

/** Closing brackets, trimmed from the end when the URL does not open them. */
const BRACKET_PAIRS: Record<string, string> = {
  ')': '(',
  '）': '（',
  '」': '「',
  '』': '『',
  '】': '【',
  '〉': '〈',
  '》': '《',
};

/** HTML-escaped wrappers (`&lt;https://…&gt;`, `href=&quot;…&quot;`) end a URL. */
const HTML_ENTITY_END = /&(?:gt|lt|quot|apos|#0*39|#0*34|#x0*27|#x0*22);/i;

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Trims what surrounds a URL in prose: full stops, commas, unbalanced closing brackets. */
function trimTrailing(candidate: string): string {
  let url = candidate.split(HTML_ENTITY_END)[0];
  for (;;) {
    const last = url.slice(-1);
    const opening = BRACKET_PAIRS[last];
    if (TRAILING_PUNCTUATION.has(last)) {
      url = url.slice(0, -1);
    } else if (opening && count(url, last) > count(url, opening)) {
      url = url.slice(0, -1);
    } else {
      return url;
    }
  }
}

/**
 * The URL, normalised (`new URL(…).href`: lower-case scheme and host, punycode host, spaces
 * and non-ASCII characters percent-encoded), when it is an absolute http(s) URL with a host.
 */
function httpUrl(text: string): string | null {
  // `new URL` forgives `https:///host` and `https:\\host`; a runbook link is written plainly.
  if (!/^https?:\/\/[^/\\]/i.test(text)) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  return url.hostname ? url.href : null;
}

/**
 * The alarm's runbook link: the first http(s) URL in its description, else the value of its
 * `runbook` tag (key in any case) when that value is an http(s) URL; else null.
 *
 * URLs are found in plain text, in markdown links and autolinks (`[runbook](https://…)`,
 * `<https://…>`) and in HTML attributes (`href="https://…"`); a full stop, comma or unbalanced
 * closing bracket after the URL is not part of it. The result is normalised with `new URL`,
 * so it keeps its fragment (`#errors`) but may differ in spelling from the text (`HTTPS://X`
 * comes back as `https://x/`).
 *
 * @param alarm - the alarm's `AlarmDescription` and tags
 * @public
 */
export function extractRunbookUrl(alarm: AlarmRunbookSource): string | null {
  const description = alarm.description ?? '';
  for (const match of description.matchAll(URL_CANDIDATE)) {
    const url = httpUrl(trimTrailing(match[2]));
    if (url) {
      return url;
    }
  }
  const tag = alarm.tags?.find(
    t => t.key.trim().toLowerCase() === RUNBOOK_TAG_KEY,
  );
  return tag ? httpUrl(tag.value.trim()) : null;
}

/** The http(s) page a link points to, normalised and without its fragment. */
function pageOf(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }
  url.hash = '';
  return url.href;
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * Whether a link points into the runbook at `runbookUrl`: the same http(s) page once both
 * are normalised and their fragments set aside.
 *
 * @public
 */
export function pointsIntoRunbook(
  link: string,
  runbookUrl: string | null | undefined,
): boolean {
  if (!runbookUrl) {
    return false;
  }
  const page = pageOf(link);
  return page !== null && page === pageOf(runbookUrl);
}

/**
 * The section a link points to (`…#errors` → `errors`), percent-decoded; null without
 * one.
 *
 * @public
 */
export function linkSection(link: string): string | null {
  const hash = link.indexOf('#');
  if (hash === -1 || hash === link.length - 1) {
    return null;
  }
  return decodeFragment(link.slice(hash + 1));
}

/** GitHub prefixes heading ids with this; links work with or without it. */
const GITHUB_ID_PREFIX = 'user-content-';

/** Edit distance, to suggest the heading a mistyped link most likely meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** The heading closest to the broken section, the first one on a tie. */
function closestHeading(section: string, headingIds: string[]): string {
  return headingIds.reduce((best, id) =>
    editDistance(section, id) < editDistance(section, best) ? id : best,
  );
}

/** The runbook's file or page name, for messages: `orders-api.md`. */
function runbookName(url: string): string {
  const path = new URL(url).pathname.replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last ? decodeFragment(last) : url;
}

/**
 * Why an alarm's runbook link is broken although it exists: it points into the entity's own
 * runbook (the same URL once both are normalised and the fragment is set aside) at a section
 * the runbook does not have. Null when the link is fine, points elsewhere (another runbook
 * cannot be checked here), has no fragment, or either URL cannot be parsed.
 *
 * Fragments are compared after percent-decoding, and GitHub's `user-content-` prefix is
 * ignored, so `#%E6%89%8B%E9%A0%86` matches the heading id `手順`.
 *
 * @param alarmRunbookUrl - the alarm's runbook link (`Alarm.runbookUrl`)
 * @param entityRunbook - the entity's runbook: its URL and the ids of its headings
 * @public
 */
export function runbookSectionProblem(
  alarmRunbookUrl: string | null,
  entityRunbook: EntityRunbookSections | null,
): string | null {
  if (!alarmRunbookUrl || !entityRunbook) {
    return null;
  }
  const section = linkSection(alarmRunbookUrl);
  if (!section || !pointsIntoRunbook(alarmRunbookUrl, entityRunbook.url)) {
    return null;
  }
  const ids = entityRunbook.headingIds.map(id =>
    decodeFragment(id.replace(/^#/, '')),
  );
  const wanted = section.startsWith(GITHUB_ID_PREFIX)
    ? section.slice(GITHUB_ID_PREFIX.length)
    : section;
  if (ids.includes(section) || ids.includes(wanted)) {
    return null;
  }
  const name = runbookName(pageOf(entityRunbook.url)!);
  const advice =
    ids.length > 0
      ? `link an existing section such as #${closestHeading(wanted, ids)}`
      : 'it has no headings, so link the runbook without a section';
  return `Links to section #${section}, which the runbook ${name} does not have; ${advice}`;
}
