import { InputError } from '@backstage/errors';
import { RUNBOOK_ANNOTATION } from '@lambda-ops/backstage-plugin-common';

/**
 * A runbook's bytes as markdown: UTF-8 markdown or plain text; binary data and HTML pages
 * are refused.
 *
 * @param content - the document as read
 * @param what - the runbook as messages name it
 */
export function decodeRunbook(content: Buffer, what: string): string {
  if (content.includes(0)) {
    throw new InputError(
      `Runbook ${what} is not markdown: it holds binary data. Point ${RUNBOOK_ANNOTATION} at a markdown file`,
    );
  }
  let text: string;
  try {
    // Drops a byte-order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new InputError(
      `Runbook ${what} is not markdown: it is not UTF-8 text. Point ${RUNBOOK_ANNOTATION} at a markdown file saved as UTF-8`,
    );
  }
  if (/^\s*<(?:!doctype\s+html|html)(?=[\s>])/i.test(text)) {
    throw new InputError(
      `Runbook ${what} is an HTML page, not markdown: point ${RUNBOOK_ANNOTATION} at the raw markdown file (on GitHub, the file's blob URL or raw.githubusercontent.com)`,
    );
  }
  return text;
}
