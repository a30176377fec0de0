import { AccountScenario } from '../accounts/accountScenario';
import { AwsError } from '../awsError';
import { toAwsJson } from '../awsJson';
import { answerOrError, AwsService } from '../awsService';
import { ScenarioClock } from '../clock';
import { decodePathLabel, matchRoute, RestRoute } from '../restRoutes';
import { getAccountSettings } from './accountSettings';
import { getAlias, listAliases } from './aliases';
import {
  getFunction,
  getFunctionConcurrency,
  getFunctionConfiguration,
  listVersionsByFunction,
} from './functions';

/**
 * Lambda speaks REST-JSON, and every path of its API starts with the date of the API version
 * the operation came with (`/2015-03-31/…`, `/2019-09-30/…`), which sets its requests apart.
 */
const LAMBDA_PATH = /^\/\d{4}-\d{2}-\d{2}\//;

const FUNCTION = '/2015-03-31/functions/([^/]+)';
const ROUTES: readonly RestRoute[] = [
  {
    method: 'GET',
    path: new RegExp(`^${FUNCTION}$`),
    operation: 'GetFunction',
  },
  {
    method: 'GET',
    path: new RegExp(`^${FUNCTION}/configuration$`),
    operation: 'GetFunctionConfiguration',
  },
  {
    method: 'GET',
    path: new RegExp(`^${FUNCTION}/versions$`),
    operation: 'ListVersionsByFunction',
  },
  {
    method: 'GET',
    path: new RegExp(`^${FUNCTION}/aliases$`),
    operation: 'ListAliases',
  },
  {
    method: 'GET',
    path: new RegExp(`^${FUNCTION}/aliases/([^/]+)$`),
    operation: 'GetAlias',
  },
  {
    method: 'GET',
    path: /^\/2019-09-30\/functions\/([^/]+)\/concurrency$/,
    operation: 'GetFunctionConcurrency',
  },
  {
    method: 'GET',
    path: /^\/2016-08-19\/account-settings$/,
    operation: 'GetAccountSettings',
  },
];

/** Lambda requests for no implemented operation are counted under this name. */
const UNKNOWN_OPERATION = 'UnknownOperation';

/**
 * How Lambda's errors travel: the code in the `x-amzn-errortype` header, a JSON body with the
 * members of the modelled exception (`Type` says whose fault it is; the message member is
 * `Message` or `message`, depending on the exception).
 */
const ERRORS: Record<
  string,
  {
    status: number;
    messageMember: 'Message' | 'message';
    /** The name Lambda gives the error, when it differs from the emulator's code. */
    errorType?: string;
    members?: Record<string, string>;
  }
> = {
  ResourceNotFoundException: {
    status: 404,
    messageMember: 'Message',
    members: { Type: 'User' },
  },
  InvalidParameterValueException: {
    status: 400,
    messageMember: 'message',
    members: { Type: 'User' },
  },
  ValidationException: { status: 400, messageMember: 'message' },
  AccessDeniedException: { status: 403, messageMember: 'Message' },
  // The throttle knob throttles every service with ThrottlingException; Lambda calls it
  // TooManyRequestsException (without Retry-After, so the SDK backs off as for the others).
  ThrottlingException: {
    status: 429,
    messageMember: 'message',
    errorType: 'TooManyRequestsException',
    members: { Type: 'User', Reason: 'CallerRateLimitExceeded' },
  },
  ServiceUnavailableException: { status: 503, messageMember: 'message' },
  UnknownOperationException: { status: 404, messageMember: 'message' },
};

export function createLambdaService(clock: ScenarioClock): AwsService {
  const operations: Record<
    string,
    (
      account: AccountScenario,
      pathLabels: string[],
      query: URLSearchParams,
    ) => object
  > = {
    GetFunction: (account, [functionName], query) =>
      getFunction(account, functionName, query, clock),
    GetFunctionConfiguration: (account, [functionName], query) =>
      getFunctionConfiguration(account, functionName, query, clock),
    ListVersionsByFunction: (account, [functionName], query) =>
      listVersionsByFunction(account, functionName, query, clock),
    ListAliases: (account, [functionName], query) =>
      listAliases(account, functionName, query),
    GetAlias: (account, [functionName, aliasName]) =>
      getAlias(account, functionName, aliasName),
    GetFunctionConcurrency: (account, [functionName]) =>
      getFunctionConcurrency(account, functionName),
    GetAccountSettings: account => getAccountSettings(account),
  };

  const service: AwsService = {
    operationOf: ({ method, rawPath }) =>
      LAMBDA_PATH.test(rawPath)
        ? matchRoute(ROUTES, method, rawPath)?.operation ?? UNKNOWN_OPERATION
        : undefined,

    handle: (_operation, request) =>
      answerOrError(service, () => {
        const matched = matchRoute(ROUTES, request.method, request.rawPath);
        if (!matched) {
          throw new AwsError(
            'UnknownOperationException',
            `The emulator does not implement the Lambda operation ${request.method} ${request.rawPath}.`,
          );
        }
        const output = operations[matched.operation](
          request.account,
          matched.rawLabels.map(decodePathLabel),
          request.query,
        );
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: toAwsJson(output),
        };
      }),

    errorResponse: error => {
      const wire = ERRORS[error.code];
      if (!wire) {
        throw new Error(`No Lambda wire form for error ${error.code}`);
      }
      return {
        status: wire.status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': wire.errorType ?? error.code,
        },
        body: JSON.stringify({
          ...wire.members,
          [wire.messageMember]: error.message,
          ...error.members,
        }),
      };
    },
  };
  return service;
}
