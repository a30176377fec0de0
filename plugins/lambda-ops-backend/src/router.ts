import {
  HttpAuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { OperationsService } from './services/OperationsService';

// Entity name parts as the catalog allows them (letters, digits, - _ .), 1–253 characters.
const entityPathSchema = z.object({
  namespace: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/),
  kind: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/),
});

function parseEntityPath(params: unknown) {
  const parsed = entityPathSchema.safeParse(params);
  if (!parsed.success) {
    throw new InputError(
      'Invalid entity reference in the path: expected /v1/entities/<namespace>/<kind>/<name>, e.g. /v1/entities/default/component/orders-api',
    );
  }
  return parsed.data;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  config: RootConfigService;
  operations: OperationsService;
}): Promise<express.Router> {
  const { httpAuth, operations } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(
    '/v1/entities/:namespace/:kind/:name/operations',
    async (req, res) => {
      const ref = parseEntityPath(req.params);
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await operations.getOperations(ref, credentials));
    },
  );

  router.get(
    '/v1/entities/:namespace/:kind/:name/runbook',
    async (req, res) => {
      const ref = parseEntityPath(req.params);
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await operations.getRunbook(ref, credentials));
    },
  );

  // The contract promises clear messages and never a stack trace, which the shared error
  // handler adds in development; this one keeps Backstage's error body without it.
  router.use(
    MiddlewareFactory.create({
      config: options.config,
      logger: options.logger,
    }).error({
      showStackTraces: false,
    }),
  );
  return router;
}
