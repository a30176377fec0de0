import { CustomErrorBase } from '@backstage/errors';

/**
 * Something sent or read is larger than Lambda Ops accepts (a deploy marker over 64 kB, a
 * runbook over `lambdaOps.runbooks.maxBytes`). `@backstage/errors` has no error for HTTP
 * 413; Backstage's error handler answers with the `statusCode` an error carries, so this
 * one, built on its `CustomErrorBase`, becomes a 413 with the standard error body.
 *
 * @public
 */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}
