import {
  ApplicationSignalsClient,
  BatchGetServiceLevelObjectiveBudgetReportCommand,
  ChangeEvent,
  paginateListEntityEvents,
  paginateListServiceLevelObjectives,
  ServiceLevelObjectiveBudgetReport,
  ServiceLevelObjectiveBudgetReportError,
} from '@aws-sdk/client-application-signals';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  APPLICATION_SIGNALS_SLOS_ANNOTATION,
  DeployMarker,
  LambdaFunctionRef,
  Problem,
  Slo,
  sloFromBudgetReport,
} from '@lambda-ops/backstage-plugin-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import { describeAwsFailure } from './awsErrors';
import { chunk } from './chunk';

const SERVICE = 'Application Signals';

/** BatchGetServiceLevelObjectiveBudgetReport takes 1–50 `SloIds` per call (AWS limit). */
const MAX_SLO_IDS_PER_BUDGET_REPORT = 50;

/** Application Signals' `Environment` key attribute of a Lambda function's service. */
const LAMBDA_ENVIRONMENT = 'lambda:default';

/**
 * Errors that mean Application Signals is simply not there for this account and region:
 * not enabled, not offered, or not granted to the backend's role. A 404 means the same:
 * listing and budget reports answer unknown SLOs in their reply, never with a 404.
 */
const SERVICE_ABSENT_ERRORS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'UnknownOperationException',
]);

/** A function's imported SLOs, and why some named ones could not be shown. @public */
export interface ApplicationSignalsSlos {
  slos: Slo[];
  problems: Problem[];
}

/**
 * Imports the SLOs that CloudWatch Application Signals keeps for a function, with their
 * error budgets as Application Signals computes them, converted to the contract's units.
 *
 * @public
 */
export class ApplicationSignalsService {
  readonly #clients: AwsClientFactory;

  constructor(options: { clients: AwsClientFactory }) {
    this.#clients = options.clients;
  }

  /**
   * The function's Application Signals SLOs and their budgets at `now`. An account or
   * region without Application Signals gives no SLOs rather than an error.
   *
   * @param fn - the function; its account and region say where to ask
   * @param sloNames - SLO names or ARNs from the `lambda-ops/application-signals-slos`
   *   annotation; when empty, the SLOs of the function's service are discovered
   * @param now - the moment the budget reports describe
   */
  async getSlos(
    fn: LambdaFunctionRef,
    sloNames: string[],
    now: Date,
  ): Promise<ApplicationSignalsSlos> {
    const named = sloNames.length > 0;
    try {
      const client = await this.#clients.applicationSignals(fn);
      const ids = named
        ? [...new Set(sloNames)]
        : await discoverSloArns(client, fn.name);
      // The budget report carries each SLO's goal, interval and indicator too, so no
      // GetServiceLevelObjective call per SLO is needed.
      const { reports, errors } = await fetchBudgetReports(client, ids, now);
      return {
        slos: reports.map(report => sloFromBudgetReport(fn, report)),
        problems: errors.map(error => reportErrorProblem(error, named, fn)),
      };
    } catch (error) {
      const absence = serviceAbsence(error);
      if (absence === undefined) {
        throw describeAwsFailure(error, {
          service: SERVICE,
          region: fn.region,
        });
      }
      return {
        slos: [],
        problems: named
          ? [
              {
                code: 'aws-error',
                message: `${SERVICE} is not available in ${fn.region} (${absence}): it is not enabled there or the backend's role may not read it, so the SLOs named in ${APPLICATION_SIGNALS_SLOS_ANNOTATION} cannot be shown`,
              },
            ]
          : [],
      };
    }
  }

  /**
   * Deployments and configuration changes AWS recorded for the function in the span,
   * newest first. Empty where Application Signals is not available.
   */
  async listChangeEvents(
    fn: LambdaFunctionRef,
    span: { start: Date; end: Date },
  ): Promise<DeployMarker[]> {
    try {
      const client = await this.#clients.applicationSignals(fn);
      const markers: DeployMarker[] = [];
      const pages = paginateListEntityEvents(
        { client },
        {
          Entity: lambdaServiceEntity(fn.name),
          StartTime: span.start,
          EndTime: span.end,
        },
      );
      for await (const page of pages) {
        for (const event of page.ChangeEvents ?? []) {
          markers.push(changeEventMarker(fn, event));
        }
      }
      return markers.sort((a, b) => b.ts.localeCompare(a.ts));
    } catch (error) {
      if (serviceAbsence(error) !== undefined) {
        return [];
      }
      throw describeAwsFailure(error, { service: SERVICE, region: fn.region });
    }
  }
}

function lambdaServiceEntity(functionName: string): Record<string, string> {
  return {
    Type: 'Service',
    Name: functionName,
    Environment: LAMBDA_ENVIRONMENT,
  };
}

function changeEventMarker(
  fn: LambdaFunctionRef,
  event: ChangeEvent,
): DeployMarker {
  return {
    id: event.EventId ?? `${fn.name}@${event.Timestamp?.toISOString()}`,
    ts: (event.Timestamp ?? new Date(0)).toISOString(),
    env: fn.qualifier,
    source: 'application-signals',
    changeType:
      event.ChangeEventType === 'CONFIGURATION'
        ? 'configuration'
        : 'deployment',
    actor: event.UserName ?? null,
    gitSha: null,
    changeSummary: event.EventName ?? event.ChangeEventType ?? 'Change',
    // What only CI can tell: AWS change events carry none of it.
    artifact: null,
    ref: null,
    reason: null,
    risk: null,
    rollback: null,
    links: [],
  };
}

/** The ARNs of the SLOs of the function's service, following NextToken pages. */
async function discoverSloArns(
  client: ApplicationSignalsClient,
  functionName: string,
): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateListServiceLevelObjectives(
    { client },
    {
      KeyAttributes: lambdaServiceEntity(functionName),
    },
  );
  for await (const page of pages) {
    for (const summary of page.SloSummaries ?? []) {
      if (summary.Arn) {
        arns.push(summary.Arn);
      }
    }
  }
  return arns;
}

async function fetchBudgetReports(
  client: ApplicationSignalsClient,
  sloIds: string[],
  at: Date,
): Promise<{
  reports: ServiceLevelObjectiveBudgetReport[];
  errors: ServiceLevelObjectiveBudgetReportError[];
}> {
  const replies = await Promise.all(
    chunk(sloIds, MAX_SLO_IDS_PER_BUDGET_REPORT).map(ids =>
      client.send(
        new BatchGetServiceLevelObjectiveBudgetReportCommand({
          Timestamp: at,
          SloIds: ids,
        }),
      ),
    ),
  );
  return {
    reports: replies.flatMap(reply => reply.Reports ?? []),
    errors: replies.flatMap(reply => reply.Errors ?? []),
  };
}

/** Why the error means Application Signals is not there, or undefined when it does not. */
function serviceAbsence(error: unknown): string | undefined {
  const { name = '', $metadata } = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (SERVICE_ABSENT_ERRORS.has(name)) {
    return name;
  }
  return $metadata?.httpStatusCode === 404 ? 'HTTP 404' : undefined;
}

function reportErrorProblem(
  error: ServiceLevelObjectiveBudgetReportError,
  named: boolean,
  fn: LambdaFunctionRef,
): Problem {
  const slo = error.Name ?? error.Arn;
  if (named && error.ErrorCode === 'ResourceNotFoundException') {
    return {
      code: 'invalid-annotation',
      annotation: APPLICATION_SIGNALS_SLOS_ANNOTATION,
      message: `The SLO "${slo}" named in ${APPLICATION_SIGNALS_SLOS_ANNOTATION} was not found in ${SERVICE} in ${fn.region}; check the name or ARN`,
    };
  }
  return {
    code: 'aws-error',
    message: `${SERVICE} in ${
      fn.region
    } gave no budget report for the SLO "${slo}": ${error.ErrorCode}${
      error.ErrorMessage ? ` – ${error.ErrorMessage}` : ''
    }`,
  };
}

/** @public */
export const applicationSignalsServiceRef =
  createServiceRef<ApplicationSignalsService>({
    id: 'lambda-ops.application-signals',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { clients: awsClientFactoryServiceRef },
        factory: ({ clients }) => new ApplicationSignalsService({ clients }),
      }),
  });
