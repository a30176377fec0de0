import { parseEntityRef } from '@backstage/catalog-model';
import { isFiringPage } from '../alarms/alarmRules';
import type { FleetEntitySnapshot } from '../fleet/FleetEntitySnapshot';
import { entityFleetStatus } from '../fleet/onCall';
import type { Alarm, AlertSeverity, Slo } from '../types';

/**
 * How loud a notification to an entity's owner is, in the notifications plugin's terms.
 *
 * @public
 */
export type OwnerNotificationSeverity = 'high' | 'normal';

/**
 * Remaining error-budget shares whose downward crossing the owner hears about: half
 * spent, three quarters spent, all spent.
 *
 * @public
 */
export const BUDGET_NOTIFICATION_THRESHOLDS: readonly number[] = [0.5, 0.25, 0];

/**
 * A message to an entity's owner about a condition that has just begun.
 *
 * @public
 */
export interface OwnerNotification {
  entityRef: string;
  /** The conditions it announces, as {@link ownerConditionChanges} keys them. */
  conditionKeys: string[];
  /** Same scope, same notification: the bell shows the latest one instead of a pile. */
  scope: string;
  title: string;
  description: string;
  severity: OwnerNotificationSeverity;
  /** Path of the entity's Operations tab. */
  link: string;
}

/**
 * What changed in the conditions of one entity since the last refresh.
 *
 * @public
 */
export interface OwnerConditionChanges {
  /** Conditions that hold now and did not before: to be stored, and announced. */
  began: string[];
  /** Stored conditions that no longer hold: they may begin, and notify, again. */
  ended: string[];
  notifications: OwnerNotification[];
}

/**
 * Page alarms wake someone; everything else waits for working hours.
 *
 * @public
 */
export function ownerNotificationSeverity(
  severity: AlertSeverity | Alarm['severity'],
): OwnerNotificationSeverity {
  return severity === 'page' ? 'high' : 'normal';
}

/**
 * Where the Operations tab of an entity is in a portal that keeps Backstage's default
 * entity routes: `/catalog/<namespace>/<kind>/<name>/operations`, namespace and kind in
 * lower case as the catalog writes them.
 *
 * @public
 */
export function operationsTabPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(
    namespace.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/operations`;
}

const PAGING_KEY = 'paging';
const budgetKeyPrefix = (slo: Slo) => `budget:${slo.id}:`;
const alarmKey = (alarm: Alarm) => `alarm-without-runbook:${alarm.arn}`;

/** Zero-tolerance objectives have no budget; without traffic there is no figure. */
function budgetRemaining(slo: Slo): number | null {
  return slo.target < 1 && slo.budgetKind === 'ratio'
    ? slo.errorBudget.remaining
    : null;
}

/** 50 % holds from just under half left; 0 % once nothing is left. */
function isBelow(remaining: number, threshold: number): boolean {
  return threshold === 0 ? remaining <= 0 : remaining < threshold;
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

interface HeldConditions {
  active: string[];
  /** Key prefixes whose state cannot be told from this snapshot: they stay as stored. */
  undetermined: string[];
}

function currentConditions(snapshot: FleetEntitySnapshot): HeldConditions {
  const active: string[] = [];
  const undetermined: string[] = [];
  if (entityFleetStatus(snapshot) === 'page') {
    active.push(PAGING_KEY);
  }
  for (const slo of snapshot.slos) {
    const remaining = budgetRemaining(slo);
    if (remaining === null) {
      undetermined.push(budgetKeyPrefix(slo));
      continue;
    }
    for (const threshold of BUDGET_NOTIFICATION_THRESHOLDS) {
      if (isBelow(remaining, threshold)) {
        active.push(`${budgetKeyPrefix(slo)}${threshold}`);
      }
    }
  }
  for (const alarm of snapshot.alarms) {
    if (alarm.runbookUrl === null) {
      active.push(alarmKey(alarm));
    }
  }
  return { active, undetermined };
}

function pagingNotification(
  snapshot: FleetEntitySnapshot,
): Omit<OwnerNotification, 'entityRef' | 'link'> {
  const firing = snapshot.alarms.filter(isFiringPage);
  const burning = snapshot.slos.filter(slo => slo.status === 'page');
  const what = [
    ...firing.map(alarm => `alarm ${alarm.name}`),
    ...burning.map(slo => `${slo.description} burns its budget too fast`),
  ];
  const runbook =
    firing.find(alarm => alarm.runbookUrl)?.runbookUrl ??
    snapshot.runbook?.url ??
    null;
  return {
    conditionKeys: [PAGING_KEY],
    scope: `lambda-ops:${snapshot.entityRef}:paging`,
    title: `${snapshot.title} is paging`,
    description: [
      `Paging: ${what.join('; ')}.`,
      runbook ? `Runbook: ${runbook}` : 'No runbook is linked.',
    ].join(' '),
    severity: ownerNotificationSeverity('page'),
  };
}

function budgetNotification(
  snapshot: FleetEntitySnapshot,
  slo: Slo,
  crossed: number[],
): Omit<OwnerNotification, 'entityRef' | 'link'> {
  const lowest = Math.min(...crossed);
  const left = percent(Math.max(budgetRemaining(slo) ?? 0, 0));
  return {
    conditionKeys: crossed.map(t => `${budgetKeyPrefix(slo)}${t}`),
    scope: `lambda-ops:${snapshot.entityRef}:budget:${slo.id}`,
    title:
      lowest === 0
        ? `${snapshot.title}: error budget spent for "${slo.description}"`
        : `${snapshot.title}: less than ${percent(
            lowest,
          )} of the error budget left for "${slo.description}"`,
    description: `${left} of the ${slo.window} error budget is left.`,
    severity: ownerNotificationSeverity('ticket'),
  };
}

function alarmsWithoutRunbookNotification(
  snapshot: FleetEntitySnapshot,
  alarms: Alarm[],
): Omit<OwnerNotification, 'entityRef' | 'link'> {
  const names = alarms.map(alarm => alarm.name).join(', ');
  const where = snapshot.runbook
    ? `a section of ${snapshot.runbook.url}`
    : 'its runbook';
  return {
    conditionKeys: alarms.map(alarmKey),
    scope: `lambda-ops:${snapshot.entityRef}:alarms-without-runbook`,
    title:
      alarms.length === 1
        ? `${snapshot.title}: alarm ${names} has no runbook`
        : `${snapshot.title}: ${alarms.length} alarms have no runbook`,
    description: `${names}: link ${where} in the alarm description or a "runbook" tag.`,
    severity: ownerNotificationSeverity(
      alarms.some(alarm => alarm.severity === 'page') ? 'page' : 'ticket',
    ),
  };
}

/**
 * Which of an entity's conditions begin and end with a refresh, and what its owner is
 * told: that it starts paging; that an SLO's error budget drops below 50 %, 25 % or 0 %
 * left (one message naming the lowest threshold crossed); that alarms without a runbook
 * appear (one message for those of this refresh).
 *
 * A condition notifies once when it begins and again only after it ended and came back.
 * What the snapshot cannot tell keeps its stored state: every condition of an entity
 * whose AWS data could not be read, and the budget thresholds of an SLO without a budget
 * figure, so a gap in the data neither ends nor begins anything.
 *
 * @param snapshot - the entity as the refresh saw it
 * @param stored - keys of the conditions that held after the refresh before
 * @public
 */
export function ownerConditionChanges(
  snapshot: FleetEntitySnapshot,
  stored: readonly string[],
): OwnerConditionChanges {
  if (snapshot.unavailableReason !== null) {
    return { began: [], ended: [], notifications: [] };
  }
  const { active, undetermined } = currentConditions(snapshot);
  const before = new Set(stored);
  const now = new Set(active);
  const began = active.filter(key => !before.has(key));
  const ended = stored.filter(
    key =>
      !now.has(key) && !undetermined.some(prefix => key.startsWith(prefix)),
  );
  const isNew = new Set(began);

  const notifications: Array<Omit<OwnerNotification, 'entityRef' | 'link'>> =
    [];
  if (isNew.has(PAGING_KEY)) {
    notifications.push(pagingNotification(snapshot));
  }
  for (const slo of snapshot.slos) {
    const crossed = BUDGET_NOTIFICATION_THRESHOLDS.filter(t =>
      isNew.has(`${budgetKeyPrefix(slo)}${t}`),
    );
    if (crossed.length > 0) {
      notifications.push(budgetNotification(snapshot, slo, crossed));
    }
  }
  const newAlarms = snapshot.alarms.filter(alarm => isNew.has(alarmKey(alarm)));
  if (newAlarms.length > 0) {
    notifications.push(alarmsWithoutRunbookNotification(snapshot, newAlarms));
  }

  const link = operationsTabPath(snapshot.entityRef);
  return {
    began,
    ended,
    notifications: notifications.map(n => ({
      ...n,
      entityRef: snapshot.entityRef,
      link,
    })),
  };
}

/**
 * The signals channel the Operations tab of an entity listens on: a message there means
 * its figures changed (a deploy marker landed, or its status changed with a refresh).
 *
 * @public
 */
export function entitySignalChannel(entityRef: string): string {
  // Entity refs are case-insensitive; the catalog and CI may spell one differently.
  return `lambda-ops:entity:${entityRef.toLocaleLowerCase('en-US')}`;
}

/**
 * What a message on {@link entitySignalChannel} says changed.
 *
 * @public
 */
export type EntitySignalMessage = {
  reason: 'deploy-marker' | 'status';
};
