import { AwsError } from '../awsError';
import { epochSecondsMember } from '../awsJson';
import { AccountScenario } from '../accounts/accountScenario';
import { MINUTE_MS, ScenarioClock, scenarioOrigin } from '../clock';
import { integerParam, offsetParam, pageOf } from '../paging';
import {
  JsonObject,
  stringListMember,
  stringMapMember,
} from '../requestMembers';
import {
  lambdaMetricQuery,
  lambdaServiceKeyAttributes,
} from '../scenarios/account';
import { ScenarioSlo } from '../scenarios/slos';
import { computeBudgetFigures } from './budgetReport';

/** Application Signals limits: MaxResults 1–50 (default 50); 1–50 SloIds per budget report. */
export const SLO_LIMITS = { maxResults: 50, maxBudgetReportIds: 50 } as const;

/** SLOs are looked up by name or by ARN, as the API's `Id` members allow. */
function findSlo(
  account: AccountScenario,
  id: string,
): ScenarioSlo | undefined {
  return account.slos.find(
    slo => slo.name === id || account.arns.slo(slo.name) === id,
  );
}

/** A sum of Lambda count metrics as the metric-math queries Application Signals stores. */
function sumQueries(
  functionName: string,
  metricNames: readonly string[],
  resultId: string,
) {
  const ids = metricNames.map(name => name.toLowerCase());
  return [
    ...metricNames.map((name, i) =>
      lambdaMetricQuery(ids[i], functionName, name, 'Sum', 60),
    ),
    { Id: resultId, Expression: ids.join(' + '), ReturnData: true },
  ];
}

/** The SLO's indicator and goal as the API describes them. */
function definition(slo: ScenarioSlo) {
  const keyAttributes = lambdaServiceKeyAttributes(slo.functionName);
  const goal = {
    Interval: {
      RollingInterval: {
        DurationUnit: 'DAY',
        Duration: slo.rollingIntervalDays,
      },
    },
    AttainmentGoal: slo.attainmentGoal,
    WarningThreshold: slo.warningThreshold,
  };
  const indicator = slo.indicator;
  if (indicator.evaluationType === 'RequestBased') {
    return {
      EvaluationType: indicator.evaluationType,
      Goal: goal,
      RequestBasedSli: {
        RequestBasedSliMetric: {
          KeyAttributes: keyAttributes,
          MetricType: indicator.metricType,
          TotalRequestCountMetric: sumQueries(
            slo.functionName,
            indicator.totalMetrics,
            'total',
          ),
          MonitoredRequestCountMetric: {
            BadCountMetric: sumQueries(
              slo.functionName,
              indicator.badMetrics,
              'bad',
            ),
          },
        },
      },
    };
  }
  return {
    EvaluationType: indicator.evaluationType,
    Goal: goal,
    Sli: {
      SliMetric: {
        KeyAttributes: keyAttributes,
        MetricType: indicator.metricType,
        MetricDataQueries: [
          {
            ...lambdaMetricQuery(
              'latency',
              slo.functionName,
              indicator.metricName,
              indicator.stat,
              indicator.periodSeconds,
            ),
            ReturnData: true,
          },
        ],
      },
      MetricThreshold: indicator.threshold,
      ComparisonOperator: indicator.comparisonOperator,
    },
  };
}

function createdTime(slo: ScenarioSlo, now: Date): Date {
  return new Date(
    scenarioOrigin(now) - slo.createdDaysAgo * 24 * 60 * MINUTE_MS,
  );
}

export function listServiceLevelObjectives(
  account: AccountScenario,
  query: URLSearchParams,
  body: JsonObject,
  clock: ScenarioClock,
) {
  const keyAttributes = stringMapMember(body, 'KeyAttributes') ?? {};
  const metricSourceTypes = stringListMember(body, 'MetricSourceTypes');
  const operationName = query.get('OperationName');
  const ownerAccount = query.get('SloOwnerAwsAccountId');
  const maxResults =
    integerParam(query, 'MaxResults', 1, SLO_LIMITS.maxResults) ??
    SLO_LIMITS.maxResults;
  const offset = offsetParam(query, 'NextToken');

  // The scenario SLOs are service-level (no OperationName or DependencyConfig) on CloudWatch metrics.
  const matching = account.slos.filter(slo => {
    const attributes = lambdaServiceKeyAttributes(slo.functionName);
    return (
      Object.entries(keyAttributes).every(
        ([key, value]) => attributes[key] === value,
      ) &&
      operationName === null &&
      body.DependencyConfig === undefined &&
      (metricSourceTypes === undefined ||
        metricSourceTypes.includes('CloudWatchMetric')) &&
      (ownerAccount === null || ownerAccount === account.accountId)
    );
  });
  const { page, nextToken } = pageOf(matching, offset, maxResults);
  const now = clock.now();
  return {
    SloSummaries: page.map(slo => ({
      Arn: account.arns.slo(slo.name),
      Name: slo.name,
      KeyAttributes: lambdaServiceKeyAttributes(slo.functionName),
      CreatedTime: createdTime(slo, now),
      EvaluationType: slo.indicator.evaluationType,
      MetricSourceType: 'CloudWatchMetric',
    })),
    NextToken: nextToken,
  };
}

function existingSlo(account: AccountScenario, id: string): ScenarioSlo {
  const slo = findSlo(account, id);
  if (!slo) {
    throw new AwsError(
      'ResourceNotFoundException',
      `The SLO ${id} does not exist.`,
      {
        ResourceType: 'SLO',
        ResourceId: id,
        Message: `The SLO ${id} does not exist.`,
      },
    );
  }
  return slo;
}

export function getServiceLevelObjective(
  account: AccountScenario,
  id: string,
  clock: ScenarioClock,
) {
  const slo = existingSlo(account, id);
  const created = createdTime(slo, clock.now());
  return {
    Slo: {
      Arn: account.arns.slo(slo.name),
      Name: slo.name,
      Description: slo.description,
      CreatedTime: created,
      LastUpdatedTime: created,
      MetricSourceType: 'CloudWatchMetric',
      ...definition(slo),
    },
  };
}

/** The SLO's exclusion windows, a page of `MaxResults` (1–50, default 50) at a time. */
export function listServiceLevelObjectiveExclusionWindows(
  account: AccountScenario,
  id: string,
  query: URLSearchParams,
  clock: ScenarioClock,
) {
  const slo = existingSlo(account, id);
  const maxResults =
    integerParam(query, 'MaxResults', 1, SLO_LIMITS.maxResults) ??
    SLO_LIMITS.maxResults;
  const origin = scenarioOrigin(clock.now());
  const { page, nextToken } = pageOf(
    slo.exclusionWindows ?? [],
    offsetParam(query, 'NextToken'),
    maxResults,
  );
  return {
    ExclusionWindows: page.map(window => ({
      Window: { DurationUnit: 'HOUR', Duration: window.durationHours },
      StartTime: new Date(origin - window.startDaysAgo * 24 * 60 * MINUTE_MS),
      RecurrenceRule: { Expression: window.recurrence },
      Reason: window.reason,
    })),
    NextToken: nextToken,
  };
}

/**
 * Budget reports at `Timestamp` for up to 50 SLOs. An unknown id does not fail the call: it
 * is reported in `Errors`, as Application Signals does.
 */
export function batchGetServiceLevelObjectiveBudgetReport(
  account: AccountScenario,
  body: JsonObject,
  clock: ScenarioClock,
) {
  const timestamp = epochSecondsMember(body.Timestamp, 'Timestamp');
  const ids = stringListMember(body, 'SloIds');
  if (!timestamp || !ids) {
    throw new AwsError(
      'ValidationException',
      'Timestamp and SloIds are required.',
    );
  }
  if (ids.length < 1 || ids.length > SLO_LIMITS.maxBudgetReportIds) {
    throw new AwsError(
      'ValidationException',
      `SloIds must list between 1 and ${SLO_LIMITS.maxBudgetReportIds} SLOs; it lists ${ids.length}.`,
    );
  }
  const origin = scenarioOrigin(clock.now());
  const catalog = account.metricsAt(origin);
  const reports = [];
  const errors = [];
  for (const id of ids) {
    const slo = findSlo(account, id);
    if (!slo) {
      const name = id.startsWith('arn:')
        ? id.slice(id.lastIndexOf('/') + 1)
        : id;
      errors.push({
        Name: name,
        Arn: id.startsWith('arn:') ? id : account.arns.slo(id),
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `The SLO ${id} does not exist.`,
      });
      continue;
    }
    const { EvaluationType, Goal, ...indicator } = definition(slo);
    reports.push({
      Arn: account.arns.slo(slo.name),
      Name: slo.name,
      EvaluationType,
      Goal,
      ...indicator,
      ...computeBudgetFigures(slo, timestamp, origin, catalog),
    });
  }
  return { Timestamp: timestamp, Reports: reports, Errors: errors };
}
