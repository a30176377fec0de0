/**
 * URL rules for runbook links. The backend only ever sends http(s) runbook URLs;
 * these checks repeat that on the way to the DOM, because a `javascript:` or
 * `data:` URL that slipped through would run in the portal's origin.
 */

/** The URL parsed, when it is an absolute http(s) URL; otherwise undefined. */
function parseHttpUrl(value: string, base?: string): URL | undefined {
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

/** True for an absolute http(s) URL, the only kind rendered as a link. */
export function isHttpUrl(value: string | null | undefined): value is string {
  return typeof value === 'string' && parseHttpUrl(value) !== undefined;
}

/**
 * A link of the runbook's markdown as it may appear in the DOM. Relative links,
 * fragment-only ones (`#errors`) included, are resolved against the runbook's own
 * URL: the panel recognises links into the runbook and scrolls to the section, and
 * a link opened in a new tab still lands on the right page. Without an http(s)
 * runbook URL a fragment-only link stays as it is. Anything that does not end up
 * http(s) — `javascript:`, `data:`, `mailto:`, `file:`, or relative without an
 * http(s) base — becomes `''`, which the markdown renderer shows as plain text.
 */
export function safeRunbookLink(href: string, runbookUrl?: string): string {
  const trimmed = href.trim();
  // The sanitizer leaves an unsafe link without href, which arrives here as '':
  // resolved against the base it would become a link to the runbook itself.
  if (trimmed === '') {
    return '';
  }
  const base = runbookUrl && isHttpUrl(runbookUrl) ? runbookUrl : undefined;
  if (trimmed.startsWith('#') && !base) {
    return trimmed;
  }
  return parseHttpUrl(trimmed, base)?.href ?? '';
}
