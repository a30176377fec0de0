import { isError } from '@backstage/errors';

/**
 * Why a runbook could not be read, as words that follow "links <link> which" in a
 * coverage reason. The readers' messages name the runbook first ("Runbook <what> does not
 * exist (404): …") for the Operations tab, where they stand alone; here the link is named
 * already, so the phrase leaves that out rather than name the URL twice.
 *
 * @param what - the runbook as the readers' messages name it
 */
export function unreadableReason(error: unknown, what: string): string {
  const message = isError(error) ? error.message : String(error);
  const named = `Runbook ${what} `;
  return message.startsWith(named)
    ? message.slice(named.length)
    : `cannot be read: ${message}`;
}
