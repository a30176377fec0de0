import { AwsError } from './awsError';

/**
 * Routing of the REST-JSON services (Application Signals, Lambda): the operation is the
 * method and path of the SDK's model, with path labels such as `{FunctionName}` captured by
 * the groups of `path`.
 */
export interface RestRoute {
  method: string;
  /** Matches the raw (still percent-encoded) path; each group is a path label. */
  path: RegExp;
  operation: string;
}

export interface MatchedRoute {
  operation: string;
  /** The path labels as sent, still percent-encoded. */
  rawLabels: string[];
}

export function matchRoute(
  routes: readonly RestRoute[],
  method: string,
  rawPath: string,
): MatchedRoute | undefined {
  for (const route of routes) {
    const match = route.method === method ? route.path.exec(rawPath) : null;
    if (match) {
      return { operation: route.operation, rawLabels: match.slice(1) };
    }
  }
  return undefined;
}

/** The SDK percent-encodes path labels, so an ARN's ":" and "/" arrive as %3A and %2F. */
export function decodePathLabel(label: string): string {
  try {
    return decodeURIComponent(label);
  } catch {
    throw new AwsError(
      'ValidationException',
      `'${label}' is not a valid path label.`,
    );
  }
}
