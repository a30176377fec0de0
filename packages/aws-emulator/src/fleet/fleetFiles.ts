import { IncomingMessage, ServerResponse } from 'node:http';
import { GeneratedRunbooks } from '../runbooks/runbookHost';
import { Fleet } from './fleet';

/** Where the fleet's files are served; they are neither AWS calls nor runbooks. */
export const FLEET_PATH = '/fleet/';

/** The fleet's catalog file, readable as a `url` location by a Backstage catalog. */
export const FLEET_CATALOG_PATH = `${FLEET_PATH}catalog-info.yaml`;

/**
 * Serves `GET /fleet/catalog-info.yaml`. Without a fleet, or for any other path, a 404 that
 * says how to switch the fleet on.
 */
export function serveFleetFile(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  fleet: Fleet | undefined,
): void {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 });
    res.end();
    return;
  }
  if (pathname !== FLEET_CATALOG_PATH || !fleet) {
    const text = fleet
      ? `Not found: the fleet serves ${FLEET_CATALOG_PATH}\n`
      : 'Not found: no fleet scenario is running; start the emulator with --fleet <size> or POST /_emulator/fleet\n';
    res.writeHead(404, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  const body = Buffer.from(fleet.catalogFile(), 'utf8');
  res.writeHead(200, {
    'content-type': 'application/yaml; charset=utf-8',
    'content-length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The team runbooks as runbook pages: `/runbooks/fleet/<team>.md`. */
export function fleetRunbooks(fleet: Fleet | undefined): GeneratedRunbooks {
  return segments => {
    const [folder, file, ...rest] = segments;
    return fleet && folder === 'fleet' && file && rest.length === 0
      ? fleet.runbook(file.replace(/\.md$/, ''))
      : undefined;
  };
}
