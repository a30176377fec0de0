import { parse } from 'yaml';
import { parseLambdaOpsAnnotations } from '../annotations/parseLambdaOpsAnnotations';
import { generateAlarmTemplate } from './generateAlarmTemplate';
import { toPutAlarmInputs } from './toPutAlarmInputs';

function checkoutApiTemplate(): string {
  const settings = parseLambdaOpsAnnotations({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout-api',
      annotations: {
        'aws.amazon.com/lambda-function-arn':
          'arn:aws:lambda:us-east-1:123456789012:function:checkout-api',
        'lambda-ops/alias': 'PROD',
        'lambda-ops/slo-pattern': 'api',
      },
    },
  });
  return generateAlarmTemplate({
    functions: settings.functions,
    settings,
    runbookUrl: 'https://runbooks.example.com/checkout-api.md',
    entityName: 'component:default/checkout-api',
    alarmActions: { page: ['arn:aws:sns:us-east-1:123456789012:oncall-page'] },
  }).yaml;
}

const alarm = (properties: string) => `
Resources:
  Broken:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: broken
      EvaluationPeriods: 1
      ComparisonOperator: GreaterThanThreshold
${properties}`;

describe('toPutAlarmInputs', () => {
  it('copies every alarm of a generated template into a request, metric alarms first', () => {
    const yaml = checkoutApiTemplate();
    const resources = parse(yaml).Resources as Record<
      string,
      { Type: string; Properties: object }
    >;
    const { metricAlarms, compositeAlarms } = toPutAlarmInputs(yaml);

    const ofType = (type: string) =>
      Object.values(resources)
        .filter(r => r.Type === type)
        .map(r => r.Properties);
    expect(metricAlarms).toEqual(ofType('AWS::CloudWatch::Alarm'));
    expect(compositeAlarms).toEqual(ofType('AWS::CloudWatch::CompositeAlarm'));
    expect(metricAlarms).toHaveLength(8);
    expect(compositeAlarms).toHaveLength(3);
    expect(compositeAlarms[0]).toMatchObject({
      AlarmName: 'checkout-api-availability-page-1h-5m',
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:oncall-page'],
      Tags: [{ Key: 'severity', Value: 'page' }],
    });
  });

  it('leaves out resources that are not alarms', () => {
    expect(
      toPutAlarmInputs(`
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
`),
    ).toEqual({ metricAlarms: [], compositeAlarms: [] });
  });

  it('puts a composite after the composites it depends on', () => {
    const { compositeAlarms } = toPutAlarmInputs(`
Resources:
  Outer:
    Type: AWS::CloudWatch::CompositeAlarm
    DependsOn: Inner
    Properties:
      AlarmName: outer
      AlarmRule: ALARM("inner")
  Inner:
    Type: AWS::CloudWatch::CompositeAlarm
    Properties:
      AlarmName: inner
      AlarmRule: ALARM("x")
`);
    expect(compositeAlarms.map(c => c.AlarmName)).toEqual(['inner', 'outer']);
  });

  it.each([
    [
      'a short-form intrinsic function',
      alarm('      Threshold: !Ref Threshold'),
      /not plain YAML/,
    ],
    [
      'a long-form intrinsic function',
      alarm("      AlarmDescription:\n        Fn::Sub: 'Runbook: ${Url}'"),
      /Broken\.AlarmDescription uses Fn::Sub: only CloudFormation resolves/,
    ],
    [
      'a property the API does not have',
      alarm('      Unknown: 1'),
      /Broken has properties that cannot be applied .*: Unknown/,
    ],
    [
      'a comparison operator CloudWatch does not know',
      alarm('').replace('GreaterThanThreshold', 'Above'),
      /Broken\.ComparisonOperator must be one of/,
    ],
    [
      'a dimension without a value',
      alarm('      Dimensions:\n        - Name: FunctionName'),
      /Broken\.Dimensions\[0\]\.Value must be a string/,
    ],
  ])('refuses %s, naming where it is', (_case, yaml, message) => {
    expect(() => toPutAlarmInputs(yaml)).toThrow(message);
  });
});
