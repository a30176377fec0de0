import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { OperationsService } from '../services/OperationsService';
import type { FleetViewsService } from '../services/fleet/FleetViewsService';

type Zod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

/** The owner input of the fleet actions, worded as the HTTP route's parameter. */
const ownerInput = (z: Zod) =>
  z.object({
    owner: z
      .array(z.string())
      .max(50)
      .optional()
      .describe(
        "Owners' entity refs, e.g. group:default/payments; without it, the caller's own groups (for a service caller, the whole fleet)",
      ),
  });

/** How fresh the fleet reply is, which every fleet action's output leads with. */
const freshness = (z: Zod) => ({
  snapshotAt: z
    .string()
    .nullable()
    .describe('When the data was collected; null until the first refresh ends'),
  stale: z.boolean().describe('True when the last refresh failed'),
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
}): void {
  const { actionsRegistry, fleetViews, operations } = options;

  actionsRegistry.register({
    name: 'get-on-call',
    title: 'On-call view of Lambda services',
    description:
      'Every Lambda-backed service the owners own, worst first (page > breached > warning > unknown > no-data > ok): firing page alarms with their runbook links, firing tickets, error budget left, 1-hour burn rate and last deploy. Use it to answer "what is paging for team payments?".',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: ownerInput,
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
            totals: z.record(z.number()),
          })
          .passthrough(),
    },
    examples: [
      {
        title: 'What is paging for team payments',
        input: { owner: ['group:default/payments'] },
      },
    ],
    action: async ({ input, credentials }) => ({
      output: await fleetViews.getOnCall({ owner: input.owner }, credentials),
    }),
  });

  actionsRegistry.register({
    name: 'get-runbook-coverage',
    title: 'Runbook-coverage scorecard of Lambda services',
    description:
      'Six checks per Lambda-backed service (SLO pattern, runbook, alarms linking runbooks, alarms classified, a page alarm, SLOs met), each failure with the fix, a score per service and per owner, worst owners first. Use it to answer "which services lack runbooks?".',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: ownerInput,
      output: z =>
        z
          .object({
            ...freshness(z),
            entities: z.array(
              z
                .object({ entityRef: z.string(), score: z.number().nullable() })
                .passthrough(),
            ),
            owners: z.array(
              z
                .object({ owner: z.string(), score: z.number().nullable() })
                .passthrough(),
            ),
          })
          .passthrough(),
    },
    examples: [{ title: 'Which of my services lack runbooks', input: {} }],
    action: async ({ input, credentials }) => ({
      output: await fleetViews.getCoverage({ owner: input.owner }, credentials),
    }),
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
          entityRef: z
            .string()
            .describe(
              'The entity, e.g. component:default/orders-api (kind and namespace default to component and default)',
            ),
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
