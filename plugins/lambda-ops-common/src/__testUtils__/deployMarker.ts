import type { DeployMarker } from '../types';

/** A change as the reply lists it: a CI deployment unless the overrides say otherwise. */
export function deployMarker(
  overrides: Partial<DeployMarker> = {},
): DeployMarker {
  return {
    id: 'id',
    ts: '2026-11-29T11:20:00.000Z',
    env: 'PROD',
    source: 'ci',
    changeType: 'deployment',
    actor: null,
    gitSha: null,
    changeSummary: 'change',
    artifact: null,
    ref: null,
    reason: null,
    risk: null,
    rollback: null,
    links: [],
    ...overrides,
  };
}
