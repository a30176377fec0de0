import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import type { Store } from 'express-rate-limit';
import Router from 'express-promise-router';
import {
  InputError,
  NotAllowedError,
  NotImplementedError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  coverageToCsv,
  lambdaOpsDeployMarkerCreatePermission,
  sloReviewToCsv,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from './config';
import { limitDeployMarkersPerPrincipal } from './deployMarkerRateLimit';
import { createErrorHandler } from './errorHandler';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import { explainRequestErrors } from './schema/requestErrors';
import {
  answerUndocumentedRoutes,
  requireDocumentedMediaType,
} from './schema/routeGuards';
import { AlarmTemplateService } from './services/AlarmTemplateService';
import { DeployMarkerService } from './services/DeployMarkerService';
import {
  parseDeployMarkerInput,
  parseDeployMarkerQuery,
} from './services/deployMarkerInput';
import { DeployGateService } from './services/DeployGateService';
import { FleetViewsService } from './services/fleet/FleetViewsService';
import { OperationsService } from './services/OperationsService';
import { SloReviewService } from './services/review/SloReviewService';
import { PayloadTooLargeError } from './errors';

/** Largest body express.json accepts; a deploy marker is far smaller. */
const BODY_LIMIT = '64kb';

/**
 * Answers the routes of the contract that this version of the backend does not serve yet
 * with 501 and Backstage's error body; paths outside the contract fall through to 404.
 */
function answerRoutesNotServed(): express.RequestHandler {
  return (req, _res, next) => {
    // express-openapi-validator marks the requests whose route the schema knows.
    if ((req as { openapi?: unknown }).openapi) {
      next(
        new NotImplementedError(
          `${req.method} ${req.path} is part of the Lambda Ops API but this backend does not serve it yet: upgrade @lambda-ops/backstage-plugin-backend`,
        ),
      );
    } else {
      next();
    }
  };
}

function isJson(text: string | undefined): boolean {
  try {
    JSON.parse(text ?? '');
    return true;
  } catch {
    return false;
  }
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  deployMarkerRateLimits: Store;
  logger: LoggerService;
  config: RootConfigService;
  operations: OperationsService;
  permissions: PermissionsService;
  deployMarkers: DeployMarkerService;
  deployGate: DeployGateService;
  fleetViews: FleetViewsService;
  alarmTemplates: AlarmTemplateService;
  sloReview: SloReviewService;
}): Promise<express.Router> {
  const {
    httpAuth,
    deployMarkerRateLimits,
    operations,
    permissions,
    deployMarkers,
    deployGate,
    fleetViews,
    alarmTemplates,
    sloReview,
  } = options;
  const { retentionDays, rateLimit } = readLambdaOpsConfig(
    options.config,
  ).deployMarkers;
  const router = Router();
  // A body that is not JSON is refused as such (415), not field by field.
  router.use(requireDocumentedMediaType());
  // Parsed before the schema's router: that router turns every error raised ahead of its
  // handlers into a 400, and a body too large is a 413.
  router.use(express.json({ limit: BODY_LIMIT }));
  // body-parser's own errors say "request entity too large" or quote the JSON parser;
  // say what was posted instead. Error middleware with a path only sees errors there.
  router.use(
    '/v1/deploy-markers',
    (
      error: { type?: string; body?: string },
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
        // body-parser also refuses valid JSON that is a lone string or number.
        next(
          new InputError(
            isJson(error.body)
              ? 'Invalid deploy marker: the body must be a JSON object with the fields ts, deploy_id, artifact, change_summary and reason, not a single value'
              : 'Invalid deploy marker: the body is not valid JSON',
          ),
        );
      } else {
        next(error);
      }
    },
  );

  // Routes, parameters and bodies come from src/schema/openapi.yaml, which checks every
  // request before the handlers below see it.
  const api = await createOpenApiRouter({
    validatorOptions: {
      validateRequests: {
        allErrors: true,
        coerceTypes: false,
        allowUnknownQueryParameters: false,
      },
      // Authentication is Backstage's (httpAuth below); the schema only documents it.
      validateSecurity: false,
    },
  });

  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  api.get(
    '/v1/entities/:namespace/:kind/:name/operations',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await operations.getOperations(req.params, credentials));
    },
  );

  api.get('/v1/entities/:namespace/:kind/:name/runbook', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await operations.getRunbook(req.params, credentials));
  });

  api.post(
    '/v1/deploy-markers',
    limitDeployMarkersPerPrincipal({
      httpAuth,
      store: deployMarkerRateLimits,
      ...rateLimit,
    }),
  );
  api.get(
    '/v1/entities/:namespace/:kind/:name/deploy-gate',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(
        await deployGate.getDeployGate(
          req.params,
          { env: req.query.env, version: req.query.version },
          credentials,
        ),
      );
    },
  );

  api.get(
    '/v1/entities/:namespace/:kind/:name/alarm-template',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await alarmTemplates.getTemplate(req.params, credentials));
    },
  );

  api.post('/v1/deploy-markers', async (req, res) => {
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
    res.status(created ? 201 : 200).json(marker);
  });

  api.get(
    '/v1/entities/:namespace/:kind/:name/deploy-markers',
    async (req, res) => {
      const query = parseDeployMarkerQuery(req.query, { now: new Date() });
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(
        await deployMarkers.listForEntity(req.params, query, credentials),
      );
    },
  );

  api.get('/v1/on-call', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await fleetViews.getOnCall({ owner: req.query.owner }, credentials),
    );
  });

  api.get('/v1/coverage', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = { owner: req.query.owner };
    if (req.query.format === 'csv') {
      const coverage = await fleetViews.getCoverage(query, credentials);
      res
        .type('text/csv')
        .attachment('lambda-ops-coverage.csv')
        .send(coverageToCsv(coverage.entities));
    } else {
      res
        .type('application/json')
        .send(await fleetViews.getCoverageJson(query, credentials));
    }
  });

  api.get('/v1/slo-review', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const review = await sloReview.getReview(
      { owner: req.query.owner },
      credentials,
    );
    if (req.query.format === 'csv') {
      res
        .type('text/csv')
        .attachment('lambda-ops-slo-review.csv')
        .send(sloReviewToCsv(review.rows));
    } else {
      res.json(review);
    }
  });

  api.use(answerRoutesNotServed());
  router.use(api);
  router.use(answerUndocumentedRoutes());
  router.use(explainRequestErrors());

  // The contract promises clear messages and never a stack trace, which the shared error
  // handler adds in development; this one keeps Backstage's error body without it.
  router.use(createErrorHandler({ logger: options.logger }));
  return router;
}
