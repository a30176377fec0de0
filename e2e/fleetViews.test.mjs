// End to end: the fleet views of the demo portal (the on-call page for each example team,
// the runbook-coverage scorecard) in Debian's Chromium. Screenshots land in e2e-artifacts/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { APP_URL, ARTIFACTS, openDemoPortal } from './demoPortal.mjs';

/** The statuses from worst to best, as the contract ranks them (DESIGN "Fleet views"). */
const RANK = ['Page', 'Breached', 'Warning', 'Unknown', 'No data', 'OK'];

/** The example teams (examples/org.yaml) and the Lambda-backed services each owns. */
const TEAMS = [
  {
    name: 'payments',
    services: [
      'checkout-api',
      'inventory-api',
      'legacy-api',
      'orders-api',
      'webhook-relay',
    ],
    // Burning its budget since a deploy 40 minutes ago: the worst, so the first row.
    worst: 'checkout-api',
  },
  {
    name: 'data-platform',
    services: ['billing-events', 'nightly-report'],
  },
];

// The collector's first refresh may end after the portal is up: until then the views
// say so and hold no rows.
const FIRST_REFRESH_MS = 300_000;

describe('fleet views in the demo portal', { timeout: 1_200_000 }, () => {
  let demo;
  let page;

  before(async () => {
    demo = await openDemoPortal({ viewport: { width: 1600, height: 1000 } });
    page = demo.page;
  });

  after(() => demo?.close());

  /** Opens a fleet page, reloading it until the collector's first snapshot is in. */
  async function openOnceCollected(path, table) {
    const deadline = Date.now() + FIRST_REFRESH_MS;
    for (;;) {
      await page.goto(`${APP_URL}${path}`);
      const shown = page.getByRole('table', { name: table });
      const pending = page.getByText(/has not been collected yet/);
      await shown.or(pending).first().waitFor();
      if (await shown.isVisible()) {
        return shown;
      }
      assert.ok(
        Date.now() < deadline,
        `${path} still had no snapshot after ${FIRST_REFRESH_MS / 1000}s`,
      );
      await page.waitForTimeout(5000);
    }
  }

  for (const team of TEAMS) {
    test(`the on-call page shows the services of ${team.name}, worst first`, async () => {
      const table = await openOnceCollected(
        `/lambda-ops/on-call?owner=group:default/${team.name}`,
        'On-call services, worst first',
      );
      await page.getByText(/^Data collected/).waitFor();
      const rows = table.locator('tbody tr');
      const services = await rows.evaluateAll(trs =>
        trs.map(
          tr => tr.querySelectorAll('td')[1].querySelector('a').textContent,
        ),
      );
      assert.deepEqual([...services].sort(), team.services);

      const statuses = await rows.evaluateAll(trs =>
        trs.map(tr =>
          tr.querySelector('td').textContent.replace('Status: ', ''),
        ),
      );
      const ranks = statuses.map(status => RANK.indexOf(status));
      assert.ok(!ranks.includes(-1), `unexpected status in ${statuses}`);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        `not worst first: ${statuses}`,
      );
      if (team.worst) {
        assert.equal(services[0], team.worst);
        assert.equal(statuses[0], 'Page');
      }

      // Each row opens the entity's Operations tab.
      await table.getByRole('link', { name: services[0], exact: true }).click();
      await page.waitForURL(`**/component/${services[0]}/operations`);
      await page.goBack();
      await page
        .getByRole('table', { name: 'On-call services, worst first' })
        .waitFor();
      await page.screenshot({
        path: join(ARTIFACTS, `on-call-${team.name}.png`),
        fullPage: true,
      });
    });
  }

  test('the coverage page shows the gaps of the demo catalog with their fixes', async () => {
    const entities = await openOnceCollected(
      '/lambda-ops/coverage',
      'Coverage by entity',
    );
    await page
      .getByRole('table', { name: 'Coverage by owner, worst first' })
      .waitFor();
    // legacy-api names no runbook; inventory-api's SLO pattern is malformed.
    const row = name =>
      entities
        .locator('tbody tr')
        .filter({ hasText: `component:default/${name}` });
    await row('legacy-api')
      .getByText(/lambda-ops\/runbook/)
      .first()
      .waitFor();
    await row('inventory-api')
      .getByText(/lambda-ops\/slo-pattern/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'coverage.png'),
      fullPage: true,
    });
  });

  test("the payments group page shows the team's on-call card", async () => {
    await page.goto(`${APP_URL}/catalog/default/group/payments`);
    const card = page.getByRole('table', {
      name: 'On-call services, worst first',
    });
    await card.waitFor();
    await card
      .getByRole('link', { name: 'checkout-api', exact: true })
      .waitFor();
    await page.screenshot({
      path: join(ARTIFACTS, 'group-payments-cards.png'),
      fullPage: true,
    });
  });
});
