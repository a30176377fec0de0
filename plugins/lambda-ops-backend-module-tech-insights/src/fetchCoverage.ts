import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { CoverageResponse } from '@lambda-ops/backstage-plugin-common';

const LAMBDA_OPS_PLUGIN_ID = 'lambda-ops';

/**
 * Reads the runbook-coverage scorecard from the Lambda Ops backend over HTTP, as the Tech
 * Insights plugin's own service: a module of Tech Insights cannot reach the services of
 * another plugin, and the scorecard lives in the Lambda Ops backend's database.
 * Throws a `ResponseError` naming the status when Lambda Ops answers anything but 2xx.
 */
export async function fetchCoverage({
  discovery,
  auth,
}: {
  discovery: DiscoveryService;
  auth: AuthService;
}): Promise<CoverageResponse> {
  const baseUrl = await discovery.getBaseUrl(LAMBDA_OPS_PLUGIN_ID);
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: LAMBDA_OPS_PLUGIN_ID,
  });
  const response = await fetch(`${baseUrl}/v1/coverage`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as CoverageResponse;
}
