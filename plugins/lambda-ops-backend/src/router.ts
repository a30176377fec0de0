import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { lambdaOpsDeployMarkerCreatePermission } from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from './config';
import { createErrorHandler } from './errorHandler';
import { DeployMarkerStore } from './services/DeployMarkerStore';
import {
  parseDeployMarkerInput,
  parseDeployMarkerQuery,
} from './services/deployMarkerInput';
import { EntityResolver } from './services/EntityResolver';
import { OperationsService } from './services/OperationsService';
import { PayloadTooLargeError } from './services/RunbookService';

/** Largest body express.json accepts; a deploy marker is far smaller. */
const BODY_LIMIT = '64kb';

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
  permissions: PermissionsService;
  entities: EntityResolver;
  deployMarkers: DeployMarkerStore;
}): Promise<express.Router> {
  const { httpAuth, operations, permissions, entities, deployMarkers } =
    options;
  const { retentionDays } = readLambdaOpsConfig(options.config).deployMarkers;
  const router = Router();
  router.use(express.json({ limit: BODY_LIMIT }));
  // body-parser's own errors say "request entity too large" or quote the JSON parser;
  // say what was posted instead. Error middleware with a path only sees errors there.
  router.use(
    '/v1/deploy-markers',
    (
      error: { type?: string },
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error?.type === 'entity.too.large') {
        next(
          new PayloadTooLargeError(
            'The deploy marker is larger than 64 kB: shorten change_summary, reason, rollback or links',
          ),
        );
      } else if (error?.type === 'entity.parse.failed') {
        next(
          new InputError('Invalid deploy marker: the body is not valid JSON'),
        );
      } else {
        next(error);
      }
    },
  );

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

  router.post('/v1/deploy-markers', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // Users need the permission granted by the policy; service principals (CI's external
    // access tokens) are decided by their access restrictions, if any.
    const [decision] = await permissions.authorize(
      [{ permission: lambdaOpsDeployMarkerCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Recording a deploy marker needs the permission ${lambdaOpsDeployMarkerCreatePermission.name}`,
      );
    }
    const input = parseDeployMarkerInput(req.body, {
      now: new Date(),
      retentionDays,
    });
    const { marker, created } = await deployMarkers.record(input);
    if (created && input.service) {
      // CI names the entity it deployed: its tab shows the deploy now, not after the TTL.
      await operations.forget(
        stringifyEntityRef(
          parseEntityRef(input.service, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        ),
      );
    }
    res.status(created ? 201 : 200).json(marker);
  });

  router.get(
    '/v1/entities/:namespace/:kind/:name/deploy-markers',
    async (req, res) => {
      const ref = parseEntityPath(req.params);
      const query = parseDeployMarkerQuery(req.query, { now: new Date() });
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { settings } = await entities.resolve(ref, credentials);
      // A function watched through an alias sees only markers of the environment of
      // that name (PROD alias, env "prod").
      res.json(
        await deployMarkers.listForFunctions(
          settings.functions.map(fn => ({ name: fn.name, env: fn.qualifier })),
          query,
        ),
      );
    },
  );

  // The contract promises clear messages and never a stack trace, which the shared error
  // handler adds in development; this one keeps Backstage's error body without it.
  router.use(createErrorHandler({ logger: options.logger }));
  return router;
}
