import Ajv from 'ajv';
import type { Server } from 'node:http';
import request, { Response } from 'supertest';
import { spec } from '../schema/openapi/generated/router';

/** Where the plugin's routes are mounted in a backend. */
const BASE_PATH = '/api/lambda-ops';

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema({ components: spec.components }, 'contract');

type ResponsesByStatus = Record<
  string,
  { $ref?: string; content?: Record<string, { schema: { $ref?: string } }> }
>;

function routeOf(path: string): string | undefined {
  const parts = path.split('/');
  return Object.keys(spec.paths).find(template => {
    const templateParts = template.split('/');
    return (
      templateParts.length === parts.length &&
      templateParts.every(
        (part, i) => part === parts[i] || /^\{\w+\}$/.test(part),
      )
    );
  });
}

/**
 * Throws unless the reply is one the contract lists for its route and status, with a
 * body that meets the schema. For supertest's `.expect(fn)`.
 */
export function replyMatchesContract(res: Response): void {
  const req = (res as unknown as { req: { method: string; path: string } }).req;
  const path = new URL(req.path, 'http://backend').pathname.replace(
    BASE_PATH,
    '',
  );
  const route = routeOf(path);
  const operation = route
    ? (spec.paths as Record<string, Record<string, unknown>>)[route][
        req.method.toLowerCase()
      ]
    : undefined;
  const what = `${req.method} ${route ?? path} answered ${res.status}`;
  if (!operation) {
    throw new Error(`${what}, but the contract has no such operation`);
  }
  const responses = (operation as { responses: ResponsesByStatus }).responses;
  let response = responses[String(res.status)];
  if (response?.$ref) {
    const name = response.$ref.replace('#/components/responses/', '');
    response = (spec.components.responses as ResponsesByStatus)[name];
  }
  if (!response) {
    throw new Error(`${what}, a status the contract does not list`);
  }
  const ref = response.content?.[res.type]?.schema.$ref;
  if (!ref) {
    throw new Error(
      `${what} with ${res.type}, which the contract does not list`,
    );
  }
  const validate = ajv.getSchema(`contract${ref}`)!;
  if (!validate(res.body)) {
    throw new Error(
      `${what} with a body that breaks the contract: ${ajv.errorsText(
        validate.errors,
        { dataVar: 'reply' },
      )}`,
    );
  }
}

/** supertest for a running backend, failing any reply that drifts from the contract. */
export function requestCheckedByContract(server: Server) {
  const client = request(server);
  return {
    get: (path: string) => client.get(path).expect(replyMatchesContract),
    post: (path: string) => client.post(path).expect(replyMatchesContract),
  };
}
