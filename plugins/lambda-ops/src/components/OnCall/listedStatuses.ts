import type { FleetStatus } from '@lambda-ops/backstage-plugin-common';

/**
 * The statuses in the order the contract lists them, worst first, for the status
 * filter and the totals line. The rows themselves keep the order the backend gives.
 */
export const LISTED_STATUSES: readonly FleetStatus[] = [
  'page',
  'breached',
  'warning',
  'unknown',
  'no-data',
  'ok',
];
