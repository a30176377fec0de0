import { InputError } from '@backstage/errors';
import {
  parseDeployMarkerInput,
  parseDeployMarkerQuery,
  parseLambdaArtifact,
} from './deployMarkerInput';

const NOW = new Date('2026-11-29T12:00:00Z');
const OPTIONS = { now: NOW, retentionDays: 400 };

const minimal = {
  ts: '2026-11-29T11:20:00Z',
  deploy_id: 'checkout-api/run-4711',
  artifact: 'lambda:function:checkout-api',
  change_summary: 'Raise memory to 1024 MB',
  reason: 'p95 Duration near the timeout since Black Friday traffic',
};

const full = {
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
};

function messageOf(body: unknown, options = OPTIONS): string {
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
    });
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
    ['reason', 'reason is missing: expected 1–1000 characters saying why'],
    [
      'change_summary',
      'change_summary is missing: expected 1–1000 characters saying what changed',
    ],
    ['deploy_id', 'deploy_id is missing: expected 1–128 characters'],
    ['ts', 'ts is missing: expected an ISO 8601 time with a zone'],
    ['artifact', 'artifact is missing: expected "lambda:function:<name>"'],
  ])('names the missing required field %s', (field, expected) => {
    const body: Record<string, unknown> = { ...minimal };
    delete body[field];
    expect(messageOf(body)).toContain(expected);
  });

  it('names every bad field in one message, in the order of the contract', () => {
    const message = messageOf({
      ...minimal,
      deploy_id: 42,
      git_sha: 'not-a-sha',
      risk: 'extreme',
      reason: '',
    });
    expect(message).toMatch(/^Invalid deploy marker: deploy_id is a number/);
    expect(message).toContain(
      'git_sha "not-a-sha" is not valid: expected 7 to 40 hexadecimal characters',
    );
    expect(message).toContain(
      'risk "extreme" is not valid: expected one of "low", "medium", "high"',
    );
    expect(message).toContain('reason "" is not valid');
    expect(message.indexOf('deploy_id')).toBeLessThan(
      message.indexOf('git_sha'),
    );
    expect(message).not.toContain('invalid_type');
  });

  it('refuses unknown fields and names them', () => {
    expect(
      messageOf({ ...minimal, commit: 'abc1234', environment: 'prod' }),
    ).toBe(
      'Invalid deploy marker: unknown fields "commit", "environment": the fields are ts, deploy_id, env, service, artifact, git_sha, ref, actor, change_summary, reason, risk, rollback, links',
    );
  });

  it.each([
    ['a time without a zone', '2026-11-29T11:20:00', 'is not valid'],
    ['a date only', '2026-11-29', 'is not valid'],
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
    expect(message).toContain('at most 5 minutes ahead of now');
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
    ['a space', 'run 4711'],
    ['more than 128 characters', 'x'.repeat(129)],
    ['an empty string', ''],
  ])('refuses a deploy_id with %s', (_, deployId) => {
    expect(messageOf({ ...minimal, deploy_id: deployId })).toContain(
      'expected 1–128 characters of letters, digits and . _ : / @ -',
    );
  });

  it.each([
    ['an S3 object', 's3://bucket/checkout.zip'],
    ['a bare name', 'checkout-api'],
    ['an ARN of another service', 'arn:aws:sqs:us-east-1:123456789012:orders'],
    ['a function name too long', `lambda:function:${'a'.repeat(65)}`],
  ])('refuses %s as artifact', (_, artifact) => {
    expect(messageOf({ ...minimal, artifact })).toContain(
      'expected "lambda:function:<name>" or a Lambda function ARN',
    );
  });

  it.each([
    ['a URL that is not http(s)', ['ftp://example.com/x'], 'links[0] is not'],
    ['something that is not a URL', ['https://ok.example', 'nope'], 'links[1]'],
    [
      'more than 20 links',
      Array.from({ length: 21 }, (_, i) => `https://example.com/${i}`),
      'links has 21 entries',
    ],
    ['a string instead of a list', 'https://example.com', 'links is a string'],
  ])('refuses %s in links', (_, links, expected) => {
    const message = messageOf({ ...minimal, links });
    expect(message).toContain(expected);
    expect(message).toContain(
      'expected a list of at most 20 http(s) URLs of up to 2048 characters each',
    );
  });

  it('refuses text longer than the contract allows', () => {
    const message = messageOf({
      ...minimal,
      change_summary: 'x'.repeat(1001),
      env: 'e'.repeat(65),
      service: 's'.repeat(254),
    });
    expect(message).toContain('env "eeeee');
    expect(message).toContain('service "sssss');
    expect(message).toContain('change_summary "xxxxx');
  });

  it('refuses control characters in single-line fields but allows line breaks in free text', () => {
    expect(messageOf({ ...minimal, actor: 'ali\u0000ce' })).toContain(
      'actor "ali\\u0000ce" is not valid',
    );
    expect(
      parseDeployMarkerInput(
        { ...minimal, reason: 'Two lines:\nfirst\r\n\tsecond' },
        OPTIONS,
      ).reason,
    ).toBe('Two lines:\nfirst\r\n\tsecond');
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'ts=2026'],
    ['nothing', undefined],
  ])('refuses %s as the body', (_, body) => {
    expect(messageOf(body)).toMatch(/the body must be a JSON object/);
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
          limit: '200',
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
    [{ since: 'yesterday' }, 'since must be one ISO 8601 time with a zone'],
    [{ since: ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'] }, 'since must'],
    [{ until: '2026-11-01' }, 'until must be one ISO 8601 time'],
    [{ limit: '0' }, 'limit must be a whole number from 1 to 200'],
    [{ limit: '201' }, 'limit must be'],
    [{ limit: '1.5' }, 'limit must be'],
    [{ cursor: '' }, 'cursor must be the nextCursor of the previous page'],
  ])('refuses %j', (query, expected) => {
    expect(() => parseDeployMarkerQuery(query, { now: NOW })).toThrow(expected);
  });
});
