import { HttpAuthService } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import { RequestHandler } from 'express';
import { rateLimit, Store } from 'express-rate-limit';

/** Too many requests from one principal (HTTP 429). The response carries `Retry-After`. */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}

/**
 * Limits the deploy markers each principal may post per window: markers drive the
 * rollback hint, so a runaway pipeline or a leaked token must not flood them. Counted by
 * principal, not by address: CI runners share addresses, and one token is one sender.
 * The counts live in `store` (the plugin's database), so replicas share one exact limit.
 */
export function limitDeployMarkersPerPrincipal(options: {
  httpAuth: HttpAuthService;
  store: Store;
  max: number;
  windowMs: number;
}): RequestHandler {
  const { httpAuth, store, max, windowMs } = options;
  return rateLimit({
    windowMs,
    limit: max,
    store,
    // A count that cannot be kept refuses the marker, which could not be stored either.
    passOnStoreError: false,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Keys are principals, not addresses, so the address checks do not apply.
    validate: false,
    async keyGenerator(req) {
      // Without valid credentials the route answers 401 whatever the count.
      const { principal } = await httpAuth
        .credentials(req, { allow: ['user', 'service'] })
        .catch(() => ({ principal: { type: 'none' as const } }));
      if (principal.type === 'user') {
        return `user:${principal.userEntityRef}`;
      }
      return principal.type === 'service'
        ? `service:${principal.subject}`
        : 'none';
    },
    handler(req, res, next) {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit
        ?.resetTime;
      const seconds = Math.max(
        1,
        Math.ceil(
          ((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000,
        ),
      );
      res.setHeader('Retry-After', String(seconds));
      next(
        new TooManyRequestsError(
          `More than ${max} deploy markers from you within ${Math.round(
            windowMs / 1000,
          )} s: try again in ${seconds} s, or raise lambdaOps.deployMarkers.rateLimit.max`,
        ),
      );
    },
  });
}
