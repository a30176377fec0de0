import { wrapServer } from '@backstage/backend-openapi-utils/testUtils';
import type { Express } from 'express';
import type { Server } from 'node:http';

/**
 * Serves the app behind Backstage's schema-checking proxy: every request and reply is
 * checked against src/schema/openapi.yaml, and one that drifts from it fails the test.
 */
export async function schemaCheckedServer(app: Express): Promise<Server> {
  // The proxy forwards to "localhost" over IPv6 when the port answers there, which fails
  // on hosts whose hosts file names localhost for IPv4 only; so the app listens on IPv4.
  const listensOnIpv4 = Object.assign(Object.create(app), {
    listen: (port: number) => app.listen(port, '127.0.0.1'),
  });
  return wrapServer(listensOnIpv4);
}
