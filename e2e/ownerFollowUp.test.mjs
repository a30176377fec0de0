// End to end: what an owner follows up on in the demo portal, in Debian's Chromium. CI's
// deploy gate blocks the burning checkout-api and allows orders-api; the guest, on call for
// payments, finds checkout-api paging in the bell; the SLO review lists the demo's months
// per SLO, the month checkout-api missed with its deploys, and exports them as CSV.
// Screenshots land in e2e-artifacts/.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import {
  APP_URL,
  ARTIFACTS,
  BACKEND_URL,
  useDemoPortal,
} from './demoPortal.mjs';

// The collector's first refresh, and the SLO review's months it computes, may end after
// the portal is up.
const FIRST_REFRESH_MS = 300_000;

/** The demo's CI token (app-config.yaml), as the README's curl example uses it. */
const CI_TOKEN = 'demo-ci-token-0123456789';

/** The month of checkout-api's bad release, 45 days back (packages/aws-emulator README). */
function badReleaseMonth(now = new Date()) {
  return new Date(now.getTime() - 45 * 24 * 3_600_000 - 2 * 3_600_000)
    .toISOString()
    .slice(0, 7);
}

/** The last three completed calendar months (UTC), oldest first, as the review shows them. */
function reviewMonths(now = new Date()) {
  return [3, 2, 1].map(back =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))
      .toISOString()
      .slice(0, 7),
  );
}

/** Records a deploy of checkout-api the way CI does, in the middle of a month. */
async function postCheckoutDeploy({ month, summary }) {
  const res = await fetch(`${BACKEND_URL}/api/lambda-ops/v1/deploy-markers`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${CI_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      ts: `${month}-15T09:30:00Z`,
      deploy_id: `checkout-api-review-${Date.now()}`,
      env: 'PROD',
      artifact: 'lambda:function:checkout-api',
      git_sha: 'e2e0001',
      change_summary: summary,
      reason: 'End-to-end check of the SLO review',
      risk: 'low',
    }),
  });
  assert.ok(res.ok, `deploy marker refused: ${res.status} ${await res.text()}`);
}

describe(
  "an owner's follow-up in the demo portal",
  { timeout: 1_200_000 },
  () => {
    const guestPage = useDemoPortal({
      viewport: { width: 1600, height: 1000 },
    });

    /** Reloads `path` until `ready` shows, within the collector's first refresh. */
    async function reloadUntil(path, ready, what) {
      const page = guestPage();
      const deadline = Date.now() + FIRST_REFRESH_MS;
      for (;;) {
        await page.goto(`${APP_URL}${path}`);
        try {
          await ready().waitFor({ timeout: 10_000 });
          return;
        } catch {
          assert.ok(
            Date.now() < deadline,
            `${what} after ${FIRST_REFRESH_MS / 1000}s`,
          );
        }
      }
    }

    test('CI asks the deploy gate: the burning checkout-api is blocked, the healthy orders-api allowed', async () => {
      const gate = async name => {
        const url = new URL(
          `${BACKEND_URL}/api/lambda-ops/v1/entities/default/component/${name}/deploy-gate`,
        );
        url.searchParams.set('env', 'PROD');
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${CI_TOKEN}` },
        });
        assert.equal(
          res.status,
          200,
          `${name}'s gate: ${await res.clone().text()}`,
        );
        return res.json();
      };
      const checkout = await gate('checkout-api');
      assert.equal(checkout.decision, 'block', JSON.stringify(checkout));
      assert.ok(
        checkout.reasons.some(reason => reason.code === 'page-burn'),
        `checkout-api's gate gives no page burn: ${JSON.stringify(
          checkout.reasons,
        )}`,
      );
      const orders = await gate('orders-api');
      assert.equal(orders.decision, 'allow', JSON.stringify(orders));
    });

    test('the guest finds checkout-api paging in the bell, linked to its Operations tab', async () => {
      const page = guestPage();
      const unread = () => page.getByLabel('Unread notifications');
      await reloadUntil('/', unread, 'the bell counted no unread notification');
      await page.getByRole('link', { name: /^Notifications/ }).click();
      await page.waitForURL('**/notifications');
      const paging = page.getByRole('link', {
        name: /checkout-api is paging/i,
      });
      // One notification per condition: a repeated announcement replaces it (same scope).
      await paging.waitFor();
      assert.equal(
        await paging.getAttribute('href'),
        '/catalog/default/component/checkout-api/operations',
      );
      await page.screenshot({
        path: join(ARTIFACTS, 'notifications.png'),
        fullPage: true,
      });

      // Followed by address rather than clicked: a click marks it read, and the demo keeps
      // its database between runs, where the condition is announced only once.
      await page.goto(`${APP_URL}${await paging.getAttribute('href')}`);
      // The Operations tab, with checkout-api's availability SLO.
      await page
        .getByText('99.9% of requests succeed over 30 days')
        .first()
        .waitFor();
    });

    test("the SLO review lists the demo's months per SLO, the missed one with its deploys, and exports them as CSV", async () => {
      const page = guestPage();
      // CI recorded a deploy inside the month checkout-api missed.
      const missed = badReleaseMonth();
      const summary = 'Payment client 3.2';
      await postCheckoutDeploy({ month: missed, summary });
      const table = () =>
        page.getByRole('table', { name: 'SLO review by month' });
      await reloadUntil(
        '/lambda-ops/slo-review',
        table,
        'the SLO review had no months kept',
      );
      const months = reviewMonths();
      const header = await table()
        .locator('thead th')
        .evaluateAll(ths => ths.map(th => th.textContent));
      assert.deepEqual(header, ['Entity', 'SLO', 'Target', ...months]);

      // Each row: its SLO and each month's verdict.
      const rows = await table()
        .locator('tbody tr')
        .evaluateAll(trs =>
          trs.map(tr => {
            const cells = [...tr.querySelectorAll('td')];
            return {
              slo: cells[1].textContent,
              verdicts: cells
                .slice(3)
                .map(td => td.querySelector('span').textContent),
            };
          }),
        );
      const verdictsOf = slo => rows.find(row => row.slo === slo)?.verdicts;
      // The scenarios' steady traffic: orders-api spends a fifth of its budget every
      // month, and its p95 never nears 500 ms.
      assert.deepEqual(verdictsOf('orders-api:availability'), [
        'Met',
        'Met',
        'Met',
      ]);
      assert.deepEqual(verdictsOf('orders-api:latency'), [
        'Never burning',
        'Never burning',
        'Never burning',
      ]);
      // checkout-api spends half its budget a month, and more in the bad release's month.
      assert.deepEqual(
        verdictsOf('checkout-api:availability'),
        months.map(month => (month === missed ? 'Missed' : 'Met')),
      );
      await table()
        .getByRole('list', { name: `Deploys in ${missed}` })
        .filter({ hasText: summary })
        .waitFor();
      await page.screenshot({
        path: join(ARTIFACTS, 'slo-review.png'),
        fullPage: true,
      });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'lambda-ops-slo-review.csv');
      const csv = await readFile(await download.path(), 'utf8');
      const [csvHeader, ...lines] = csv.trim().split('\r\n');
      assert.equal(
        csvHeader,
        'entityRef,owner,sloId,objective,target,month,verdict,attainment,budgetConsumed,deploys,incidents',
      );
      // A line per row of the page and month.
      assert.equal(lines.length, rows.length * months.length);
      assert.ok(
        lines.some(line =>
          line.startsWith(
            `component:default/orders-api,group:default/payments,orders-api:availability,availability,0.999,${months[2]},met,`,
          ),
        ),
        `the CSV has no met ${months[2]} for orders-api: ${csv}`,
      );
      assert.ok(
        lines.some(
          line =>
            line.startsWith(
              `component:default/checkout-api,group:default/payments,checkout-api:availability,availability,0.999,${missed},missed,`,
            ) && line.includes(summary),
        ),
        `the CSV has no missed ${missed} for checkout-api with its deploy: ${csv}`,
      );
    });
  },
);
