import { alarm, snapshot } from '../fleet/__fixtures__/snapshots';
import type { Alarm } from '../types';
import { parseCalendarMonth } from './calendarMonths';
import {
  incidentsOverlapping,
  PageIncident,
  pageIncidentChanges,
} from './pageIncidents';

const REFRESH = new Date('2026-12-02T12:00:00.000Z');
const ENTITY = 'component:default/orders-api';

function errorsPage(state: Alarm['state'], stateSince: string | null): Alarm {
  return { ...alarm('orders-api-errors-page', { state }), stateSince };
}

function entity(alarms: Alarm[], unavailableReason: string | null = null) {
  return {
    ...snapshot({ alarms }),
    entityRef: ENTITY,
    unavailableReason,
  };
}

function openIncident(start: string): PageIncident {
  return {
    entityRef: ENTITY,
    alarmArn: alarm('orders-api-errors-page').arn,
    alarmName: 'orders-api-errors-page',
    runbookUrl: 'https://runbooks.example.com/orders#errors',
    start,
    end: null,
  };
}

describe('pageIncidentChanges', () => {
  it('starts an incident when a page alarm enters ALARM, from the moment it did', () => {
    const changes = pageIncidentChanges(
      entity([errorsPage('ALARM', '2026-12-02T11:52:00Z')]),
      [],
      REFRESH,
    );
    expect(changes).toEqual({
      started: [openIncident('2026-12-02T11:52:00.000Z')],
      ended: [],
    });
  });

  it('starts none for a ticket alarm in ALARM nor a page alarm that is OK', () => {
    const ticket = {
      ...alarm('orders-api-throttles-ticket', {
        state: 'ALARM',
        severity: 'ticket',
      }),
      stateSince: '2026-12-02T11:00:00Z',
    };
    expect(
      pageIncidentChanges(
        entity([ticket, errorsPage('OK', '2026-12-01T00:00:00Z')]),
        [],
        REFRESH,
      ),
    ).toEqual({ started: [], ended: [] });
  });

  it('continues an open incident while its alarm stays in ALARM', () => {
    const open = openIncident('2026-12-02T11:52:00.000Z');
    expect(
      pageIncidentChanges(
        entity([errorsPage('ALARM', '2026-12-02T11:52:00Z')]),
        [open],
        REFRESH,
      ),
    ).toEqual({ started: [], ended: [] });
  });

  it('continues an open incident whose alarm gives no state-change time', () => {
    const open = openIncident('2026-12-02T11:00:00.000Z');
    expect(
      pageIncidentChanges(entity([errorsPage('ALARM', null)]), [open], REFRESH),
    ).toEqual({ started: [], ended: [] });
  });

  it.each([
    ['none', null],
    ['no date', 'not a date'],
    ['a time after the refresh', '2026-12-03T00:00:00Z'],
  ])(
    'starts at the refresh when the alarm gives %s as its state-change time',
    (_, since) => {
      const { started } = pageIncidentChanges(
        entity([errorsPage('ALARM', since)]),
        [],
        REFRESH,
      );
      expect(started.map(i => i.start)).toEqual([REFRESH.toISOString()]);
    },
  );

  it('ends an incident when its alarm leaves ALARM, at the moment it did', () => {
    const open = openIncident('2026-12-02T11:00:00.000Z');
    expect(
      pageIncidentChanges(
        entity([errorsPage('OK', '2026-12-02T11:40:00Z')]),
        [open],
        REFRESH,
      ),
    ).toEqual({
      started: [],
      ended: [{ incident: open, end: '2026-12-02T11:40:00.000Z' }],
    });
  });

  it('ends an incident whose alarm is gone at the refresh', () => {
    const open = openIncident('2026-12-02T11:00:00.000Z');
    expect(pageIncidentChanges(entity([]), [open], REFRESH).ended).toEqual([
      { incident: open, end: REFRESH.toISOString() },
    ]);
  });

  it('ends the open incident and starts another when the alarm cleared and fired again between refreshes', () => {
    const open = openIncident('2026-12-02T10:00:00.000Z');
    const changes = pageIncidentChanges(
      entity([errorsPage('ALARM', '2026-12-02T11:30:00Z')]),
      [open],
      REFRESH,
    );
    expect(changes).toEqual({
      started: [openIncident('2026-12-02T11:30:00.000Z')],
      ended: [{ incident: open, end: '2026-12-02T11:30:00.000Z' }],
    });
  });

  it('changes nothing for an entity whose AWS data could not be read', () => {
    const open = openIncident('2026-12-02T11:00:00.000Z');
    expect(
      pageIncidentChanges(entity([], 'AccessDenied'), [open], REFRESH),
    ).toEqual({ started: [], ended: [] });
  });
});

describe('incidentsOverlapping', () => {
  const november = parseCalendarMonth('2026-11')!;
  const incident = (start: string, end: string | null) => ({
    alarmName: `page-${start}`,
    start,
    end,
    runbookUrl: null,
  });

  it.each([
    ['inside the month', '2026-11-10T00:00:00Z', '2026-11-10T01:00:00Z', true],
    [
      'begun before, ended inside',
      '2026-10-31T23:00:00Z',
      '2026-11-01T00:30:00Z',
      true,
    ],
    ['begun inside, still ongoing', '2026-11-30T23:00:00Z', null, true],
    ['begun before, still ongoing', '2026-10-01T00:00:00Z', null, true],
    [
      'ended as the month began',
      '2026-10-31T23:00:00Z',
      '2026-11-01T00:00:00Z',
      false,
    ],
    ['begun as the month ended', '2026-12-01T00:00:00Z', null, false],
  ])('an incident %s overlaps: %s', (_, start, end, overlaps) => {
    expect(incidentsOverlapping([incident(start, end)], november)).toHaveLength(
      overlaps ? 1 : 0,
    );
  });

  it('lists them oldest first, without their entity or alarm ARN', () => {
    const later = {
      ...incident('2026-11-20T00:00:00Z', null),
      entityRef: ENTITY,
      alarmArn: 'arn:x',
    };
    const earlier = incident('2026-11-02T00:00:00Z', '2026-11-02T01:00:00Z');
    expect(incidentsOverlapping([later, earlier], november)).toEqual([
      earlier,
      incident('2026-11-20T00:00:00Z', null),
    ]);
  });
});
