/** The one AWS account the scenarios live in. */
export const SCENARIO_ACCOUNT_ID = '123456789012';

/** The region named in scenario ARNs (the emulator answers for any region). */
export const SCENARIO_REGION = 'us-east-1';

/** Application Signals' `Environment` key attribute of a Lambda service. */
export const LAMBDA_ENVIRONMENT = 'lambda:default';

/** How far back scenario data goes: 90 days of minutes. */
export const SCENARIO_DATA_MINUTES = 90 * 24 * 60;

/** Where runbook links in alarm descriptions point unless `runbookBaseUrl` says otherwise. */
export const DEFAULT_RUNBOOK_BASE_URL = 'http://localhost:4599/runbooks/';

/** The functions of the scenarios. */
export const SCENARIO_FUNCTION_NAMES = [
  'orders-api',
  'checkout-api',
  'billing-events',
  'nightly-report',
  'legacy-api',
] as const;

export type ScenarioFunctionName = (typeof SCENARIO_FUNCTION_NAMES)[number];

/** The SQS dead-letter queue of `billing-events`. */
export const BILLING_EVENTS_DLQ = 'billing-events-dlq';

export function alarmArn(alarmName: string): string {
  return `arn:aws:cloudwatch:${SCENARIO_REGION}:${SCENARIO_ACCOUNT_ID}:alarm:${alarmName}`;
}

/** A Lambda function's ARN; with a qualifier (version or alias), the qualified ARN. */
export function lambdaFunctionArn(
  functionName: string,
  qualifier?: string,
): string {
  const arn = `arn:aws:lambda:${SCENARIO_REGION}:${SCENARIO_ACCOUNT_ID}:function:${functionName}`;
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}

export function sloArn(sloName: string): string {
  return `arn:aws:application-signals:${SCENARIO_REGION}:${SCENARIO_ACCOUNT_ID}:slo/${sloName}`;
}

/** Application Signals key attributes of a Lambda function's service. */
export function lambdaServiceKeyAttributes(
  functionName: string,
): Record<string, string> {
  return {
    Type: 'Service',
    Name: functionName,
    Environment: LAMBDA_ENVIRONMENT,
  };
}

/** A metric query (CloudWatch's MetricDataQuery shape) of a Lambda function's metric. */
export function lambdaMetricQuery(
  id: string,
  functionName: string,
  metricName: string,
  stat: string,
  period: number,
) {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: functionName }],
      },
      Period: period,
      Stat: stat,
    },
    ReturnData: false,
  };
}
