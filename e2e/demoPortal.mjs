// Starts the demo portal exactly as the README tells a user to (scripts/demo.sh) and
// stops it again, with everything it started.
import { join } from 'node:path';
import { ARTIFACTS, ROOT, startProcessGroup, waitFor } from './support.mjs';

export { ARTIFACTS };
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

export function startDemoPortal() {
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
