import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  ErrorResponseBody,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
  NotModifiedError,
  serializeError,
  ServiceUnavailableError,
  toError,
} from '@backstage/errors';
import { randomBytes } from 'node:crypto';
import { ErrorRequestHandler } from 'express';

/** HTTP status of the errors of `@backstage/errors`, as Backstage's own handler maps them. */
const STATUS_BY_ERROR_NAME: Record<string, number> = {
  [NotModifiedError.name]: 304,
  [InputError.name]: 400,
  [AuthenticationError.name]: 401,
  [NotAllowedError.name]: 403,
  [NotFoundError.name]: 404,
  [ConflictError.name]: 409,
  [NotImplementedError.name]: 501,
  [ServiceUnavailableError.name]: 503,
};

/** An error's own `statusCode` or `status` (PayloadTooLargeError, body-parser) wins. */
function statusOf(error: Error): number {
  for (const field of ['statusCode', 'status'] as const) {
    const status = (error as { [key in typeof field]?: unknown })[field];
    if (
      Number.isInteger(status) &&
      Number(status) >= 100 &&
      Number(status) <= 599
    ) {
      return Number(status);
    }
  }
  return STATUS_BY_ERROR_NAME[error.name] ?? 500;
}

/**
 * Answers a failed request with Backstage's error body (`{ error, request, response }`),
 * never with a stack trace. What is not an Error, and database errors, which may quote SQL
 * and data, go to the log under an id; the caller sees only that id.
 */
export function createErrorHandler(options: {
  logger: LoggerService;
}): ErrorRequestHandler {
  const logger = options.logger.child({ type: 'errorHandler' });

  function redact(raw: unknown): Error {
    if (isError(raw) && raw.constructor.name !== 'DatabaseError') {
      return raw;
    }
    const logId = randomBytes(10).toString('hex');
    logger.error(`Internal error logId=${logId}`, toError(raw));
    return new Error(`An internal error occurred logId=${logId}`);
  }

  return (raw, req, res, next) => {
    const error = redact(raw);
    const statusCode = statusOf(error);
    if (statusCode >= 500) {
      logger.error(`Request failed with status ${statusCode}`, error);
    }
    if (res.headersSent) {
      next(error);
      return;
    }
    const body: ErrorResponseBody = {
      error: serializeError(error, { includeStack: false }),
      request: { method: req.method, url: req.url },
      response: { statusCode },
    };
    res.status(statusCode).json(body);
  };
}
