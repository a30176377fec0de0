import { posix } from 'node:path';
import { InputError, isError } from '@backstage/errors';
import { RUNBOOK_ANNOTATION } from '@lambda-ops/backstage-plugin-common';
import { PayloadTooLargeError } from '../../errors';

/** Extensions a runbook may have; a path without an extension is judged by its content. */
const MARKDOWN_EXTENSIONS = ['.md', '.markdown', '.txt'];

/**
 * Refuses a runbook whose extension says it is not markdown, before it is read.
 *
 * @param path - the URL's path or the file's path
 * @param what - the runbook as messages name it
 */
export function checkRunbookExtension(path: string, what: string): void {
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    name = path;
  }
  const extension = posix.extname(name).toLowerCase();
  if (extension && !MARKDOWN_EXTENSIONS.includes(extension)) {
    throw new InputError(
      `Runbook ${what} is not markdown (its extension is ${extension}): point ${RUNBOOK_ANNOTATION} at a ${MARKDOWN_EXTENSIONS.join(
        ', ',
      )} file`,
    );
  }
}

/** The error for a runbook over `lambdaOps.runbooks.maxBytes`. */
export function runbookTooLarge(
  what: string,
  maxBytes: number,
): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `Runbook ${what} is larger than ${maxBytes} bytes: split it, or raise lambdaOps.runbooks.maxBytes`,
  );
}

/** An error as the logger takes it, without walking a non-Error value. */
export function toLoggable(error: unknown): Error | undefined {
  return isError(error) ? (error as Error) : undefined;
}
