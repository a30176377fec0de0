import { InputError, isError } from '@backstage/errors';
import Ajv, { ErrorObject } from 'ajv';
import { ErrorRequestHandler, Request } from 'express';
import { spec } from './openapi/generated/router';

/*
 * The schema's router refuses a bad request before any handler runs, with the validator's
 * wording ("request/body must NOT have additional properties"). The contract promises
 * messages that say what was wrong and what a valid value looks like; the schema holds
 * both, so the explanation is read from it: each parameter's and each body field's
 * description says what a valid value is.
 */

type JsonSchema = {
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
};

interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema?: JsonSchema;
}

interface Operation {
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** What express-openapi-validator leaves on the request once it knows the route. */
interface OpenApiRequestMetadata {
  openApiRoute?: string;
  pathParams?: Record<string, string>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema({ components: spec.components }, 'contract');

function resolve<T>(value: T | { $ref: string }): T {
  if (value && typeof value === 'object' && '$ref' in value && value.$ref) {
    const path = value.$ref.replace(/^#\//, '').split('/');
    return resolve(
      path.reduce<any>((node, key) => node?.[key], spec) as
        | T
        | { $ref: string },
    );
  }
  return value as T;
}

function metadataOf(req: Request): OpenApiRequestMetadata {
  return (req as { openapi?: OpenApiRequestMetadata }).openapi ?? {};
}

function operationOf(req: Request): Operation | undefined {
  const route = metadataOf(req).openApiRoute;
  const item = route
    ? (spec.paths as Record<string, Record<string, unknown>>)[route]
    : undefined;
  return item?.[req.method.toLowerCase()] as Operation | undefined;
}

function parametersOf(operation: Operation | undefined): Parameter[] {
  return (operation?.parameters ?? []).map(p => resolve<Parameter>(p));
}

/** JSON's name for the kind of a value, as a message shows it. */
function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function jsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return Number.isInteger(value) ? 'integer' : typeof value;
}

/** The JSON types a schema allows, following `$ref`, `allOf` and `oneOf`. */
function allowedTypes(schema: JsonSchema): string[] {
  const resolved = resolve<JsonSchema>(schema);
  if (resolved.type) {
    const types = [resolved.type].flat();
    return types.includes('number') ? [...types, 'integer'] : types;
  }
  return [...(resolved.allOf ?? []), ...(resolved.oneOf ?? [])].flatMap(
    allowedTypes,
  );
}

/** Long values are cut; JSON quoting shows control characters as escapes. */
function quote(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function fieldProblem(
  field: string,
  schema: JsonSchema,
  value: unknown,
  errors: ErrorObject[],
  required: boolean,
): string {
  if (value === undefined || (value === null && required)) {
    return `${field} is missing`;
  }
  if (!allowedTypes(schema).includes(jsonType(value))) {
    return `${field} is ${describeType(value)}`;
  }
  if (Array.isArray(value)) {
    const item = errors.find(error => /^\/[^/]+\/\d+/.test(error.instancePath));
    return item
      ? `${field}[${item.instancePath.split('/')[2]}] ${quote(
          value[Number(item.instancePath.split('/')[2])],
        )} is not valid`
      : `${field} has ${value.length} entries`;
  }
  if (typeof value === 'object' && value !== null) {
    const json = JSON.stringify(value);
    return `${field} ${
      json.length > 40 ? `${json.slice(0, 40)}…` : json
    } is not valid`;
  }
  return `${field} ${quote(value)} is not valid`;
}

/** Every bad field of a JSON body, named with what a valid value looks like. */
function explainBody(operation: Operation, body: unknown): string {
  const ref = operation.requestBody?.content['application/json']?.schema.$ref;
  const schema = resolve<JsonSchema>({ $ref: ref ?? '' });
  const what = `Invalid ${schema.title ?? 'request body'}`;
  const properties = schema.properties ?? {};
  const fields = Object.keys(properties);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `${what}: the body must be a JSON object (Content-Type: application/json) with the fields ${fields.join(
      ', ',
    )}`;
  }
  const validate = ajv.getSchema(`contract${ref}`);
  if (!validate || validate(body)) {
    return `${what}: the body does not match the contract`;
  }
  const errors = validate.errors ?? [];
  const record = body as Record<string, unknown>;
  const required = new Set(schema.required ?? []);
  const byField = new Map<string, ErrorObject[]>();
  const unknown: string[] = [];
  for (const error of errors) {
    // An error inside a field (gate_override's reason) belongs to that field; only a
    // required property missing at the top names the field itself.
    let field: string | undefined = error.instancePath.split('/')[1];
    if (!error.instancePath && error.keyword === 'required') {
      field = String(error.params.missingProperty);
    }
    if (error.keyword === 'additionalProperties' && !error.instancePath) {
      unknown.push(String(error.params.additionalProperty));
    } else if (field) {
      byField.set(field, [...(byField.get(field) ?? []), error]);
    }
  }
  const problems = fields
    .filter(field => byField.has(field))
    .map(field => {
      const problem = fieldProblem(
        field,
        properties[field],
        record[field],
        byField.get(field)!,
        required.has(field),
      );
      const expected = properties[field].description?.trim();
      return expected ? `${problem}: expected ${expected}` : problem;
    });
  if (unknown.length > 0) {
    problems.push(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown
        .map(key => `"${key}"`)
        .join(', ')}: the fields are ${fields.join(', ')}`,
    );
  }
  return `${what}: ${problems.join('; ')}`;
}

/** One parameter the validator refused: which, its value, and what a valid one is. */
function explainParameter(
  req: Request,
  parameter: Parameter | undefined,
  location: 'path' | 'query',
  name: string,
  value: unknown,
): string {
  const route = metadataOf(req).openApiRoute;
  const given =
    value === undefined
      ? `${name} is missing`
      : `${name} ${quote([value].flat().join(','))} is not valid`;
  const where =
    location === 'path' && route
      ? ` in ${route.replace(/\{(\w+)\}/g, '<$1>')}`
      : '';
  const expected = parameter?.description?.trim();
  return `Invalid ${location}: ${given}${where}${
    expected ? `: expected ${expected}` : ''
  }`;
}

const VALIDATOR_ITEM = /^request\/(params|query|body)(?:\/(\S*))? (.*)$/;
const UNKNOWN_QUERY = /^Unknown query parameter '(.*)'$/;
const EMPTY_QUERY = /^Empty value found for query parameter '(.*)'$/;
const REQUIRED_PROPERTY = /must have required property '(.*)'/;

/** The clear message for one of the validator's messages, or undefined for others. */
export function explainRequestError(
  req: Request,
  message: string,
): string | undefined {
  const operation = operationOf(req);
  const parameters = parametersOf(operation);
  const emptyQuery = EMPTY_QUERY.exec(message);
  if (emptyQuery) {
    const name = emptyQuery[1];
    return explainParameter(
      req,
      parameters.find(p => p.name === name && p.in === 'query'),
      'query',
      name,
      '',
    );
  }
  const unknownQuery = UNKNOWN_QUERY.exec(message);
  if (unknownQuery) {
    const known = parameters.filter(p => p.in === 'query').map(p => p.name);
    return `Unknown query parameter "${unknownQuery[1]}": ${
      known.length > 0
        ? `this route takes ${known.join(', ')}`
        : 'this route takes none'
    }`;
  }
  const items = message
    .split(/, (?=request\/)/)
    .map(item => VALIDATOR_ITEM.exec(item));
  if (!operation || items.some(item => item === null)) {
    return undefined;
  }
  const refusals = items as RegExpExecArray[];
  if (refusals.some(([, location]) => location === 'body')) {
    return explainBody(operation, req.body);
  }
  return [
    ...new Set(
      refusals.map(([, where, path, complaint]) => {
        const location = where === 'params' ? 'path' : 'query';
        // A missing parameter is named in the complaint, not in the path.
        const name =
          (path ?? '').split('/')[0] ||
          (REQUIRED_PROPERTY.exec(complaint)?.[1] ?? '');
        const value =
          location === 'path'
            ? metadataOf(req).pathParams?.[name]
            : (req.query as Record<string, unknown>)[name];
        return explainParameter(
          req,
          parameters.find(p => p.name === name && p.in === location),
          location,
          name,
          value,
        );
      }),
    ),
  ].join('; ');
}

/**
 * Error middleware that puts the schema's words on the 400s of the schema's router; other
 * errors pass on unchanged.
 */
export function explainRequestErrors(): ErrorRequestHandler {
  return (error, req, _res, next) => {
    const explained =
      isError(error) && error.name === 'InputError'
        ? explainRequestError(req, error.message)
        : undefined;
    next(explained ? new InputError(explained) : error);
  };
}
