import { alarm, slo, snapshot } from '../fleet/__fixtures__/snapshots';
import {
  entitySignalChannel,
  operationsTabPath,
  ownerConditionChanges,
  ownerNotificationSeverity,
} from './ownerNotifications';

const BUDGET = 'budget:orders-api:availability:';
const paging = snapshot({
  slos: [slo({ status: 'page', remaining: 0.8 })],
  alarms: [
    alarm('orders-api-errors-page', {
      state: 'ALARM',
      runbookUrl: 'https://runbooks.example.com/orders#errors',
    }),
  ],
});

describe('ownerNotificationSeverity', () => {
  it.each([
    ['page', 'high'],
    ['ticket', 'normal'],
    ['unclassified', 'normal'],
  ] as const)('maps a %s alarm to %s', (severity, expected) => {
    expect(ownerNotificationSeverity(severity)).toBe(expected);
  });
});

describe('operationsTabPath', () => {
  it('points at the tab under the default entity route, kind and namespace in lower case', () => {
    expect(operationsTabPath('Component:Default/orders-api')).toBe(
      '/catalog/default/component/orders-api/operations',
    );
  });
});

describe('entitySignalChannel', () => {
  it('is the same channel however the entity ref is spelled', () => {
    expect(entitySignalChannel('Component:default/Orders-API')).toBe(
      entitySignalChannel('component:default/orders-api'),
    );
  });
});

describe('ownerConditionChanges', () => {
  it('tells the owner once, at high severity, with the tab and the runbook section, when an entity starts paging', () => {
    const changes = ownerConditionChanges(paging, []);
    expect(changes.began).toEqual(['paging']);
    expect(changes.notifications).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/orders-api',
        conditionKeys: ['paging'],
        severity: 'high',
        title: 'Orders API is paging',
        link: '/catalog/default/component/orders-api/operations',
        scope: 'lambda-ops:component:default/orders-api:paging',
      }),
    ]);
    expect(changes.notifications[0].description).toContain(
      'https://runbooks.example.com/orders#errors',
    );
    expect(ownerConditionChanges(paging, changes.began)).toEqual({
      began: [],
      ended: [],
      notifications: [],
    });
  });

  it('ends paging when the entity recovers, so the next page notifies again', () => {
    const recovered = ownerConditionChanges(snapshot(), ['paging']);
    expect(recovered.ended).toEqual(['paging']);
    expect(recovered.notifications).toEqual([]);
    expect(ownerConditionChanges(paging, []).notifications).toHaveLength(1);
  });

  it.each([
    [0.6, [], []],
    [0.5, [], []],
    [0.49, ['0.5'], ['less than 50 %']],
    [0.25, ['0.5'], ['less than 50 %']],
    [0.2, ['0.5', '0.25'], ['less than 25 %']],
    [0, ['0.5', '0.25', '0'], ['error budget spent']],
    [-0.3, ['0.5', '0.25', '0'], ['error budget spent']],
  ])(
    'with %p of the budget left and none stored, thresholds %p begin in one notification saying %p',
    (remaining, thresholds, titles) => {
      const changes = ownerConditionChanges(
        snapshot({ slos: [slo({ remaining })] }),
        [],
      );
      expect(changes.began).toEqual(thresholds.map(t => `${BUDGET}${t}`));
      expect(changes.notifications.map(n => n.title)).toEqual(
        titles.map(title => expect.stringContaining(title)),
      );
      expect(changes.notifications.map(n => n.severity)).toEqual(
        titles.map(() => 'normal'),
      );
    },
  );

  it('notifies only the threshold a falling budget newly crossed', () => {
    const changes = ownerConditionChanges(
      snapshot({ slos: [slo({ remaining: 0.1 })] }),
      [`${BUDGET}0.5`],
    );
    expect(changes.began).toEqual([`${BUDGET}0.25`]);
    expect(changes.notifications).toEqual([
      expect.objectContaining({
        title:
          'Orders API: less than 25 % of the error budget left for "Availability"',
        description: '10 % of the 30d error budget is left.',
        conditionKeys: [`${BUDGET}0.25`],
      }),
    ]);
  });

  it('says nothing when a budget recovers upwards, and ends the thresholds it rose above', () => {
    const changes = ownerConditionChanges(
      snapshot({ slos: [slo({ remaining: 0.4 })] }),
      [`${BUDGET}0.5`, `${BUDGET}0.25`, `${BUDGET}0`],
    );
    expect(changes.notifications).toEqual([]);
    expect(changes.began).toEqual([]);
    expect(changes.ended).toEqual([`${BUDGET}0.25`, `${BUDGET}0`]);
  });

  it('keeps budget thresholds as stored while an SLO has no budget figure', () => {
    const changes = ownerConditionChanges(
      snapshot({ slos: [slo({ remaining: null, status: 'no-data' })] }),
      [`${BUDGET}0.5`],
    );
    expect(changes).toEqual({ began: [], ended: [], notifications: [] });
  });

  it('never counts a zero-tolerance objective as a budget', () => {
    const changes = ownerConditionChanges(
      snapshot({ slos: [slo({ target: 1, remaining: 0 })] }),
      [],
    );
    expect(changes.began).toEqual([]);
  });

  it('changes nothing while the entity cannot be read from AWS', () => {
    const changes = ownerConditionChanges(
      snapshot({ ...paging, unavailableReason: 'AccessDenied' }),
      ['paging', `${BUDGET}0.5`],
    );
    expect(changes).toEqual({ began: [], ended: [], notifications: [] });
  });

  it('announces the alarms without a runbook that appeared, in one notification loud as the loudest', () => {
    const ticket = alarm('orders-api-latency-ticket', {
      severity: 'ticket',
      runbookUrl: null,
    });
    const page = alarm('orders-api-throttles-page', { runbookUrl: null });
    const first = ownerConditionChanges(snapshot({ alarms: [ticket] }), []);
    expect(first.notifications).toEqual([
      expect.objectContaining({
        title: 'Orders API: alarm orders-api-latency-ticket has no runbook',
        severity: 'normal',
        scope: 'lambda-ops:component:default/orders-api:alarms-without-runbook',
      }),
    ]);

    const second = ownerConditionChanges(
      snapshot({ alarms: [ticket, page] }),
      first.began,
    );
    expect(second.began).toEqual([`alarm-without-runbook:${page.arn}`]);
    expect(second.notifications).toEqual([
      expect.objectContaining({
        title: 'Orders API: alarm orders-api-throttles-page has no runbook',
        severity: 'high',
      }),
    ]);
    expect(second.notifications[0].description).toContain(
      'a section of https://runbooks.example.com/orders',
    );
  });

  it('ends an alarm condition when the alarm gains a runbook or is deleted', () => {
    const gone = alarm('gone', { runbookUrl: null });
    const fixed = alarm('fixed', { runbookUrl: null });
    const changes = ownerConditionChanges(
      snapshot({ alarms: [alarm('fixed')] }),
      [
        `alarm-without-runbook:${gone.arn}`,
        `alarm-without-runbook:${fixed.arn}`,
      ],
    );
    expect(changes.ended).toEqual([
      `alarm-without-runbook:${gone.arn}`,
      `alarm-without-runbook:${fixed.arn}`,
    ]);
  });
});
