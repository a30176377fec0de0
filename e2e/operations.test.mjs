// End to end: the demo portal started with the README's command, driven in Debian's
// Chromium. Screenshots land in e2e-artifacts/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import {
  APP_URL,
  ARTIFACTS,
  BACKEND_URL,
  openDemoPortal,
} from './demoPortal.mjs';
import { anyOf, consumedTexts, ORDERS_API_CONSUMED } from './sloFigures.mjs';

/**
 * The demo's emulator (scripts/demo.sh), and its control API. It publishes each minute 2
 * minutes late, so every window ends 2 minutes before the clock's minute.
 */
const EMULATOR_URL = 'http://127.0.0.1:4599';

/**
 * How many of webhook-relay's weekly maintenance windows (Sundays 02:00–04:00 UTC) lie
 * whole inside the 30 days before `now`, ending before the newest published minute.
 */
function maintenanceWindowsInLast30Days(now) {
  const DAY_MS = 86_400_000;
  const from = now.getTime() - 30 * DAY_MS;
  const to = now.getTime() - 3 * 60_000;
  let count = 0;
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    const start = day + 2 * 3_600_000;
    if (
      new Date(day).getUTCDay() === 0 &&
      start >= from &&
      start + 2 * 3_600_000 <= to
    ) {
      count += 1;
    }
  }
  return count;
}

describe('Operations tab in the demo portal', { timeout: 900_000 }, () => {
  let demo;
  let page;

  before(async () => {
    demo = await openDemoPortal({ viewport: { width: 1400, height: 1000 } });
    page = demo.page;
  });

  after(() => demo?.close());

  // Each SLO card is a region named by its objective.
  const sloCard = description =>
    page.getByRole('region', { name: description, exact: true });

  async function openOperations(name) {
    await page.goto(`${APP_URL}/catalog/default/component/${name}`);
    await page.getByRole('link', { name: 'Operations', exact: true }).click();
    await page.waitForURL(`**/component/${name}/operations`);
  }

  test('a healthy API shows its availability SLO with the emulator scenario numbers', async () => {
    await openOperations('orders-api');
    const card = sloCard('99.9% of requests succeed over 30 days');
    await card.waitFor();
    // 100 requests and 0.02 errors a minute at a 99.9 % target: 864 errors of 4,320,000
    // requests in 30 days, give or take the minutes the window's old edge rounds off.
    await card.getByText('99.98%').waitFor();
    await card.getByText('80.0%').waitFor();
    await anyOf(card, ORDERS_API_CONSUMED).waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'orders-api-operations.png'),
      fullPage: true,
    });
  });

  test('the API burning since a deploy shows its spent budget', async () => {
    await openOperations('checkout-api');
    const card = sloCard('99.9% of requests succeed over 30 days');
    await card.waitFor();
    // 200 requests a minute; since the deploy 40 minutes ago 20 errors and 2 throttles a
    // minute, of which 38 minutes are published: 40.4 % of the budget remains.
    await card.getByText('40.4%').waitFor();
    await anyOf(
      card,
      consumedTexts(
        minutes => 0.1 * (minutes - 38) + 22 * 38,
        minutes => 0.001 * (200 * minutes + 2 * 38),
      ),
    ).waitFor();
    await card
      .getByRole('img', { name: /Error budget remaining over 30 days/ })
      .waitFor();
    // Application Signals' own figure for the same service is shown beside it.
    await page
      .getByText('Application Signals', { exact: true })
      .first()
      .waitFor();
    // The deploy 40 minutes ago burns budget 69 times too fast over the last published
    // hour and 109 times over its 5 minutes: the fast row fires, a page.
    await card.getByText('Page', { exact: true }).first().waitFor();
    const fastRow = card
      .getByRole('table', { name: 'Burn rates' })
      .getByRole('row')
      .filter({ hasText: '1h / 5m' });
    await fastRow.getByText('Firing', { exact: true }).waitFor();
    await fastRow.getByText('108.91', { exact: true }).waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'checkout-api-operations.png'),
      fullPage: true,
    });
  });

  test('an async consumer shows event age and its failed deliveries', async () => {
    await openOperations('billing-events');
    // AsyncEventAge over 5 minutes in 13 of 8,640 periods: 65 of 432 budget minutes spent.
    const age = sloCard(
      'Event age (AsyncEventAge) under 5 min in 99% of 5-minute periods over 30 days',
    );
    await age.getByText('99.84%').waitFor();
    await age.getByText('85.0%').waitFor();
    await age.getByText('65 of 432 minutes').waitFor();
    const lost = page.getByRole('region', {
      name: /^No event lost over 30 days/,
    });
    await lost.getByText('20 failed deliveries').waitFor();
    await lost.getByText('DeadLetterErrors: 10').waitFor();
    await lost.getByText('Breached').waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'billing-events-operations.png'),
      fullPage: true,
    });
  });

  test('a nightly job shows success rate and completion by its deadline', async () => {
    await openOperations('nightly-report');
    // 29 of 30 runs succeeded; 28 finished by 05:20 UTC. Budget at 95 %: 1.5 runs.
    const success = sloCard('95% of runs succeed over 30 days');
    await success.getByText('96.66%').waitFor();
    await success.getByText('33.3%').waitFor();
    const completion = sloCard(
      '95% of daily runs finish by 05:20 UTC over 30 days',
    );
    await completion.getByText('93.33%').waitFor();
    await completion.getByText('overspent').waitFor();
    await completion.getByText('Breached').waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'nightly-report-operations.png'),
      fullPage: true,
    });
  });

  test('a function without traffic shows no data, not 100 %', async () => {
    await openOperations('legacy-api');
    const card = sloCard('99.9% of requests succeed over 30 days');
    await card.getByText('No data', { exact: true }).first().waitFor();
  });

  test('planned maintenance from the file beside the catalog file is shaded on the chart and spends no budget', async () => {
    await openOperations('webhook-relay');
    const card = sloCard('99.9% of requests succeed over 30 days');
    await card.waitFor();
    // examples/webhook-relay-maintenance.yaml: Sundays 02:00 UTC for 2 hours. The emulator
    // fails 6 calls a minute from 02:20 to 02:30 then; left out, they spend nothing.
    const weeks = maintenanceWindowsInLast30Days(new Date());
    await card
      .getByText(
        `Left out of the budget: Weekly partner maintenance (${weeks} times)`,
      )
      .waitFor();
    // Each band is a shaded rectangle whose title gives the reason and times; the chart
    // loads after the alarms.
    const titles = card
      .getByRole('img', { name: /Error budget remaining over 30 days/ })
      .locator('title', {
        hasText: /^Excluded from the budget: Weekly partner maintenance/,
      });
    await titles.first().waitFor({ state: 'attached' });
    assert.equal(await titles.count(), weeks);
    const band = await titles
      .last()
      .locator('xpath=..')
      .locator('rect')
      .boundingBox();
    assert.ok(band && band.width >= 2 && band.height > 0, 'the band is drawn');
    // 0.05 calls a minute outside maintenance and the one failed call 10 minutes ago: the
    // budget of those calls alone, as if the bursts had never been.
    const calls = minutes => 0.05 * (minutes - 120 * weeks) + 0.95;
    await anyOf(
      card,
      consumedTexts(
        () => 1,
        minutes => 0.001 * calls(minutes),
      ),
    ).waitFor();
    const remaining = `${((1 - 1 / (0.001 * calls(43_200))) * 100).toFixed(
      1,
    )}%`;
    await card.getByText(remaining, { exact: true }).waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'webhook-relay-maintenance.png'),
      fullPage: true,
    });
  });

  test('the burning API says to roll back first, next to its alarms and runbook', async () => {
    await openOperations('checkout-api');
    // The burn began with the deploy 40 minutes ago (the page may be computed a minute
    // after the emulator's clock turned).
    await page
      .getByText(
        /deployed 4[01] min ago, [01] min before the burn started .*roll back PROD from version 42 to 41 first/,
      )
      .first()
      .waitFor();
    const alarms = page.getByRole('table', { name: 'Alarms' });
    await alarms.getByText('checkout-api-errors', { exact: true }).waitFor();
    // Defects are flagged: a Ticket without runbook, an alarm neither Page nor Ticket.
    await alarms
      .getByText('No runbook — alarm without runbook is noise')
      .waitFor();
    await alarms.getByText('Unclassified').first().waitFor();
    const runbook = page.getByRole('region', { name: 'Runbook' });
    await runbook
      .getByRole('heading', { name: 'A. Triage in 3 minutes' })
      .waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'checkout-api-alarms-triage.png'),
      fullPage: true,
    });
  });

  test('an alarm linking to a missing runbook section is flagged', async () => {
    await openOperations('orders-api');
    await page
      .getByText(/#latency, which the runbook orders-api\.md does not have/)
      .waitFor();
  });

  test('a deploy recorded by CI appears on the timeline, with the rollback banner', async () => {
    // The token the demo's app-config.yaml gives CI (backend.auth.externalAccess).
    const post = (body, token = 'demo-ci-token-0123456789') =>
      fetch(`${BACKEND_URL}/api/lambda-ops/v1/deploy-markers`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const deployId = `e2e-${Date.now()}`;
    const marker = {
      // Hours before the incident, so that it never passes for the deploy that caused it.
      ts: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      deploy_id: deployId,
      env: 'prod',
      service: 'component:default/checkout-api',
      artifact: 'lambda:function:checkout-api',
      git_sha: 'fedcba9876',
      actor: 'ci-e2e',
      change_summary: 'Raise the payment client timeout',
      reason: 'Checkout end-to-end check',
      risk: 'high',
    };
    assert.equal((await post(marker, null)).status, 401);
    assert.equal((await post(marker)).status, 201);
    assert.equal((await post(marker)).status, 200);
    const missingReason = await post({ ...marker, reason: undefined });
    assert.equal(missingReason.status, 400);
    assert.match((await missingReason.json()).error.message, /reason/);

    await openOperations('checkout-api');
    const change = page
      .getByRole('region', { name: 'Changes' })
      .locator(`#lambda-ops-change-${deployId}`);
    await change.getByText('Raise the payment client timeout').waitFor();
    await change.getByText('High risk').waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: /roll back PROD to version 41 first/ })
      .first()
      .waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'checkout-api-changes.png'),
      fullPage: true,
    });
  });

  test('malformed annotations are explained on the tab, which still works', async () => {
    await openOperations('inventory-api');
    await page.getByText(/lambda-ops\/slo-availability.*never 100/).waitFor();
    await page.getByText(/lambda-ops\/slo-window.*e\.g\. 30d/).waitFor();
    // The SLO cards follow the alarms once those are on the page: wait for them.
    await sloCard('99.9% of requests succeed over 30 days').waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'inventory-api-operations.png'),
      fullPage: true,
    });
  });

  test('the overview card shows the worst status and the lowest budget', async () => {
    await page.goto(`${APP_URL}/catalog/default/component/checkout-api`);
    // The overview page shows no other Lambda Ops figure than the card's.
    await page.getByText('Worst status').waitFor();
    await page
      .getByText(/^(Status:\s*)?Page$/)
      .first()
      .waitFor();
    await page.getByText('Lowest budget remaining').waitFor();
    await page.getByText('39.9%').waitFor();
    await page.getByRole('link', { name: 'View the Operations tab' }).click();
    await page.waitForURL('**/component/checkout-api/operations');
  });

  test('says how far behind CloudWatch data is, and never calls the API ok meanwhile', async () => {
    const setLag = seconds =>
      fetch(`${EMULATOR_URL}/_emulator/knobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ publishingLagSeconds: seconds }),
      });
    assert.equal((await setLag(9 * 60)).status, 200);
    try {
      // The tab's last answer may be cached for a minute: look again until it is not.
      const behind = page.getByText('CloudWatch data is 9 min behind');
      const deadline = Date.now() + 150_000;
      for (;;) {
        await openOperations('orders-api');
        await sloCard('99.9% of requests succeed over 30 days').waitFor();
        if (await behind.isVisible()) break;
        assert.ok(Date.now() < deadline, 'the lag line never showed');
        await new Promise(resolve => setTimeout(resolve, 10_000));
      }
      // The 5-minute window, ending 3 minutes before now, holds nothing published yet.
      const card = sloCard('99.9% of requests succeed over 30 days');
      await card
        .getByRole('table', { name: 'Burn rates' })
        .getByRole('row')
        .filter({ hasText: '1h / 5m' })
        .getByText('No data', { exact: true })
        .waitFor();
      // Its status chip says No data, not OK (screen readers hear "Status: No data").
      await card.getByText(/^Status:\s*No data$/).waitFor();
      await page.screenshot({
        path: join(ARTIFACTS, 'orders-api-data-behind.png'),
        fullPage: true,
      });
    } finally {
      await setLag(120);
    }
  });

  test('a service without a Lambda function has no Operations tab', async () => {
    await page.goto(`${APP_URL}/catalog/default/component/storefront`);
    await page.getByRole('link', { name: 'Overview', exact: true }).waitFor();
    assert.equal(
      await page.getByRole('link', { name: 'Operations', exact: true }).count(),
      0,
    );
  });
});
