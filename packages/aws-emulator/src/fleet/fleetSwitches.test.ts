import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { clientsOf, useEmulator } from '../__testUtils__/emulator';
import { FLEET_CATALOG_PATH } from './fleetFiles';

describe('switching the fleet', () => {
  const aws = useEmulator({}, { fleet: { size: 100 } });

  const control = async (method: string, body?: object) => {
    const response = await fetch(`${aws.emulator.url}/_emulator/fleet`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const alarmsSeenBy = async (accountId: string) => {
    const { cloudWatch } = clientsOf(aws.emulator, accountId, 'us-east-1');
    const output = await cloudWatch.send(
      new DescribeAlarmsCommand({ MaxRecords: 100 }),
    );
    cloudWatch.destroy();
    return output.MetricAlarms?.map(a => a.AlarmName!) ?? [];
  };

  it('starts with the fleet of the options, and the control API switches it', async () => {
    expect(aws.emulator.fleet()).toMatchObject({ size: 100, seed: 1 });
    expect((await control('GET')).body.fleet).toEqual(aws.emulator.fleet());

    const bigger = await control('POST', { size: 2000, seed: 5 });
    expect(bigger.status).toBe(200);
    expect(bigger.body.fleet).toMatchObject({ size: 2000, seed: 5 });
    expect(bigger.body.fleet.functions.byHealth.page).toBe(20);
    const catalog = await fetch(`${aws.emulator.url}${FLEET_CATALOG_PATH}`);
    expect(await catalog.text()).toMatch(/^# .*2000 functions, seed 5/);

    expect((await control('POST', { size: null })).body).toEqual({
      fleet: null,
    });
    // Without a fleet, a fleet account's key reaches the demo scenarios.
    expect(await alarmsSeenBy('111111111111')).toContain('orders-api-errors');
  });

  it('refuses settings it cannot use, saying why', async () => {
    expect(await control('POST', { size: 10 })).toEqual({
      status: 400,
      body: { error: expect.stringMatching(/from 50 to 100000, got 10/) },
    });
    expect((await control('POST', { size: '1000' })).status).toBe(400);
    expect(
      (await control('POST', { size: 100, seed: 1.5 })).body.error,
    ).toMatch(/seed must be an integer/);
    expect(
      (await control('POST', { size: 100, colour: 1 })).body.error,
    ).toMatch(/Unknown fleet setting\(s\): colour/);
    expect(aws.emulator.fleet()).toMatchObject({ size: 100 });
  });

  it('switches programmatically, and reset() brings back the configured fleet', async () => {
    expect(aws.emulator.setFleet({ size: 60, seed: 2 })).toMatchObject({
      size: 60,
      seed: 2,
    });
    expect(aws.emulator.setFleet(null)).toBeNull();
    expect(aws.emulator.fleet()).toBeNull();
    aws.emulator.reset();
    expect(aws.emulator.fleet()).toMatchObject({ size: 100, seed: 1 });
    expect(await alarmsSeenBy('111111111111')).not.toContain(
      'orders-api-errors',
    );
  });
});
