import { AwsError } from '../awsError';
import { toAwsJson } from '../awsJson';
import { answerOrError, AwsService } from '../awsService';
import { JsonObject, parseJsonObject } from '../requestMembers';
import {
  describeAlarms,
  describeAlarmsForMetric,
  listTagsForResource,
  putCompositeAlarm,
  putMetricAlarm,
} from './alarms';
import { CloudWatchContext } from './context';
import { getMetricData } from './getMetricData';

/** CloudWatch speaks AWS JSON 1.0: `POST /` with `X-Amz-Target: <prefix>.<Operation>`. */
const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

const OPERATIONS: Record<
  string,
  (input: JsonObject, context: CloudWatchContext) => object
> = {
  GetMetricData: getMetricData,
  DescribeAlarms: describeAlarms,
  DescribeAlarmsForMetric: describeAlarmsForMetric,
  ListTagsForResource: listTagsForResource,
  PutMetricAlarm: putMetricAlarm,
  PutCompositeAlarm: putCompositeAlarm,
};

/**
 * How CloudWatch's errors travel. CloudWatch moved from the AWS Query protocol to JSON with
 * the `awsQueryCompatible` trait: modelled errors carry their shape in `__type` and their old
 * query code in the `x-amzn-query-error` header, and the SDK resolves either to the modelled
 * exception (`err.name` InvalidParameterValueException, `err.Code` InvalidParameterValue).
 * Throttling and unavailability are not modelled; they are sent without the query header so
 * that `err.name` is `ThrottlingException` / `ServiceUnavailableException` (with the header
 * the SDK would name them `Throttling` / `ServiceUnavailable`; it retries both forms).
 */
const ERRORS: Record<
  string,
  { status: number; type: string; queryCode?: string }
> = {
  InvalidParameterValueException: {
    status: 400,
    type: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
    queryCode: 'InvalidParameterValue',
  },
  InvalidParameterCombinationException: {
    status: 400,
    type: 'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
    queryCode: 'InvalidParameterCombination',
  },
  MissingRequiredParameterException: {
    status: 400,
    type: 'com.amazonaws.cloudwatch#MissingRequiredParameterException',
    queryCode: 'MissingParameter',
  },
  ValidationException: {
    status: 400,
    type: 'com.amazonaws.cloudwatch#ValidationException',
    queryCode: 'ValidationError',
  },
  InvalidNextToken: {
    status: 400,
    type: 'com.amazonaws.cloudwatch#InvalidNextToken',
    queryCode: 'InvalidNextToken',
  },
  ResourceNotFoundException: {
    status: 404,
    type: 'com.amazonaws.cloudwatch#ResourceNotFoundException',
    queryCode: 'ResourceNotFoundException',
  },
  AccessDeniedException: {
    status: 403,
    type: 'com.amazon.coral.service#AccessDeniedException',
    queryCode: 'AccessDenied',
  },
  ThrottlingException: {
    status: 400,
    type: 'com.amazon.coral.availability#ThrottlingException',
  },
  ServiceUnavailableException: {
    status: 503,
    type: 'com.amazon.coral.availability#ServiceUnavailableException',
  },
  UnknownOperationException: {
    status: 400,
    type: 'com.amazon.coral.service#UnknownOperationException',
  },
  SerializationException: {
    status: 400,
    type: 'com.amazon.coral.service#SerializationException',
  },
};

export function createCloudWatchService(
  shared: Pick<
    CloudWatchContext,
    'clock' | 'stats' | 'publishingLagMs' | 'metricDataFaults'
  >,
): AwsService {
  const service: AwsService = {
    operationOf: ({ method, headers }) => {
      const target = headers['x-amz-target'];
      return method === 'POST' &&
        typeof target === 'string' &&
        target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : undefined;
    },

    handle: (operation, request) =>
      answerOrError(service, () => {
        const run = OPERATIONS[operation];
        if (!run) {
          throw new AwsError(
            'UnknownOperationException',
            `The emulator does not implement CloudWatch ${operation}.`,
          );
        }
        const output = run(parseJsonObject(request.body), {
          ...shared,
          account: request.account,
          location: request.location,
        });
        return {
          status: 200,
          headers: { 'content-type': CONTENT_TYPE },
          body: toAwsJson(output),
        };
      }),

    errorResponse: error => {
      const wire = ERRORS[error.code];
      if (!wire) {
        throw new Error(`No CloudWatch wire form for error ${error.code}`);
      }
      const headers: Record<string, string> = { 'content-type': CONTENT_TYPE };
      if (wire.queryCode) {
        headers['x-amzn-query-error'] = `${wire.queryCode};${
          wire.status < 500 ? 'Sender' : 'Receiver'
        }`;
      }
      return {
        status: wire.status,
        headers,
        body: JSON.stringify({
          __type: wire.type,
          message: error.message,
          ...error.members,
        }),
      };
    },
  };
  return service;
}
