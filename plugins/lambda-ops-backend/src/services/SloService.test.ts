import { RunningAwsEmulator, startAwsEmulator } from '@lambda-ops/aws-emulator';
import {
  DEFAULT_MIN_EVENTS,
  DEFAULT_PUBLISHING_LAG_MS,
} from '@lambda-ops/backstage-plugin-common';
import { ordersApiSettings } from '../__fixtures__/functions';
import { emulatorClients } from '../__testUtils__/emulatorClients';
import { MetricsService } from './MetricsService';
import { SloService } from './SloService';

describe('SloService', () => {
  const NOW = new Date('2026-11-29T12:00:00Z');
  let emulator: RunningAwsEmulator;
  let slos: SloService;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0, now: NOW });
    slos = new SloService({
      metrics: new MetricsService({ clients: emulatorClients(emulator.url) }),
      publishingLagMs: DEFAULT_PUBLISHING_LAG_MS,
      minEvents: DEFAULT_MIN_EVENTS,
    });
  });
  afterAll(() => emulator.stop());

  it.each([
    // CloudWatch keeps 5-minute data 63 days: a window that long is read hourly, and a
    // 5-minute plan would get no datapoints at all.
    [63, 'hourly'],
    [62, '5-minute'],
  ])(
    'reads a %i-day window from the %s periods CloudWatch keeps',
    async windowDays => {
      const [fn] = ordersApiSettings.functions;
      const { slos: computed } = await slos.computeSlos(
        fn,
        { ...ordersApiSettings, windowDays },
        NOW,
      );
      // orders-api: 100 requests and 0.02 errors a minute.
      const minutes = windowDays * 24 * 60;
      expect(computed[0].errorBudget).toEqual({
        total: expect.closeTo(0.001 * 100 * minutes, 6),
        consumed: expect.closeTo(0.02 * minutes, 6),
        remaining: expect.closeTo(0.8, 10),
        unit: 'requests',
      });
      expect(computed[0].burnRates.map(r => r.state)).toEqual([
        'not-firing',
        'not-firing',
        'not-firing',
      ]);
    },
  );
});
