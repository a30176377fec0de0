import { CustomErrorBase, NotFoundError } from '@backstage/errors';
import { RequestHandler } from 'express';
import { spec } from './openapi/generated/router';

/*
 * The schema's router answers only the methods and paths it documents and lets the rest
 * fall through, which would end in an empty-bodied 404. These guards answer them from the
 * same schema: a known path with another method is a 405 naming the methods it takes, an
 * unknown path a 404 saying so, and a body in a media type the operation does not take a
 * 415 asking for JSON, before any field of it is judged.
 */

/**
 * A method the path does not take (HTTP 405). The response carries `Allow`.
 */
export class MethodNotAllowedError extends CustomErrorBase {
  name = 'MethodNotAllowedError' as const;
  readonly statusCode = 405;
}

/**
 * A body in a media type the operation does not take (HTTP 415).
 */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  readonly statusCode = 415;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

type PathItem = Record<
  string,
  { requestBody?: { content: Record<string, unknown> } } | undefined
>;

interface DocumentedPath {
  template: string;
  pattern: RegExp;
  item: PathItem;
}

const DOCUMENTED_PATHS: DocumentedPath[] = Object.entries(
  spec.paths as unknown as Record<string, PathItem>,
).map(([template, item]) => ({
  template,
  // `{name}` matches one path segment, as the schema's router matches it.
  pattern: new RegExp(
    `^${template
      .split(/\{[^}]+\}/)
      .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}/?$`,
  ),
  item,
}));

function documentedPathOf(path: string): DocumentedPath | undefined {
  return DOCUMENTED_PATHS.find(documented => documented.pattern.test(path));
}

/** The methods the schema lists for a path, as `Allow` names them. */
export function allowedMethods(item: PathItem): string[] {
  const methods = HTTP_METHODS.filter(method => item[method]);
  // Express answers HEAD wherever it answers GET.
  if (methods.includes('get') && !methods.includes('head')) {
    methods.push('head');
  }
  return methods.map(method => method.toUpperCase());
}

/**
 * Refuses a body whose `Content-Type` the operation does not take, before the schema's
 * router judges its fields: a form-encoded marker would otherwise be reported field by
 * field as missing.
 */
export function requireDocumentedMediaType(): RequestHandler {
  return (req, _res, next) => {
    const operation = documentedPathOf(req.path)?.item[
      req.method.toLowerCase()
    ];
    const mediaTypes = Object.keys(operation?.requestBody?.content ?? {});
    // `req.is` is null without a body: the schema's router says what is missing.
    if (mediaTypes.length > 0 && req.is(mediaTypes) === false) {
      const sent = req.headers['content-type'];
      next(
        new UnsupportedMediaTypeError(
          `The body was sent ${
            sent ? `as ${sent}` : 'without a Content-Type'
          }: send it as JSON, with Content-Type: ${mediaTypes.join(' or ')}`,
        ),
      );
      return;
    }
    next();
  };
}

/**
 * Answers what the schema's router let through: 405 with `Allow` for a known path asked
 * with another method, 404 for a path outside the API.
 */
export function answerUndocumentedRoutes(): RequestHandler {
  return (req, res, next) => {
    const documented = documentedPathOf(req.path);
    if (!documented) {
      next(
        new NotFoundError(
          `${req.method} ${
            req.path
          } is not a route of the Lambda Ops API: the routes are ${DOCUMENTED_PATHS.map(
            p => p.template,
          ).join(', ')}`,
        ),
      );
      return;
    }
    const allow = allowedMethods(documented.item);
    res.setHeader('Allow', allow.join(', '));
    next(
      new MethodNotAllowedError(
        `${req.method} is not allowed on ${
          documented.template
        }: use ${allow.join(' or ')}`,
      ),
    );
  };
}
