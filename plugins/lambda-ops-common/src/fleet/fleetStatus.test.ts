import type { FleetStatus } from '../types';
import { alarm } from './__fixtures__/snapshots';
import {
  alarmFleetStatus,
  fleetStatusRank,
  worstFleetStatus,
} from './fleetStatus';

describe('fleet status rank', () => {
  it('orders page > breached > warning > unknown > no-data > ok', () => {
    const ranked: FleetStatus[] = [
      'ok',
      'unknown',
      'page',
      'no-data',
      'warning',
      'breached',
    ];
    expect(
      [...ranked].sort((a, b) => fleetStatusRank(a) - fleetStatusRank(b)),
    ).toEqual(['page', 'breached', 'warning', 'unknown', 'no-data', 'ok']);
  });

  it.each<[string, FleetStatus[], FleetStatus]>([
    ['a page beats everything', ['ok', 'breached', 'page', 'warning'], 'page'],
    [
      'a spent budget beats a warning',
      ['warning', 'breached', 'ok'],
      'breached',
    ],
    ['unknown beats no data', ['no-data', 'unknown'], 'unknown'],
    [
      'no data beats ok, as silence is no sign of health',
      ['ok', 'no-data'],
      'no-data',
    ],
    ['all ok is ok', ['ok', 'ok'], 'ok'],
    ['nothing seen is no data', [], 'no-data'],
  ])('worst status: %s', (_, statuses, worst) => {
    expect(worstFleetStatus(statuses)).toBe(worst);
  });

  it.each<[string, Parameters<typeof alarm>[1], FleetStatus | null]>([
    [
      'a page alarm in ALARM pages',
      { state: 'ALARM', severity: 'page' },
      'page',
    ],
    [
      'a ticket alarm in ALARM warns',
      { state: 'ALARM', severity: 'ticket' },
      'warning',
    ],
    [
      'an unclassified alarm in ALARM warns',
      { state: 'ALARM', severity: 'unclassified' },
      'warning',
    ],
    ['an alarm in OK says ok', { state: 'OK', severity: 'page' }, 'ok'],
    ['INSUFFICIENT_DATA says nothing', { state: 'INSUFFICIENT_DATA' }, null],
  ])('%s', (_, fields, status) => {
    expect(alarmFleetStatus(alarm('orders-api-errors', fields))).toBe(status);
  });
});
