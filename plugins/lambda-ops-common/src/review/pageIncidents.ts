import { isFiringPage } from '../alarms/alarmRules';
import type { FleetEntitySnapshot } from '../fleet/FleetEntitySnapshot';
import type { Alarm, SloReviewIncident } from '../types';
import type { CalendarMonth } from './calendarMonths';

/**
 * A page incident of an entity: one of its page alarms in ALARM from `start` to `end`.
 * `entityRef`, `alarmArn` and `start` identify it, so recording it twice is recording it
 * once.
 *
 * @public
 */
export interface PageIncident extends SloReviewIncident {
  entityRef: string;
  alarmArn: string;
}

/**
 * What a refresh changes in an entity's page incidents: those that began, and those that
 * ended with the moment they ended.
 *
 * @public
 */
export interface PageIncidentChanges {
  started: PageIncident[];
  ended: Array<{ incident: PageIncident; end: string }>;
}

/** The alarm's own state-change time when it is a time no later than the refresh. */
function stateChangedAt(alarm: Alarm, at: Date): string | null {
  const since = alarm.stateSince === null ? NaN : Date.parse(alarm.stateSince);
  return Number.isFinite(since) && since <= at.getTime()
    ? new Date(since).toISOString()
    : null;
}

/**
 * How a refresh changes an entity's page incidents. A page alarm in ALARM without an
 * open incident starts one, from the alarm's state-change time (the refresh's time when
 * the alarm gives none), so every replica and every later refresh names the same
 * incident. An open incident ends when its alarm is no longer in ALARM or no longer
 * listed: at the alarm's state-change time when it gives one, else at the refresh. An
 * alarm that left ALARM and came back between two refreshes ends its open incident when
 * the new one starts. An entity whose AWS data could not be read changes nothing.
 *
 * @param snapshot - the entity as the refresh saw it
 * @param open - the entity's incidents without an end
 * @param at - when the refresh read AWS
 * @public
 */
export function pageIncidentChanges(
  snapshot: FleetEntitySnapshot,
  open: readonly PageIncident[],
  at: Date,
): PageIncidentChanges {
  if (snapshot.unavailableReason !== null) {
    return { started: [], ended: [] };
  }
  const started: PageIncident[] = [];
  const ended: PageIncidentChanges['ended'] = [];
  const paging = snapshot.alarms.filter(isFiringPage);
  for (const alarm of paging) {
    const since = stateChangedAt(alarm, at);
    const current = open.find(incident => incident.alarmArn === alarm.arn);
    if (current && (since === null || since === current.start)) {
      continue;
    }
    const start = since ?? at.toISOString();
    if (current) {
      ended.push({ incident: current, end: start });
    }
    started.push({
      entityRef: snapshot.entityRef,
      alarmArn: alarm.arn,
      alarmName: alarm.name,
      runbookUrl: alarm.runbookUrl,
      start,
      end: null,
    });
  }
  for (const incident of open) {
    if (paging.some(alarm => alarm.arn === incident.alarmArn)) {
      continue;
    }
    const alarm = snapshot.alarms.find(a => a.arn === incident.alarmArn);
    const since = alarm ? stateChangedAt(alarm, at) : null;
    ended.push({
      incident,
      end: since !== null && since > incident.start ? since : at.toISOString(),
    });
  }
  return { started, ended };
}

/**
 * The incidents that overlapped a month (began before it ended, and had not ended
 * before it began), oldest first, as the review lists them.
 *
 * @public
 */
export function incidentsOverlapping(
  incidents: readonly SloReviewIncident[],
  month: CalendarMonth,
): SloReviewIncident[] {
  return incidents
    .filter(
      incident =>
        Date.parse(incident.start) < month.end &&
        (incident.end === null || Date.parse(incident.end) > month.start),
    )
    .map(({ alarmName, start, end, runbookUrl }) => ({
      alarmName,
      start,
      end,
      runbookUrl,
    }))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
