import { AwsError } from '../awsError';
import { toAwsJson } from '../awsJson';
import { answerOrError, AwsRequest, AwsService } from '../awsService';
import { ScenarioClock } from '../clock';
import { parseJsonObject } from '../requestMembers';
import { decodePathLabel, matchRoute, RestRoute } from '../restRoutes';
import { listEntityEvents } from './entityEvents';
import {
  batchGetServiceLevelObjectiveBudgetReport,
  getServiceLevelObjective,
  listServiceLevelObjectiveExclusionWindows,
  listServiceLevelObjectives,
} from './serviceLevelObjectives';

/** Application Signals speaks REST-JSON: paging goes in the query string, the rest in a JSON body. */
const ROUTES: readonly RestRoute[] = [
  { method: 'POST', path: /^\/slos$/, operation: 'ListServiceLevelObjectives' },
  {
    method: 'GET',
    path: /^\/slo\/([^/]+)$/,
    operation: 'GetServiceLevelObjective',
  },
  {
    method: 'GET',
    path: /^\/slo\/([^/]+)\/exclusion-windows$/,
    operation: 'ListServiceLevelObjectiveExclusionWindows',
  },
  {
    method: 'POST',
    path: /^\/budget-report$/,
    operation: 'BatchGetServiceLevelObjectiveBudgetReport',
  },
  { method: 'POST', path: /^\/events$/, operation: 'ListEntityEvents' },
];

/** Requests for no known route are counted under this name. */
const UNKNOWN_OPERATION = 'UnknownOperation';

/** Status per error code; the code itself travels in the `x-amzn-errortype` header. */
const ERROR_STATUS: Record<string, number> = {
  ValidationException: 400,
  SerializationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ThrottlingException: 429,
  ServiceUnavailableException: 503,
};

export function createApplicationSignalsService(
  clock: ScenarioClock,
): AwsService {
  const operations: Record<
    string,
    (request: AwsRequest, pathLabels: string[]) => object
  > = {
    ListServiceLevelObjectives: ({ account, query, body }) =>
      listServiceLevelObjectives(account, query, parseJsonObject(body), clock),
    GetServiceLevelObjective: ({ account }, [id]) =>
      getServiceLevelObjective(account, id, clock),
    ListServiceLevelObjectiveExclusionWindows: ({ account, query }, [id]) =>
      listServiceLevelObjectiveExclusionWindows(account, id, query, clock),
    BatchGetServiceLevelObjectiveBudgetReport: ({ account, body }) =>
      batchGetServiceLevelObjectiveBudgetReport(
        account,
        parseJsonObject(body),
        clock,
      ),
    ListEntityEvents: ({ account, query, body }) =>
      listEntityEvents(account, query, parseJsonObject(body), clock),
  };

  const service: AwsService = {
    // The server hands every request that no other service claims to Application Signals.
    operationOf: ({ method, rawPath }) =>
      matchRoute(ROUTES, method, rawPath)?.operation ?? UNKNOWN_OPERATION,

    handle: (_operation, request) =>
      answerOrError(service, () => {
        const matched = matchRoute(ROUTES, request.method, request.rawPath);
        if (!matched) {
          throw new AwsError(
            'UnknownOperationException',
            `No Application Signals operation is ${request.method} ${request.rawPath}.`,
          );
        }
        const output = operations[matched.operation](
          request,
          matched.rawLabels.map(decodePathLabel),
        );
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: toAwsJson(output),
        };
      }),

    errorResponse: error => {
      const status = ERROR_STATUS[error.code];
      if (status === undefined) {
        throw new Error(
          `No Application Signals wire form for error ${error.code}`,
        );
      }
      return {
        status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': error.code,
        },
        body: JSON.stringify({ message: error.message, ...error.members }),
      };
    },
  };
  return service;
}
