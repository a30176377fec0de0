import { InputError } from '@backstage/errors';
import type { DeployMarkerRequest } from '@lambda-ops/backstage-plugin-common';
import {
  parseDeployMarkerInput,
  parseDeployMarkerQuery,
  parseLambdaArtifact,
} from './deployMarkerInput';

const NOW = new Date('2026-11-29T12:00:00Z');
const OPTIONS = { now: NOW, retentionDays: 400 };

const minimal: DeployMarkerRequest = {
  ts: '2026-11-29T11:20:00Z',
  deploy_id: 'checkout-api/run-4711',
  artifact: 'lambda:function:checkout-api',
  change_summary: 'Raise memory to 1024 MB',
  reason: 'p95 Duration near the timeout since Black Friday traffic',
};

const full: DeployMarkerRequest = {
  ...minimal,
  env: 'PROD',
  service: 'component:default/checkout-api',
  artifact: 'arn:aws:lambda:us-east-1:123456789012:function:checkout-api:PROD',
  git_sha: '3F9C2AB',
  ref: 'refs/tags/v42',
  actor: 'github-actions',
  risk: 'medium',
  rollback: 'Point the PROD alias back at version 41',
  links: [
    'https://github.com/acme/checkout/pull/42',
    'http://ci.example.com/runs/4711',
  ],
  gate_override: {
    reason: ' Hotfix for the outage, approved by the incident lead ',
  },
};

function messageOf(body: DeployMarkerRequest, options = OPTIONS): string {
  try {
    parseDeployMarkerInput(body, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the body to be refused');
}

describe('parseDeployMarkerInput', () => {
  it('accepts a marker with every field and normalises it', () => {
    expect(parseDeployMarkerInput(full, OPTIONS)).toEqual({
      deployId: 'checkout-api/run-4711',
      ts: new Date('2026-11-29T11:20:00Z'),
      env: 'PROD',
      service: 'component:default/checkout-api',
      artifact:
        'arn:aws:lambda:us-east-1:123456789012:function:checkout-api:PROD',
      gitSha: '3f9c2ab',
      ref: 'refs/tags/v42',
      actor: 'github-actions',
      changeSummary: 'Raise memory to 1024 MB',
      reason: 'p95 Duration near the timeout since Black Friday traffic',
      risk: 'medium',
      rollback: 'Point the PROD alias back at version 41',
      links: full.links,
      gateOverrideReason:
        'Hotfix for the outage, approved by the incident lead',
    });
  });

  it('refuses a gate override whose reason is blank, saying what to write', () => {
    expect(messageOf({ ...minimal, gate_override: { reason: '  ' } })).toBe(
      'Invalid deploy marker: gate_override.reason is blank: say why the deploy goes ahead against the deploy gate, e.g. "hotfix for the outage, approved by the incident lead"',
    );
  });

  it('accepts a marker with only the required fields, the rest null or empty', () => {
    expect(parseDeployMarkerInput(minimal, OPTIONS)).toMatchObject({
      env: null,
      service: null,
      gitSha: null,
      ref: null,
      actor: null,
      risk: null,
      rollback: null,
      links: [],
      gateOverrideReason: null,
    });
  });

  it('treats null and empty text in optional fields as not given', () => {
    expect(
      parseDeployMarkerInput(
        { ...minimal, ref: '', actor: null, rollback: '', links: null },
        OPTIONS,
      ),
    ).toMatchObject({ ref: null, actor: null, rollback: null, links: [] });
  });

  it('reads a time with an offset as the instant it names', () => {
    expect(
      parseDeployMarkerInput(
        { ...minimal, ts: '2026-11-29T20:20:00.123+09:00' },
        OPTIONS,
      ).ts,
    ).toEqual(new Date('2026-11-29T11:20:00.123Z'));
  });

  it.each([
    ['a day that does not exist', '2026-02-30T10:00:00Z', 'not a real date'],
    [
      'a time an hour ahead',
      '2026-11-29T13:00:00Z',
      "ts is 60 minute(s) ahead of the server's clock",
    ],
    [
      'a time older than the retention',
      '2025-10-01T00:00:00Z',
      'ts is older than the 400-day retention of deploy markers',
    ],
  ])('refuses %s as ts', (_, ts, expected) => {
    const message = messageOf({ ...minimal, ts });
    expect(message).toContain(expected);
    expect(message).toContain(
      'expected the time of the deploy, at most 5 minutes ahead of now and within the last 400 days',
    );
  });

  it('accepts a ts up to 5 minutes ahead of the server clock', () => {
    expect(
      parseDeployMarkerInput(
        { ...minimal, ts: '2026-11-29T12:05:00Z' },
        OPTIONS,
      ).ts,
    ).toEqual(new Date('2026-11-29T12:05:00Z'));
  });

  it.each([
    ['an S3 object', 's3://bucket/checkout.zip'],
    ['a bare name', 'checkout-api'],
    ['an ARN of another service', 'arn:aws:sqs:us-east-1:123456789012:orders'],
    ['a function name too long', `lambda:function:${'a'.repeat(65)}`],
  ])('refuses %s as artifact', (_, artifact) => {
    expect(messageOf({ ...minimal, artifact })).toContain(
      'names no Lambda function: expected "lambda:function:<name>" or a Lambda function ARN',
    );
  });

  it('refuses a link that starts like a URL but is none', () => {
    expect(
      messageOf({ ...minimal, links: ['https://ok.example', 'http://'] }),
    ).toContain('links[1] is not an http(s) URL');
  });

  it('names every problem in one message', () => {
    const message = messageOf({
      ...minimal,
      ts: '2026-11-29T13:00:00Z',
      artifact: 'checkout-api',
    });
    expect(message).toMatch(/^Invalid deploy marker: ts is 60 minute/);
    expect(message).toContain('; artifact "checkout-api" names no Lambda');
  });
});

describe('parseLambdaArtifact', () => {
  it.each([
    ['lambda:function:orders-api', 'orders-api', null],
    ['lambda:function:orders-api:PROD', 'orders-api', 'PROD'],
    ['lambda:function:orders-api:$LATEST', 'orders-api', '$LATEST'],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:orders-api',
      'orders-api',
      null,
    ],
    [
      'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders_api:7',
      'orders_api',
      '7',
    ],
  ])('reads %s as function %s, qualifier %s', (artifact, name, qualifier) => {
    expect(parseLambdaArtifact(artifact)).toEqual({
      functionName: name,
      qualifier,
    });
  });

  it('reads nothing from an artifact that names no function', () => {
    expect(parseLambdaArtifact('lambda:layer:shared')).toBeUndefined();
  });
});

describe('parseDeployMarkerQuery', () => {
  it('lists the last 7 days, 50 at a time, by default', () => {
    expect(parseDeployMarkerQuery({}, { now: NOW })).toEqual({
      since: new Date('2026-11-22T12:00:00Z'),
      until: undefined,
      limit: 50,
      cursor: undefined,
    });
  });

  it('takes since, until, limit and cursor', () => {
    expect(
      parseDeployMarkerQuery(
        {
          since: '2026-11-01T00:00:00+09:00',
          until: '2026-11-02T00:00:00Z',
          limit: 200,
          cursor: 'abc',
        },
        { now: NOW },
      ),
    ).toEqual({
      since: new Date('2026-10-31T15:00:00Z'),
      until: new Date('2026-11-02T00:00:00Z'),
      limit: 200,
      cursor: 'abc',
    });
  });

  it.each([
    [{ since: '2026-02-30T00:00:00Z' }, 'since "2026-02-30T00:00:00Z" is not'],
    [{ until: '2026-11-31T00:00:00Z' }, 'until "2026-11-31T00:00:00Z" is not'],
  ])('refuses a day that does not exist in %j', (query, expected) => {
    expect(() => parseDeployMarkerQuery(query, { now: NOW })).toThrow(
      `Invalid deploy marker query: ${expected} a real date and time: expected one ISO 8601 time with a zone`,
    );
  });
});
