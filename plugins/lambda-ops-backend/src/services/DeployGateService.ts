import { GetAliasCommand } from '@aws-sdk/client-lambda';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  BUDGET_POLICY_ANNOTATION,
  BudgetPolicy,
  decideDeployGate,
  DeployGateResponse,
  isRollback,
  LambdaFunctionRef,
  parseBudgetPolicy,
  Problem,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import { EntityResolver, entityResolverServiceRef } from './EntityResolver';
import { OperationsService, operationsServiceRef } from './OperationsService';

const PUBLISHED_VERSION = /^\d+$/;

/**
 * Answers CI's question "may I deploy now?" from the entity's budget policy and the SLOs
 * of its Operations tab, read with the caller's credentials; the rule itself is
 * `decideDeployGate` in lambda-ops-common. A version below the one the entity's aliases
 * serve is a rollback.
 *
 * @public
 */
export class DeployGateService {
  readonly #entities: EntityResolver;
  readonly #operations: OperationsService;
  readonly #clients: AwsClientFactory;
  readonly #defaultPolicy: BudgetPolicy;

  constructor(options: {
    entities: EntityResolver;
    operations: OperationsService;
    clients: AwsClientFactory;
    /** `lambdaOps.defaults.budgetPolicy`, for entities without the annotation. */
    defaultPolicy: BudgetPolicy;
  }) {
    this.#entities = options.entities;
    this.#operations = options.operations;
    this.#clients = options.clients;
    this.#defaultPolicy = options.defaultPolicy;
  }

  async getDeployGate(
    ref: CompoundEntityRef,
    query: { env: string; version?: string },
    credentials: BackstageCredentials,
  ): Promise<DeployGateResponse> {
    const { entityRef, entity } = await this.#entities.resolve(
      ref,
      credentials,
    );
    const { policy, problems } = parseBudgetPolicy(
      entity.metadata.annotations?.[BUDGET_POLICY_ANNOTATION],
      this.#defaultPolicy,
    );
    const tab = await this.#operations.getOperations(ref, credentials);
    const serving = query.version
      ? await this.#servingVersions(tab.functions)
      : { versions: [], problems: [] };
    const rollback =
      serving.versions.length > 0 &&
      serving.versions.every(version => isRollback(query.version, version));
    return {
      entityRef,
      env: query.env,
      version: query.version ?? null,
      ...decideDeployGate({ slos: tab.slos, policy, rollback }),
      policy,
      problems: [...problems, ...serving.problems, ...tab.problems],
    };
  }

  /** The versions the functions' aliases serve; a function without alias serves none. */
  async #servingVersions(
    functions: LambdaFunctionRef[],
  ): Promise<{ versions: string[]; problems: Problem[] }> {
    const versions: string[] = [];
    const problems: Problem[] = [];
    await Promise.all(
      functions.map(async fn => {
        if (!fn.qualifier) {
          return;
        }
        if (PUBLISHED_VERSION.test(fn.qualifier)) {
          versions.push(fn.qualifier);
          return;
        }
        try {
          const client = await this.#clients.lambda(fn);
          const alias = await client.send(
            new GetAliasCommand({ FunctionName: fn.name, Name: fn.qualifier }),
          );
          if (alias.FunctionVersion) {
            versions.push(alias.FunctionVersion);
          }
        } catch (error) {
          // Without the serving version no rollback can be told; the gate then judges
          // the deploy like any other.
          problems.push({
            code: 'aws-error',
            message: `Could not read alias ${fn.qualifier} of ${
              fn.name
            } to tell a rollback: ${(error as Error).message}`,
          });
        }
      }),
    );
    return { versions, problems };
  }
}

/** @public */
export const deployGateServiceRef = createServiceRef<DeployGateService>({
  id: 'lambda-ops.deploy-gate',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        entities: entityResolverServiceRef,
        operations: operationsServiceRef,
        clients: awsClientFactoryServiceRef,
      },
      factory: ({ config, ...services }) =>
        new DeployGateService({
          ...services,
          defaultPolicy: readLambdaOpsConfig(config).budgetPolicy,
        }),
    }),
});
