import {
  ApplicationSignalsClient,
  BatchGetServiceLevelObjectiveBudgetReportCommand,
  ExclusionWindow as AwsExclusionWindow,
  paginateListServiceLevelObjectiveExclusionWindows,
  paginateListServiceLevelObjectives,
  ServiceLevelObjectiveBudgetReport,
  ServiceLevelObjectiveBudgetReportError,
} from '@aws-sdk/client-application-signals';
import {
  CacheService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  APPLICATION_SIGNALS_SLOS_ANNOTATION,
  ApplicationSignalsExclusionWindow,
  importedExclusionWindows,
  LambdaFunctionRef,
  parseDurationSeconds,
  Problem,
  Slo,
  sloFromBudgetReport,
} from '@lambda-ops/backstage-plugin-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import { cachedRead } from './cachedRead';
import { chunk } from './chunk';
import { readLambdaOpsConfig } from '../config';
import { resilientCache } from './resilientCache';
import {
  accessDeniedReason,
  APPLICATION_SIGNALS as SERVICE,
  describeApplicationSignalsFailure,
  lambdaServiceEntity,
  notEnabledReason,
} from './applicationSignals/applicationSignalsAccess';

/** The window of an SLO whose interval Lambda Ops cannot read as a duration. */
const DEFAULT_WINDOW_SECONDS = 30 * 86_400;

/** BatchGetServiceLevelObjectiveBudgetReport takes 1–50 `SloIds` per call (AWS limit). */
const MAX_SLO_IDS_PER_BUDGET_REPORT = 50;

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
  readonly #cache: CacheService | undefined;
  readonly #listingTtlMs: number;

  constructor(options: {
    clients: AwsClientFactory;
    /** Where the SLO listing of an account and region and the exclusion windows are kept. */
    cache?: CacheService;
    /** How long they are kept; 0 (the default) reads them for every page. */
    listingTtlMs?: number;
  }) {
    this.#clients = options.clients;
    this.#cache = options.cache;
    this.#listingTtlMs = options.listingTtlMs ?? 0;
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
        : await this.#discoverSloArns(client, fn);
      // The budget report carries each SLO's goal, interval and indicator too, so no
      // GetServiceLevelObjective call per SLO is needed.
      const { reports, errors } = await fetchBudgetReports(client, ids, now);
      const exclusions = await Promise.all(
        reports.map(report =>
          this.#exclusionWindows(client, fn, report.Arn ?? report.Name!),
        ),
      );
      const unreadable = exclusions.find(
        (e): e is { failure: string } => 'failure' in e,
      );
      return {
        slos: reports.map((report, i) => {
          const slo = sloFromBudgetReport(fn, report);
          const windowMs =
            (parseDurationSeconds(slo.window) ?? DEFAULT_WINDOW_SECONDS) * 1000;
          const listed = exclusions[i];
          return 'windows' in listed
            ? {
                ...slo,
                exclusionWindows: importedExclusionWindows(listed.windows, {
                  start: now.getTime() - windowMs,
                  end: now.getTime(),
                }),
              }
            : slo;
        }),
        problems: [
          ...errors.map(error => reportErrorProblem(error, named, fn)),
          ...(unreadable
            ? [
                {
                  code: 'aws-error' as const,
                  message: `${SERVICE} in ${fn.region} did not list the exclusion windows of the SLOs (${unreadable.failure}), so the charts of the imported SLOs do not show them; the backend's role needs application-signals:ListServiceLevelObjectiveExclusionWindows`,
                },
              ]
            : []),
        ],
      };
    } catch (error) {
      const notEnabled = notEnabledReason(error);
      if (notEnabled === undefined) {
        throw describeApplicationSignalsFailure(error, {
          region: fn.region,
          actions: named
            ? ['BatchGetServiceLevelObjectiveBudgetReport']
            : [
                'ListServiceLevelObjectives',
                'BatchGetServiceLevelObjectiveBudgetReport',
              ],
        });
      }
      return {
        slos: [],
        problems: named
          ? [
              {
                code: 'aws-error',
                message: `${SERVICE} is not enabled in ${fn.region} (${notEnabled}), so the SLOs named in ${APPLICATION_SIGNALS_SLOS_ANNOTATION} cannot be shown`,
              },
            ]
          : [],
      };
    }
  }

  /**
   * The ARNs of the SLOs of the function's service, from the listing of its account and
   * region: one listing, kept for the TTL, serves the pages of every function there.
   */
  async #discoverSloArns(
    client: ApplicationSignalsClient,
    fn: LambdaFunctionRef,
  ): Promise<string[]> {
    const listing = await cachedRead(
      this.#cache,
      `application-signals-slos:v1:${fn.accountId ?? 'default'}:${fn.region}`,
      this.#listingTtlMs,
      () => listAllSlos(client),
    );
    const service = Object.entries(lambdaServiceEntity(fn.name));
    return listing
      .filter(slo =>
        service.every(([key, value]) => slo.keyAttributes[key] === value),
      )
      .map(slo => slo.arn);
  }

  /** An SLO's exclusion windows, kept for the TTL once read. */
  async #exclusionWindows(
    client: ApplicationSignalsClient,
    fn: LambdaFunctionRef,
    sloId: string,
  ): Promise<ExclusionWindowsRead> {
    return cachedRead(
      this.#cache,
      `application-signals-exclusions:v1:${fn.accountId ?? 'default'}:${
        fn.region
      }:${sloId}`,
      this.#listingTtlMs,
      () => listExclusionWindows(client, sloId),
      read => 'windows' in read,
    );
  }
}

/** An SLO of an account and region's listing: what names its service. */
interface ListedSlo {
  arn: string;
  keyAttributes: Record<string, string>;
}

/** Every SLO of the client's account and region, following NextToken pages. */
async function listAllSlos(
  client: ApplicationSignalsClient,
): Promise<ListedSlo[]> {
  const slos: ListedSlo[] = [];
  for await (const page of paginateListServiceLevelObjectives({ client }, {})) {
    for (const summary of page.SloSummaries ?? []) {
      if (summary.Arn) {
        slos.push({
          arn: summary.Arn,
          keyAttributes: summary.KeyAttributes ?? {},
        });
      }
    }
  }
  return slos;
}

/** An SLO's exclusion windows, or why they could not be read. */
type ExclusionWindowsRead =
  | { windows: ApplicationSignalsExclusionWindow[] }
  | { failure: string };

/**
 * An SLO's exclusion windows, following NextToken pages, or why they could not be read:
 * a role without the permission still shows the SLO's budget, only not the windows.
 */
async function listExclusionWindows(
  client: ApplicationSignalsClient,
  sloId: string,
): Promise<ExclusionWindowsRead> {
  const windows: ApplicationSignalsExclusionWindow[] = [];
  try {
    const pages = paginateListServiceLevelObjectiveExclusionWindows(
      { client },
      { Id: sloId },
    );
    for await (const page of pages) {
      windows.push(...(page.ExclusionWindows ?? []).map(toExclusionWindow));
    }
  } catch (error) {
    // Without the windows the SLOs' budgets still show: a problem, not a failed part.
    const unreadable = accessDeniedReason(error) ?? notEnabledReason(error);
    if (unreadable === undefined) {
      throw error;
    }
    return { failure: unreadable };
  }
  return { windows };
}

function toExclusionWindow(
  window: AwsExclusionWindow,
): ApplicationSignalsExclusionWindow {
  return {
    window: {
      durationUnit: window.Window?.DurationUnit ?? '',
      duration: window.Window?.Duration ?? 0,
    },
    startTime: window.StartTime?.getTime() ?? null,
    recurrence: window.RecurrenceRule?.Expression ?? null,
    reason: window.Reason ?? null,
  };
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
        deps: {
          clients: awsClientFactoryServiceRef,
          config: coreServices.rootConfig,
          cache: coreServices.cache,
          logger: coreServices.logger,
        },
        factory: ({ clients, config, cache, logger }) =>
          new ApplicationSignalsService({
            clients,
            cache: resilientCache(cache, logger),
            listingTtlMs:
              readLambdaOpsConfig(config).applicationSignalsListingTtlMs,
          }),
      }),
  });
