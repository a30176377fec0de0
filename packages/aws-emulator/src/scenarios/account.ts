/** The AWS account of the demo scenarios (the fleet scenario has accounts of its own). */
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
  'webhook-relay',
] as const;

export type ScenarioFunctionName = (typeof SCENARIO_FUNCTION_NAMES)[number];

/** The SQS dead-letter queue of `billing-events`. */
export const BILLING_EVENTS_DLQ = 'billing-events-dlq';

/** The ARNs of one account's resources in one region. */
export interface AccountArns {
  alarm(alarmName: string): string;
  /** A Lambda function's ARN; with a qualifier (version or alias), the qualified ARN. */
  lambdaFunction(functionName: string, qualifier?: string): string;
  slo(sloName: string): string;
  topic(topicName: string): string;
  executionRole(functionName: string): string;
}

export function accountArns(accountId: string, region: string): AccountArns {
  return {
    alarm: name => `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`,
    lambdaFunction: (name, qualifier) => {
      const arn = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
      return qualifier === undefined ? arn : `${arn}:${qualifier}`;
    },
    slo: name =>
      `arn:aws:application-signals:${region}:${accountId}:slo/${name}`,
    topic: name => `arn:aws:sns:${region}:${accountId}:${name}`,
    executionRole: name => `arn:aws:iam::${accountId}:role/${name}-execution`,
  };
}

/** The ARNs of the scenario account. */
export const SCENARIO_ARNS = accountArns(SCENARIO_ACCOUNT_ID, SCENARIO_REGION);

export function alarmArn(alarmName: string): string {
  return SCENARIO_ARNS.alarm(alarmName);
}

/** A Lambda function's ARN; with a qualifier (version or alias), the qualified ARN. */
export function lambdaFunctionArn(
  functionName: string,
  qualifier?: string,
): string {
  return SCENARIO_ARNS.lambdaFunction(functionName, qualifier);
}

export function sloArn(sloName: string): string {
  return SCENARIO_ARNS.slo(sloName);
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
