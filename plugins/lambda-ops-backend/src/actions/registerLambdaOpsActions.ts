import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  COVERAGE_CHECKS,
  CoverageCheckId,
  filterOnCallRows,
  FLEET_STATUSES_WORST_FIRST,
  FleetStatus,
  SloMonthVerdict,
} from '@lambda-ops/backstage-plugin-common';
import type { DeployGateService } from '../services/DeployGateService';
import type { OperationsService } from '../services/OperationsService';
import type { FleetViewsService } from '../services/fleet/FleetViewsService';
import type { SloReviewService } from '../services/review/SloReviewService';

type Zod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

/** The entity input of the per-entity actions. */
const entityRefInput = (z: Zod) =>
  z
    .string()
    .describe(
      'The entity, e.g. component:default/orders-api (kind and namespace default to component and default)',
    );

/** The owner input of the fleet actions, worded as the HTTP route's parameter. */
const ownerInput = (z: Zod) =>
  z
    .array(z.string())
    .max(50)
    .optional()
    .describe(
      "Owners' entity refs, e.g. group:default/payments; without it, the caller's own groups (for a service caller, the whole fleet)",
    );

const DEFAULT_LIMIT = 50;

const SLO_MONTH_VERDICTS: [SloMonthVerdict, ...SloMonthVerdict[]] = [
  'missed',
  'never-burning',
  'met',
  'no-data',
];

/**
 * How many rows a fleet action answers with. A whole fleet's reply is megabytes of JSON
 * (the scorecard of 10,000 services 8.5 MB), more than an assistant can read, so the
 * actions answer the first rows in the route's order and say how many they left out.
 */
const limitInput = (z: Zod, rows: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe(
      `At most this many ${rows} (default ${DEFAULT_LIMIT}); the reply says how many it left out. Narrow by owner or by the filters rather than raise it.`,
    );

const omittedOutput = (z: Zod, rows: string) =>
  z
    .number()
    .describe(
      `How many ${rows} matched but were left out by the limit; ask again with a narrower owner or filter to see them`,
    );

/** The first `limit` items, and how many were left out. */
function firstOf<T>(
  items: readonly T[],
  limit: number | undefined,
): { shown: T[]; omitted: number } {
  const shown = items.slice(0, limit ?? DEFAULT_LIMIT);
  return { shown, omitted: items.length - shown.length };
}

/** How fresh the fleet reply is, which every fleet action's output leads with. */
const freshness = (z: Zod) => ({
  snapshotAt: z
    .string()
    .nullable()
    .describe('When the data was collected; null until the first refresh ends'),
  stale: z.boolean().describe('True when the last refresh failed'),
  staleReason: z
    .string()
    .nullable()
    .describe('Why the last refresh failed; null when it did not'),
  emptyReason: z
    .string()
    .nullable()
    .describe('Why there are no rows, when there are none'),
});

/**
 * Registers the plugin's reads with Backstage's actions registry, so that the MCP actions
 * backend offers them to AI assistants ("what is paging for team payments?", "which
 * services lack runbooks?"). Each action runs with the caller's credentials through the
 * same services as the HTTP routes, so it sees exactly what the caller may read.
 */
export function registerLambdaOpsActions(options: {
  actionsRegistry: ActionsRegistryService;
  fleetViews: FleetViewsService;
  operations: OperationsService;
  deployGate: DeployGateService;
  sloReview: SloReviewService;
}): void {
  const { actionsRegistry, fleetViews, operations, deployGate, sloReview } =
    options;

  actionsRegistry.register({
    name: 'get-on-call',
    title: 'On-call view of Lambda services',
    description:
      'Every Lambda-backed service the owners own, worst first (page > breached > warning > unknown > no-data > ok): firing page alarms with their runbook links, firing tickets, error budget left, 1-hour burn rate and last deploy; the first rows only (see limit), with totals by status over them all. Use it to answer "what is paging for team payments?" (statuses: ["page"]) or "is checkout paging?" (search: "checkout").',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          owner: ownerInput(z),
          statuses: z
            .array(
              z.enum(
                FLEET_STATUSES_WORST_FIRST as [FleetStatus, ...FleetStatus[]],
              ),
            )
            .optional()
            .describe(
              'Only the services in these statuses, e.g. ["page", "breached"]',
            ),
          search: z
            .string()
            .max(200)
            .optional()
            .describe(
              'Only the services whose name, entity ref or firing page alarms contain it, in any case, e.g. checkout',
            ),
          limit: limitInput(z, 'services'),
        }),
      output: z =>
        z
          .object({
            owners: z.array(z.string()),
            ...freshness(z),
            rows: z.array(
              z
                .object({
                  entityRef: z.string(),
                  status: z.string(),
                })
                .passthrough(),
            ),
            omittedRows: omittedOutput(z, 'services'),
            totals: z
              .record(z.number())
              .describe(
                "Services by status, all the owners' (filters and limit aside)",
              ),
          })
          .passthrough(),
    },
    examples: [
      {
        title: 'What is paging for team payments',
        input: { owner: ['group:default/payments'], statuses: ['page'] },
      },
    ],
    action: async ({ input, credentials }) => {
      const reply = await fleetViews.getOnCall(
        { owner: input.owner },
        credentials,
      );
      const { shown, omitted } = firstOf(
        filterOnCallRows(reply.rows, input),
        input.limit,
      );
      return { output: { ...reply, rows: shown, omittedRows: omitted } };
    },
  });

  actionsRegistry.register({
    name: 'get-runbook-coverage',
    title: 'Runbook-coverage scorecard of Lambda services',
    description:
      'Six checks per Lambda-backed service (SLO pattern, runbook, alarms linking runbooks, alarms classified, a page alarm, SLOs met), each failure with the fix, a score per service and per owner, worst services and owners first; the first rows only (see limit), with the total over them all. Use it to answer "which services lack runbooks?" (failing: "runbook").',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          owner: ownerInput(z),
          failing: z
            .enum(
              COVERAGE_CHECKS.map(check => check.id) as [
                CoverageCheckId,
                ...CoverageCheckId[],
              ],
            )
            .optional()
            .describe(
              'Only the services that fail this check, e.g. runbook or alarms-have-runbooks',
            ),
          limit: limitInput(z, 'services and owners'),
        }),
      output: z =>
        z
          .object({
            ...freshness(z),
            entities: z.array(
              z
                .object({ entityRef: z.string(), score: z.number().nullable() })
                .passthrough(),
            ),
            omittedEntities: omittedOutput(z, 'services'),
            owners: z.array(
              z
                .object({ owner: z.string(), score: z.number().nullable() })
                .passthrough(),
            ),
            omittedOwners: omittedOutput(z, 'owners'),
          })
          .passthrough(),
    },
    examples: [
      {
        title: 'Which of my services lack runbooks',
        input: { failing: 'runbook' },
      },
    ],
    action: async ({ input, credentials }) => {
      const reply = await fleetViews.getCoverage(
        { owner: input.owner },
        credentials,
      );
      const { failing } = input;
      const entities = firstOf(
        failing
          ? reply.entities.filter(e => e.checks[failing]?.result === 'fail')
          : reply.entities,
        input.limit,
      );
      const owners = firstOf(reply.owners, input.limit);
      return {
        output: {
          ...reply,
          entities: entities.shown,
          omittedEntities: entities.omitted,
          owners: owners.shown,
          omittedOwners: owners.omitted,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-slo-review',
    title: 'SLO review of Lambda services',
    description:
      'Per Lambda-backed service the owners own and SLO, the last three completed calendar months (UTC): met, missed, or never burning (traffic but not one bad event: the target may be too loose), with the deploys and the page incidents (alarm, start, end or null while ongoing, runbook) of the missed months. Use it to answer "which SLOs did team payments miss last month, and what changed then?".',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          owner: ownerInput(z),
          verdict: z
            .enum(SLO_MONTH_VERDICTS)
            .optional()
            .describe(
              'Only the SLOs with a month of this verdict, e.g. missed',
            ),
          limit: limitInput(z, 'SLOs'),
        }),
      output: z =>
        z
          .object({
            owners: z.array(z.string()),
            months: z.array(z.string()),
            emptyReason: z
              .string()
              .nullable()
              .describe('Why there are no rows, when there are none'),
            rows: z.array(
              z
                .object({
                  entityRef: z.string(),
                  sloId: z.string(),
                  months: z.array(
                    z
                      .object({ month: z.string(), verdict: z.string() })
                      .passthrough(),
                  ),
                })
                .passthrough(),
            ),
            omittedRows: omittedOutput(z, 'SLOs'),
          })
          .passthrough(),
    },
    examples: [
      {
        title: 'Which SLOs did team payments miss',
        input: { owner: ['group:default/payments'], verdict: 'missed' },
      },
    ],
    action: async ({ input, credentials }) => {
      const reply = await sloReview.getReview(
        { owner: input.owner },
        credentials,
      );
      const { verdict } = input;
      const { shown, omitted } = firstOf(
        verdict
          ? reply.rows.filter(row =>
              row.months.some(month => month.verdict === verdict),
            )
          : reply.rows,
        input.limit,
      );
      return { output: { ...reply, rows: shown, omittedRows: omitted } };
    },
  });

  actionsRegistry.register({
    name: 'get-operations',
    title: "A Lambda service's operations",
    description:
      "What the entity's Operations tab shows, read from AWS now: SLOs with error budgets and burn rates, alarms with state, severity and runbook links, the runbook, recent deploys and the rollback hint.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
        }),
      output: z =>
        z
          .object({
            slos: z.array(z.object({ id: z.string() }).passthrough()),
            alarms: z.array(z.object({ name: z.string() }).passthrough()),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => ({
      output: await operations.getOperations(
        parseActionEntityRef(input.entityRef),
        credentials,
      ),
    }),
  });

  actionsRegistry.register({
    name: 'get-deploy-gate',
    title: 'Deploy gate of a Lambda service',
    description:
      'Whether a deploy of the entity may go ahead now, by its error-budget policy over its SLOs: block when a budget is below the policy\'s block-below or a page burn-rate row fires, warn below warn-below or when a ticket row fires, else allow; a rollback to an earlier published version is always allowed. Use it to answer "may I deploy orders-api to PROD?".',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          env: z
            .string()
            .min(1)
            .max(64)
            .regex(/^[^\p{Cc}]*$/u, 'env must not hold control characters')
            .describe('The environment about to be deployed, e.g. PROD'),
          version: z
            .string()
            .regex(/^[A-Za-z0-9$._-]{1,128}$/)
            .optional()
            .describe(
              'The function version about to serve, e.g. 41: a published version below the one the alias serves is a rollback',
            ),
        }),
      output: z =>
        z
          .object({
            decision: z.enum(['allow', 'warn', 'block']),
            reasons: z.array(
              z.object({ code: z.string(), message: z.string() }).passthrough(),
            ),
          })
          .passthrough(),
    },
    examples: [
      {
        title: 'May orders-api be deployed to PROD',
        input: { entityRef: 'component:default/orders-api', env: 'PROD' },
      },
    ],
    action: async ({ input, credentials }) => ({
      output: await deployGate.getDeployGate(
        parseActionEntityRef(input.entityRef),
        { env: input.env, version: input.version },
        credentials,
      ),
    }),
  });
}

function parseActionEntityRef(entityRef: string) {
  try {
    return parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `Invalid entityRef "${entityRef}": expected an entity ref such as component:default/orders-api`,
    );
  }
}
