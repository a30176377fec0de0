import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AlarmTemplateResponse,
  OperationsResponse,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';
import type { LambdaOpsApi } from './LambdaOpsApi';

/**
 * {@link LambdaOpsApi} over HTTP, against the contract (v1) of
 * `@lambda-ops/backstage-plugin-backend`.
 *
 * @public
 */
export class LambdaOpsClient implements LambdaOpsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getOperations(
    entityRef: CompoundEntityRef,
  ): Promise<OperationsResponse> {
    return this.#get<OperationsResponse>(
      `/v1/entities/${entityPath(entityRef)}/operations`,
    );
  }

  async getRunbook(entityRef: CompoundEntityRef): Promise<RunbookResponse> {
    return this.#get<RunbookResponse>(
      `/v1/entities/${entityPath(entityRef)}/runbook`,
    );
  }

  async getAlarmTemplate(
    entityRef: CompoundEntityRef,
  ): Promise<AlarmTemplateResponse> {
    return this.#get<AlarmTemplateResponse>(
      `/v1/entities/${entityPath(entityRef)}/alarm-template`,
    );
  }

  async #get<T>(path: string): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('lambda-ops');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** `{namespace}/{kind}/{name}`, each segment encoded on its own. */
function entityPath(entityRef: CompoundEntityRef): string {
  return [entityRef.namespace, entityRef.kind, entityRef.name]
    .map(segment => encodeURIComponent(segment))
    .join('/');
}
