import { isFiringPage, isFiringTicket } from '../alarms/alarmRules';
import type {
  FleetStatus,
  OnCallRow,
  OnCallTotals,
  Problem,
  Slo,
} from '../types';
import type { FleetEntitySnapshot } from './FleetEntitySnapshot';
import {
  alarmFleetStatus,
  FLEET_STATUSES_WORST_FIRST,
  fleetStatusRank,
  worstFleetStatus,
} from './fleetStatus';

/** The long window of the burn-rate row that pages fastest (Workbook: 1 h at 14.4×). */
const FAST_BURN_WINDOW = '1h';

/**
 * Zero-tolerance objectives (target 1, such as failed deliveries) have no budget to
 * spend: their `remaining` only says whether anything failed, so it is no budget figure.
 */
function hasBudget(slo: Slo): boolean {
  return slo.target < 1 && slo.errorBudget.remaining !== null;
}

/**
 * The least error budget left over an entity's SLOs; null when none has a budget figure
 * (no traffic, or only zero-tolerance objectives).
 *
 * @public
 */
export function lowestBudgetRemaining(slos: readonly Slo[]): number | null {
  const remaining = slos
    .filter(hasBudget)
    .map(slo => slo.errorBudget.remaining as number);
  return remaining.length ? Math.min(...remaining) : null;
}

/** The fastest 1-hour burn over an entity's SLOs; null when no SLO has that figure. */
function fastestOneHourBurn(slos: readonly Slo[]): number | null {
  let fastest: number | null = null;
  for (const slo of slos) {
    for (const row of slo.burnRates) {
      if (
        row.longWindow === FAST_BURN_WINDOW &&
        row.long !== null &&
        (fastest === null || row.long > fastest)
      ) {
        fastest = row.long;
      }
    }
  }
  return fastest;
}

/**
 * An entity's worst status: `unknown` when its AWS data could not be read, else the worst
 * of its SLOs' statuses and of what its alarms say (a firing page alarm pages).
 *
 * @public
 */
export function entityFleetStatus(snapshot: FleetEntitySnapshot): FleetStatus {
  if (snapshot.unavailableReason !== null) {
    return 'unknown';
  }
  const fromAlarms = snapshot.alarms
    .map(alarmFleetStatus)
    .filter((status): status is FleetStatus => status !== null);
  return worstFleetStatus([
    ...snapshot.slos.map(slo => slo.status),
    ...fromAlarms,
  ]);
}

/** The snapshot's problems, with the reason its AWS data is missing first when it is. */
function rowProblems(snapshot: FleetEntitySnapshot): Problem[] {
  const reason = snapshot.unavailableReason;
  if (reason === null || snapshot.problems.some(p => p.message === reason)) {
    return snapshot.problems;
  }
  return [{ code: 'aws-error', message: reason }, ...snapshot.problems];
}

/**
 * One row of the on-call view, from the collector's snapshot of the entity.
 *
 * @public
 */
export function toOnCallRow(snapshot: FleetEntitySnapshot): OnCallRow {
  const { lastDeploy } = snapshot;
  return {
    entityRef: snapshot.entityRef,
    title: snapshot.title,
    owner: snapshot.owner,
    status: entityFleetStatus(snapshot),
    firingPages: snapshot.alarms
      .filter(isFiringPage)
      .map(alarm => ({ name: alarm.name, runbookUrl: alarm.runbookUrl })),
    firingTickets: snapshot.alarms.filter(isFiringTicket).length,
    budgetRemaining: lowestBudgetRemaining(snapshot.slos),
    burnRate1h: fastestOneHourBurn(snapshot.slos),
    lastDeploy: lastDeploy && {
      ts: lastDeploy.ts,
      env: lastDeploy.env,
      gitSha: lastDeploy.gitSha,
      rollbackCandidate: snapshot.rollback?.deployMarkerId === lastDeploy.id,
    },
    problems: rowProblems(snapshot),
  };
}

/**
 * The on-call order: worst status first, then the least budget left (rows without a
 * figure after those with one), then entity ref, so equal rows keep a stable order.
 *
 * @public
 */
export function compareOnCallRows(a: OnCallRow, b: OnCallRow): number {
  const byStatus = fleetStatusRank(a.status) - fleetStatusRank(b.status);
  if (byStatus !== 0) {
    return byStatus;
  }
  const budgetA = a.budgetRemaining ?? Infinity;
  const budgetB = b.budgetRemaining ?? Infinity;
  if (budgetA !== budgetB) {
    return budgetA < budgetB ? -1 : 1;
  }
  if (a.entityRef === b.entityRef) {
    return 0;
  }
  return a.entityRef < b.entityRef ? -1 : 1;
}

/**
 * How many rows have each status.
 *
 * @public
 */
export function countOnCallStatuses(rows: readonly OnCallRow[]): OnCallTotals {
  const totals = Object.fromEntries(
    FLEET_STATUSES_WORST_FIRST.map(status => [status, 0]),
  ) as OnCallTotals;
  for (const row of rows) {
    totals[row.status] += 1;
  }
  return totals;
}

/**
 * The on-call view's rows, worst first, and their totals, from the snapshots of the
 * entities it covers.
 *
 * @public
 */
export function buildOnCallRows(snapshots: readonly FleetEntitySnapshot[]): {
  rows: OnCallRow[];
  totals: OnCallTotals;
} {
  const rows = snapshots.map(toOnCallRow).sort(compareOnCallRows);
  return { rows, totals: countOnCallStatuses(rows) };
}
