// How soon the Operations tab shows the alarms after a click on the tab, in Chromium, on
// a production build of the demo portal served by its backend. The backend's answer is
// cached (the overview card asked for it just before), so the figure is the frontend's:
// code chunks to load, requests to start, React to render. Prints figures; asserts nothing.
//
// Run with `yarn bench` (or `node e2e/operationsTab.bench.mjs`); it binds ports 7007 and
// 4599 like the end-to-end tests. LAMBDA_OPS_BENCH_SKIP_BUILD=1 reuses packages/app/dist.
import { launchChromium } from './support.mjs';
import {
  buildApp,
  PRODUCTION_APP_URL,
  startProductionPortal,
} from './productionPortal.mjs';

const ENTITY_PATH = '/catalog/default/component/checkout-api';
/** An alarm of checkout-api in the emulator's scenario, the first row of its table. */
const ALARM_NAME = 'checkout-api-errors';
const CLICKS = Number(process.env.LAMBDA_OPS_BENCH_CLICKS ?? 20);
const TARGET_MS = 300;

function percentile(samples, fraction) {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank: the smallest sample with at least `fraction` of the samples at or under it.
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

const ms = value => `${Math.round(value)} ms`;

/**
 * Arms the page: the time of the next click on the Operations tab, the time of the
 * first animation frame once an alarm row is in the document (the frame that paints
 * it), and, from the resource timings, when the tab's requests and chunks went out.
 */
function armPage(alarmName) {
  const marks = {};
  window.__lambdaOpsBench = marks;
  // The page load filled the resource timing buffer; the tab's entries need room.
  performance.clearResourceTimings();
  const isTabLink = target =>
    target instanceof Element &&
    target.closest('a')?.textContent?.trim() === 'Operations';
  window.addEventListener(
    'click',
    event => {
      if (marks.clickAt === undefined && isTabLink(event.target)) {
        marks.clickAt = performance.now();
      }
    },
    { capture: true },
  );
  const alarmShown = () =>
    Array.from(document.querySelectorAll('table td span')).some(
      span => span.textContent === alarmName,
    );
  const observer = new MutationObserver(() => {
    if (marks.clickAt !== undefined && alarmShown()) {
      observer.disconnect();
      requestAnimationFrame(() => {
        marks.alarmsAt = performance.now();
      });
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
}

function collectMarks() {
  const { clickAt, alarmsAt } = window.__lambdaOpsBench;
  const after = performance
    .getEntriesByType('resource')
    .filter(entry => entry.startTime >= clickAt);
  const request = suffix =>
    after.find(entry => new URL(entry.name).pathname.endsWith(suffix));
  const since = entry =>
    entry
      ? {
          start: entry.startTime - clickAt,
          end: entry.responseEnd - clickAt,
        }
      : null;
  return {
    alarms: alarmsAt - clickAt,
    operations: since(request('/operations')),
    runbook: since(request('/runbook')),
    chunks: after.filter(entry => entry.name.endsWith('.js')).length,
    chunkBytes: after
      .filter(entry => entry.name.endsWith('.js'))
      .reduce((sum, entry) => sum + entry.decodedBodySize, 0),
  };
}

async function clickToAlarms(page, { coldBrowserCache, cdp }) {
  if (coldBrowserCache) {
    await cdp.send('Network.clearBrowserCache');
  }
  await page.goto(`${PRODUCTION_APP_URL}${ENTITY_PATH}`);
  // The overview card has the operations: the backend's cache holds them now.
  await page.getByText('Lowest budget remaining').waitFor();
  await page.waitForLoadState('networkidle');
  await page.evaluate(armPage, ALARM_NAME);
  await page.getByRole('link', { name: 'Operations', exact: true }).click();
  await page.waitForFunction(
    () => window.__lambdaOpsBench.alarmsAt !== undefined,
    undefined,
    { timeout: 30_000 },
  );
  return page.evaluate(collectMarks);
}

function report(label, samples) {
  const alarms = samples.map(sample => sample.alarms);
  const p50 = percentile(alarms, 0.5);
  const p95 = percentile(alarms, 0.95);
  const times = (key, edge) =>
    samples.map(sample => sample[key]?.[edge]).filter(v => v !== undefined);
  console.log(
    `Operations tab, click → alarms visible (${label}): median ${ms(
      p50,
    )}, p95 ${ms(p95)} over ${samples.length} clicks; target ≤ ${ms(
      TARGET_MS,
    )} ${p95 <= TARGET_MS ? '(met)' : '(MISSED)'}`,
  );
  const median = values => (values.length ? ms(percentile(values, 0.5)) : '–');
  const chunkKb = percentile(
    samples.map(sample => sample.chunkBytes),
    0.5,
  );
  console.log(
    `  after the click (medians): operations requested at ${median(
      times('operations', 'start'),
    )}, answered at ${median(
      times('operations', 'end'),
    )}; runbook requested at ${median(times('runbook', 'start'))}; ${percentile(
      samples.map(sample => sample.chunks),
      0.5,
    )} script chunks (${Math.round(chunkKb / 1024)} kB) loaded`,
  );
}

async function main() {
  if (process.env.LAMBDA_OPS_BENCH_SKIP_BUILD !== '1') {
    console.log('Building the app for production…');
    buildApp();
  }
  const portal = await startProductionPortal();
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    page.setDefaultTimeout(60_000);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(PRODUCTION_APP_URL);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('orders-api').first().waitFor();
    // One click to warm the backend (SLOs, alarms, runbook) and the browser.
    await clickToAlarms(page, { coldBrowserCache: false, cdp });

    for (const coldBrowserCache of [false, true]) {
      const samples = [];
      for (let click = 0; click < CLICKS; click++) {
        samples.push(await clickToAlarms(page, { coldBrowserCache, cdp }));
      }
      report(
        coldBrowserCache
          ? 'production build, warm backend cache, code not in the browser cache'
          : 'production build, warm backend cache, code in the browser cache',
        samples,
      );
    }
  } finally {
    await browser?.close();
    await portal.stop();
  }
}

main().catch(error => {
  console.error(`operations tab bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
