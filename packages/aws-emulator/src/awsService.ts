import { AccountScenario } from './accounts/accountScenario';
import { AwsError } from './awsError';
import { CallLocation } from './stats';

/** The parts of an HTTP request an emulated AWS service looks at. */
export interface AwsRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  query: URLSearchParams;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
  /** The caller's account, told by the request's credentials. */
  account: AccountScenario;
  /** Where the call counts in the stats. */
  location: CallLocation;
}

export interface AwsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One emulated AWS service: recognises its requests and answers them in its protocol. */
export interface AwsService {
  /** The operation a request calls, or `undefined` when the request is not for this service. */
  operationOf(
    request: Omit<AwsRequest, 'body' | 'account' | 'location'>,
  ): string | undefined;
  /** Answers a call; failures come back as this protocol's error responses. */
  handle(operation: string, request: AwsRequest): AwsResponse;
  /** An error response in this service's protocol (used by the fault knobs too). */
  errorResponse(error: AwsError): AwsResponse;
}

/** Turns what an operation throws into the service's error response; rethrows bugs. */
export function answerOrError(
  service: Pick<AwsService, 'errorResponse'>,
  answer: () => AwsResponse,
): AwsResponse {
  try {
    return answer();
  } catch (error) {
    if (error instanceof AwsError) {
      return service.errorResponse(error);
    }
    throw error;
  }
}
