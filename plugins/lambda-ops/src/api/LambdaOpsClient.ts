import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CoverageResponse,
  SloReviewResponse,
  OnCallResponse,
  AlarmTemplateResponse,
  OperationsResponse,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';
import type { FleetViewRequest, LambdaOpsApi } from './LambdaOpsApi';

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

  async getOnCall(request: FleetViewRequest = {}): Promise<OnCallResponse> {
    return this.#get<OnCallResponse>(
      `/v1/on-call${fleetQuery(request.owners)}`,
    );
  }

  async getCoverage(request: FleetViewRequest = {}): Promise<CoverageResponse> {
    return this.#get<CoverageResponse>(
      `/v1/coverage${fleetQuery(request.owners)}`,
    );
  }

  async getCoverageCsv(request: FleetViewRequest = {}): Promise<Blob> {
    const response = await this.#fetch(
      `/v1/coverage${fleetQuery(request.owners, { format: 'csv' })}`,
    );
    return response.blob();
  }

  async getSloReview(
    request: FleetViewRequest = {},
  ): Promise<SloReviewResponse> {
    return this.#get<SloReviewResponse>(
      `/v1/slo-review${fleetQuery(request.owners)}`,
    );
  }

  async getSloReviewCsv(request: FleetViewRequest = {}): Promise<Blob> {
    const response = await this.#fetch(
      `/v1/slo-review${fleetQuery(request.owners, { format: 'csv' })}`,
    );
    return response.blob();
  }

  async getAlarmTemplate(
    entityRef: CompoundEntityRef,
  ): Promise<AlarmTemplateResponse> {
    return this.#get<AlarmTemplateResponse>(
      `/v1/entities/${entityPath(entityRef)}/alarm-template`,
    );
  }

  async #get<T>(path: string): Promise<T> {
    const response = await this.#fetch(path);
    return (await response.json()) as T;
  }

  async #fetch(path: string): Promise<Response> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('lambda-ops');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/** `?owner=…&owner=…` (and any other parameters), or nothing when there are none. */
function fleetQuery(
  owners: string[] = [],
  other: Record<string, string> = {},
): string {
  const query = new URLSearchParams();
  for (const owner of owners) {
    query.append('owner', owner);
  }
  for (const [name, value] of Object.entries(other)) {
    query.set(name, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** `{namespace}/{kind}/{name}`, each segment encoded on its own. */
function entityPath(entityRef: CompoundEntityRef): string {
  return [entityRef.namespace, entityRef.kind, entityRef.name]
    .map(segment => encodeURIComponent(segment))
    .join('/');
}
