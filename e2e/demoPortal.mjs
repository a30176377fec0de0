// Starts the demo portal exactly as the README tells a user to (scripts/demo.sh) and
// stops it again, with everything it started.
import { join } from 'node:path';
import { after, before } from 'node:test';
import {
  ARTIFACTS,
  launchChromium,
  ROOT,
  startProcessGroup,
  waitFor,
} from './support.mjs';

export { ARTIFACTS };
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

function startDemoPortal() {
  return startProcessGroup('bash', [join(ROOT, 'scripts/demo.sh')], {
    cwd: ROOT,
    env: { BROWSER: 'none' },
    logFile: join(ARTIFACTS, 'demo.log'),
    ready: () =>
      Promise.all([
        waitFor(`${BACKEND_URL}/api/lambda-ops/health`, { timeoutMs: 600_000 }),
        waitFor(
          `${BACKEND_URL}/api/catalog/entities/by-name/component/default/orders-api`,
          {
            timeoutMs: 600_000,
            // 401 means the catalog is up; the entity itself needs a token to read.
            isReady: res => res.status === 401 || res.ok,
          },
        ),
        waitFor(APP_URL, { timeoutMs: 600_000 }),
      ]),
  });
}

/**
 * Starts the demo portal and enters it as the guest in Chromium, where every test of the
 * demo begins. `close` stops the browser and the portal; a start that fails stops what
 * it had started.
 */
export async function openDemoPortal({ viewport }) {
  const portal = await startDemoPortal();
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(60_000);
    await page.goto(APP_URL);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('orders-api').first().waitFor();
    return {
      page,
      async close() {
        await browser.close();
        await portal.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await portal.stop();
    throw error;
  }
}

/**
 * Opens the demo portal as the guest before the tests of the suite that calls it, and
 * closes it after them. Returns a function that gives the guest's page once it is open.
 */
export function useDemoPortal({ viewport }) {
  let demo;
  before(async () => {
    demo = await openDemoPortal({ viewport });
  });
  after(() => demo?.close());
  return () => demo.page;
}
