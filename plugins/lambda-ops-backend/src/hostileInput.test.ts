/* eslint-disable no-script-url -- javascript: URLs are among the hostile inputs */
/* eslint-disable jest/no-standalone-expect -- each row's check runs inside the it.each below */
import { homedir, tmpdir } from 'node:os';
import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { startAwsEmulator, RunningAwsEmulator } from '@lambda-ops/aws-emulator';
import type { Alarm, Problem } from '@lambda-ops/backstage-plugin-common';
import request, { Response } from 'supertest';
import { component, testEntities } from './__fixtures__/entities';
import { startLambdaOpsBackend } from './__testUtils__/testBackend';

/*
 * What an attacker or a careless CI script sends, one row per attempt, each with the
 * outcome a user depends on: a 4xx that says what to fix, a `problems[]` entry on the tab,
 * or content passed on unchanged for the frontend to render inert. Every reply is also
 * searched for what must never leave the backend: a 5xx, a stack trace, a path on the
 * server's disk, SQL, or a credential.
 */

/** Credentials the backend holds; none may appear in a reply. */
const AWS_ACCESS_KEY_ID = 'AKIAHOSTILESUITE0001';
const AWS_SECRET = 'hostile-suite-secret-access-key-0123456789';
const CI_TOKEN = 'hostile-suite-ci-token-0123456789';

const BASE = '/api/lambda-ops';
const FUNCTION = {
  'aws.com/lambda-function-name': 'orders-api',
  'aws.com/lambda-region': 'us-east-1',
};
const GITHUB_SOURCE = 'url:https://github.com/acme/orders/tree/main/';

const mockDir = createMockDirectory();
const LOCAL_CATALOG_FILE = `file:${mockDir.resolve(
  'orders/catalog-info.yaml',
)}`;
const ENTITY = '/v1/entities/default/component';

type Area =
  | 'route parameter'
  | 'query string'
  | 'owner ref'
  | 'deploy marker'
  | 'annotation'
  | 'runbook path'
  | 'runbook markdown'
  | 'alarm';

interface HostileCase {
  area: Area;
  /** What is tried, as the test's name shows it. */
  attempt: string;
  send(server: Server): Promise<Response>;
  /** The outcome the user depends on. */
  check(res: Response): void;
}

type Server = Parameters<typeof request>[0];

/** Entities, local files and alarms the rows need, set up before the backend starts. */
const entities: Entity[] = [...testEntities];
const files: Record<string, string | Buffer> = {
  'orders/catalog-info.yaml': 'kind: Component',
  'orders-evil/runbook.md': '# Not this entity’s runbook',
};
const alarms: PutMetricAlarmCommandInput[] = [];

const asUser = (test: request.Test) =>
  test.set('authorization', mockCredentials.user.header());

function refused(status: number, message: RegExp) {
  return (res: Response) => {
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  };
}

function get(
  area: Area,
  attempt: string,
  path: string,
  check: (res: Response) => void,
): HostileCase {
  return {
    area,
    attempt,
    send: server => asUser(request(server).get(`${BASE}${path}`)),
    check,
  };
}

const markerBody = {
  ts: new Date(Date.now() - 60_000).toISOString(),
  deploy_id: 'orders-api/run-1',
  artifact: 'lambda:function:orders-api:PROD',
  change_summary: 'Raise memory to 1024 MB',
  reason: 'p95 Duration near the timeout',
};

let markerCount = 0;

/** A deploy marker: a JSON body, or raw text sent as JSON. */
function marker(
  attempt: string,
  body: object | string,
  check: (res: Response) => void,
): HostileCase {
  return {
    area: 'deploy marker',
    attempt,
    send: server =>
      asUser(request(server).post(`${BASE}/v1/deploy-markers`))
        .set('content-type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body)),
    check,
  };
}

/** A marker with one field changed, under a deploy_id of its own. */
function markerWith(fields: Record<string, unknown>) {
  markerCount += 1;
  return { ...markerBody, deploy_id: `hostile/${markerCount}`, ...fields };
}

/** An entity with one hostile annotation: the tab answers, naming it in `problems`. */
function annotation(
  name: string,
  value: string,
  problem: RegExp,
  extra: Record<string, string> = FUNCTION,
): HostileCase {
  const entity = `hostile-annotation-${entities.length}`;
  entities.push(component(entity, { ...extra, [name]: value }));
  return get(
    'annotation',
    `${name}: ${JSON.stringify(value)}`,
    `/v1/entities/default/component/${entity}/operations`,
    res => {
      expect(res.status).toBe(200);
      expect(
        (res.body.problems as Problem[]).map(p => p.message).join('\n'),
      ).toMatch(problem);
    },
  );
}

/** A runbook annotation read through the runbook route. */
function runbookPath(
  value: string,
  source: string,
  check: (res: Response) => void,
): HostileCase {
  const entity = `hostile-runbook-${entities.length}`;
  entities.push(
    component(entity, {
      ...FUNCTION,
      'lambda-ops/runbook': value,
      'backstage.io/managed-by-location': source,
    }),
  );
  return get(
    'runbook path',
    JSON.stringify(value),
    `${ENTITY}/${entity}/runbook`,
    check,
  );
}

/** A runbook file beside the local catalog file, with hostile content. */
function runbookMarkdown(
  attempt: string,
  content: string | Buffer,
  check: (res: Response) => void,
): HostileCase {
  const file = `docs/hostile-${Object.keys(files).length}.md`;
  files[`orders/${file}`] = content;
  const row = runbookPath(`./${file}`, LOCAL_CATALOG_FILE, check);
  return { ...row, area: 'runbook markdown', attempt };
}

/** Passed on as written: the frontend renders it sanitized (see its own table). */
function servedUnchanged(content: string) {
  return (res: Response) => {
    expect(res.status).toBe(200);
    expect(res.body.markdown).toBe(content);
  };
}

/** An alarm on the entity's function with a hostile description or tags. */
function alarm(
  attempt: string,
  input: Partial<PutMetricAlarmCommandInput>,
  check: (found: Alarm) => void,
): HostileCase {
  const name = `hostile-alarm-${alarms.length}`;
  alarms.push({
    AlarmName: name,
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: 'orders-api' }],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    ...input,
  });
  return get(
    'alarm',
    attempt,
    '/v1/entities/default/component/hostile-alarms/operations',
    res => {
      expect(res.status).toBe(200);
      const found = (res.body.alarms as Alarm[]).find(a => a.name === name);
      expect(found).toBeDefined();
      check(found!);
    },
  );
}
entities.push(component('hostile-alarms', FUNCTION));

const PATH_PARAMETER =
  /^Invalid path: \w+ ".*" is not valid in \/v1\/entities\/<namespace>\/<kind>\/<name>\/operations: expected/;
const MARKERS_QUERY = `${ENTITY}/orders-api/deploy-markers`;

const cases: HostileCase[] = [
  // Route parameters: the schema refuses them, naming the part and a valid form.
  ...[
    ['a kind with $', '/default/comp$nent/orders-api'],
    ['a namespace starting with -', '/-x/component/orders-api'],
    ['a name of 300 characters', `/default/component/${'a'.repeat(300)}`],
    ['a name with a quote and SQL', "/default/component/x'%20OR%201=1--"],
    ['a name with a NUL byte', '/default/component/orders%00api'],
    ['a name with CR LF', '/default/component/orders%0d%0aSet-Cookie:x'],
    ['a name with markup', '/default/component/%3Cscript%3E'],
    ['a name of non-ASCII letters', '/default/component/%E6%B3%A8%E6%96%87'],
    ['an encoded slash in the name', '/default/component/orders%2F..%2Fx'],
    ['a name of __proto__', '/default/component/__proto__'],
    ['an encoded dot-dot as the kind', '/default/%2e%2e/orders-api'],
  ].map(([attempt, path]) =>
    get(
      'route parameter',
      attempt,
      `/v1/entities${path}/operations`,
      refused(400, PATH_PARAMETER),
    ),
  ),
  get(
    'route parameter',
    'an entity that does not exist',
    `${ENTITY}/no-such-service/operations`,
    refused(404, /^No entity component:default\/no-such-service/),
  ),
  // The query parser drops prototype keys: the request is answered as one without them.
  get(
    'query string',
    '__proto__[admin]=1',
    `${MARKERS_QUERY}?__proto__[admin]=1`,
    res => {
      expect(res.status).toBe(200);
      expect(({} as { admin?: unknown }).admin).toBeUndefined();
    },
  ),
  get(
    'query string',
    'constructor[prototype][admin]=1',
    `${MARKERS_QUERY}?constructor[prototype][admin]=1`,
    res => {
      refused(400, /^Unknown query parameter "constructor"/)(res);
      expect(({} as { admin?: unknown }).admin).toBeUndefined();
    },
  ),
  get(
    'route parameter',
    'a path outside the API',
    '/v1/entities/default/component/orders-api/operations/../../../../etc/passwd',
    refused(404, /is not a route of the Lambda Ops API/),
  ),

  // Query strings of the deploy-marker list.
  ...[
    [
      'since=yesterday',
      /since "yesterday" is not valid: expected one ISO 8601/,
    ],
    [
      'since=2026-13-45T99:99:99Z',
      /since "2026-13-45T99:99:99Z" is not a real date and time: expected one ISO 8601/,
    ],
    ['since=%2B275760-09-13T00:00:00Z', /since "\+275760-09-13T00:00:00Z"/],
    [
      'limit=0',
      /limit "0" is not valid: expected a whole number from 1 to 200/,
    ],
    ['limit=-1', /limit "-1" is not valid/],
    [
      'limit=1e3',
      /limit "1000" is not valid: expected a whole number from 1 to 200/,
    ],
    ['limit=1&limit=2', /limit "1,2" is not valid/],
    [
      'cursor=',
      /^Invalid query: cursor "" is not valid: expected the nextCursor of the previous page/,
    ],
    [`cursor=${'x'.repeat(2000)}`, /cursor "x{40}…" is not valid/],
    ['cursor=not-a-cursor', /cursor/],
    [
      'since[]=2026-11-01T00:00:00Z',
      /since "2026-11-01T00:00:00Z" is not valid: expected one ISO 8601/,
    ],
    [
      'from=2026-11-01T00:00:00Z',
      /Unknown query parameter "from": this route takes since, until, limit, cursor/,
    ],
  ].map(([query, message]) =>
    get(
      'query string',
      String(query).slice(0, 60),
      `${MARKERS_QUERY}?${query}`,
      refused(400, message as RegExp),
    ),
  ),

  // Owner references of the on-call view: a malformed one is refused by the schema.
  ...[
    'payments',
    'group:default/',
    'group:default/pay%20ments',
    'group:default/%3Cscript%3E',
    'group:default/pay%00ments',
    `group:default/${'p'.repeat(300)}`,
  ].map(owner =>
    get(
      'owner ref',
      owner.slice(0, 60),
      `/v1/on-call?owner=${owner}`,
      refused(
        400,
        /owner ".*" is not valid: expected an owner's entity reference such as group:default\/payments/,
      ),
    ),
  ),

  // Deploy-marker bodies.
  marker('a list', [], refused(400, /the body must be a JSON object/)),
  marker('null', 'null', refused(400, /body/)),
  marker(
    'a string',
    '"marker"',
    refused(
      400,
      /the body must be a JSON object with the fields ts, deploy_id/,
    ),
  ),
  marker(
    'a number',
    '4711',
    refused(
      400,
      /the body must be a JSON object with the fields ts, deploy_id/,
    ),
  ),
  marker('broken JSON', '{"ts":', refused(400, /the body is not valid JSON/)),
  marker(
    'an empty object',
    {},
    refused(400, /ts is missing.*deploy_id is missing/),
  ),
  marker(
    'ts as a number',
    markerWith({ ts: 1764417600 }),
    refused(400, /ts is a number/),
  ),
  marker(
    'ts in the year 9999',
    markerWith({ ts: '9999-12-31T00:00:00Z' }),
    refused(400, /ts/),
  ),
  marker(
    'ts in the year +275760',
    markerWith({ ts: '+275760-09-13T00:00:00Z' }),
    refused(400, /ts/),
  ),
  marker(
    'ts in 1900',
    markerWith({ ts: '1900-01-01T00:00:00Z' }),
    refused(400, /ts/),
  ),
  marker(
    'ts of a day that does not exist',
    markerWith({ ts: '2026-02-30T00:00:00Z' }),
    refused(400, /ts/),
  ),
  marker(
    'a deploy_id with SQL',
    markerWith({ deploy_id: "x' OR 1=1; --" }),
    refused(400, /deploy_id "x' OR 1=1; --" is not valid/),
  ),
  marker(
    'a deploy_id of 129 characters',
    markerWith({ deploy_id: 'd'.repeat(129) }),
    refused(400, /deploy_id "d{40}…" is not valid/),
  ),
  marker(
    '__proto__ as a field',
    `{"__proto__":{"polluted":true},${JSON.stringify(markerWith({})).slice(1)}`,
    res => {
      refused(400, /unknown field "__proto__"/)(res);
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    },
  ),
  marker(
    'constructor.prototype as a field',
    markerWith({ constructor: { prototype: { polluted: true } } }),
    refused(400, /unknown field "constructor"/),
  ),
  marker(
    'change_summary nested 500 deep',
    markerWith({
      change_summary: JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`),
    }),
    refused(400, /change_summary is an object/),
  ),
  marker(
    'change_summary of 100 000 characters',
    markerWith({ change_summary: 'x'.repeat(100_000) }),
    refused(413, /larger than 64 kB: shorten change_summary/),
  ),
  marker(
    'a NUL byte in actor',
    markerWith({ actor: 'ali\u0000ce' }),
    refused(400, /actor "ali\\u0000ce" is not valid/),
  ),
  marker(
    'an escape sequence in env',
    markerWith({ env: 'PROD\u001b[31m' }),
    refused(400, /env ".*" is not valid/),
  ),
  marker(
    'a javascript: link',
    markerWith({ links: ['javascript:alert(1)'] }),
    refused(400, /links\[0\] "javascript:alert\(1\)" is not valid/),
  ),
  marker(
    '21 links',
    markerWith({
      links: Array.from(
        { length: 21 },
        (_, i) => `https://ci.example.com/${i}`,
      ),
    }),
    refused(400, /links has 21 entries/),
  ),
  marker(
    'a risk that is not one',
    markerWith({ risk: 'extreme' }),
    refused(
      400,
      /risk "extreme" is not valid: expected one of "low", "medium", "high"/,
    ),
  ),
  marker(
    'git_sha that is not hex',
    markerWith({ git_sha: 'g'.repeat(40) }),
    refused(400, /git_sha "g+" is not valid/),
  ),
  marker(
    'an artifact that is not a function',
    markerWith({ artifact: 'docker:image:orders' }),
    refused(400, /artifact/),
  ),
  marker(
    'a service that is not an entity ref',
    markerWith({ service: 'not a ref!' }),
    refused(400, /service "not a ref!" is not valid/),
  ),
  marker(
    'SQL, bidi overrides and emoji in change_summary, kept as text',
    markerWith({
      change_summary:
        "'); DROP TABLE deploy_markers; -- \u202eevil\u202c 🚀 注文",
    }),
    res => {
      expect(res.status).toBe(201);
      expect(res.body.changeSummary).toBe(
        "'); DROP TABLE deploy_markers; -- \u202eevil\u202c 🚀 注文",
      );
    },
  ),
  marker(
    'a multi-line reason with markup, kept as text',
    markerWith({ reason: 'line 1\n<img src=x onerror=alert(1)>' }),
    res => {
      expect(res.status).toBe(201);
      expect(res.body.reason).toBe('line 1\n<img src=x onerror=alert(1)>');
    },
  ),

  // Annotations: the tab answers and names the bad one in problems.
  annotation(
    'lambda-ops/slo-availability',
    '100',
    /lambda-ops\/slo-availability/,
  ),
  annotation(
    'lambda-ops/slo-availability',
    'NaN',
    /lambda-ops\/slo-availability/,
  ),
  annotation(
    'lambda-ops/slo-availability',
    '99.9; DROP TABLE slos',
    /lambda-ops\/slo-availability/,
  ),
  annotation('lambda-ops/slo-window', '1e9d', /lambda-ops\/slo-window/),
  annotation(
    'lambda-ops/slo-latency',
    'p95<500ms@99<script>alert(1)</script>',
    /lambda-ops\/slo-latency/,
  ),
  annotation('lambda-ops/slo-pattern', '__proto__', /lambda-ops\/slo-pattern/),
  annotation(
    'lambda-ops/batch-deadline',
    '25:61 Mars/Olympus',
    /lambda-ops\/batch-deadline/,
  ),
  annotation(
    'aws.amazon.com/lambda-function-arn',
    'arn:aws:lambda:us-east-1:123:function:../../x',
    /aws\.amazon\.com\/lambda-function-arn/,
    {},
  ),
  annotation(
    'aws.com/lambda-function-name',
    `orders-api\u0000,${'f'.repeat(200)}`,
    /aws\.com\/lambda-function-name/,
    { 'aws.com/lambda-region': 'us-east-1' },
  ),
  annotation(
    'aws.com/lambda-region',
    'us-east-1\r\nX-Injected: 1',
    /aws\.com\/lambda-region/,
    { 'aws.com/lambda-function-name': 'orders-api' },
  ),

  // Runbook paths.
  runbookPath(
    '../../../etc/passwd',
    GITHUB_SOURCE,
    refused(400, /climbs out of the entity's repository/),
  ),
  runbookPath(
    '%2e%2e/%2e%2e/%2e%2e/etc/passwd.md',
    GITHUB_SOURCE,
    refused(400, /climbs out of the entity's repository/),
  ),
  runbookPath(
    '../../../etc/passwd',
    LOCAL_CATALOG_FILE,
    refused(400, /climbs out of the catalog file's folder/),
  ),
  runbookPath(
    '../orders-evil/runbook.md',
    LOCAL_CATALOG_FILE,
    refused(
      400,
      /^lambda-ops\/runbook "..\/orders-evil\/runbook.md" climbs out of the catalog file's folder/,
    ),
  ),
  runbookPath(
    './docs/link-to-sibling.md',
    LOCAL_CATALOG_FILE,
    refused(
      400,
      /^Runbook .\/docs\/link-to-sibling.md is a symbolic link that leads out of the catalog file's folder/,
    ),
  ),
  runbookPath(
    './docs/missing.md',
    LOCAL_CATALOG_FILE,
    refused(404, /^Runbook .\/docs\/missing.md does not exist/),
  ),
  runbookPath(
    './docs/big.md',
    LOCAL_CATALOG_FILE,
    refused(413, /^Runbook .\/docs\/big.md is larger than 65536 bytes/),
  ),
  runbookPath(
    'file:///etc/passwd',
    GITHUB_SOURCE,
    refused(400, /uses the file: scheme/),
  ),
  runbookPath(
    'javascript:alert(1)',
    GITHUB_SOURCE,
    refused(400, /uses the javascript: scheme/),
  ),
  runbookPath(
    'http://169.254.169.254/latest/meta-data/runbook.md',
    GITHUB_SOURCE,
    refused(400, /cloud metadata address/),
  ),
  runbookPath(
    '/etc/passwd',
    LOCAL_CATALOG_FILE,
    refused(400, /is an absolute file path/),
  ),
  runbookPath(
    './docs/runbook.md\u0007',
    LOCAL_CATALOG_FILE,
    refused(400, /holds control characters/),
  ),

  // Runbook markdown: passed on unchanged, or refused when it is not markdown.
  ...[
    ['a script tag', '# Runbook\n<script>fetch("/api/auth/token")</script>\n'],
    [
      'an iframe',
      '# Runbook\n<iframe src="https://evil.example.com"></iframe>\n',
    ],
    [
      'javascript: links',
      '# Runbook\n[click](javascript:alert(1)) <a href="javascript:alert(1)">x</a>\n',
    ],
    [
      'event handlers and svg',
      '# Runbook\n<img src=x onerror=alert(1)><svg onload=alert(1)></svg>\n',
    ],
    [
      'a table of 2 000 rows',
      `# Runbook\n| a | b |\n|---|---|\n${'| 1 | 2 |\n'.repeat(2000)}`,
    ],
    ['a right-to-left override in a heading', '# Run\u202ebook\n## Errors\n'],
  ].map(([attempt, content]) =>
    runbookMarkdown(attempt, content, servedUnchanged(content)),
  ),
  runbookMarkdown(
    'an HTML page',
    '<!DOCTYPE html><html><body>Sign in</body></html>',
    refused(400, /is an HTML page, not markdown/),
  ),
  runbookMarkdown(
    'binary data',
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]),
    refused(400, /it holds binary data/),
  ),
  runbookMarkdown(
    'text that is not UTF-8',
    Buffer.from([0x23, 0x20, 0xc3, 0x28]),
    refused(400, /it is not UTF-8 text/),
  ),

  // Alarm descriptions and tags, as AWS hands them over.
  alarm(
    'a javascript: link in the description',
    { AlarmDescription: 'Runbook: javascript:alert(1)' },
    found => expect(found.runbookUrl).toBeNull(),
  ),
  alarm(
    'markup around a runbook URL',
    {
      AlarmDescription:
        '<script>alert(1)</script> https://runbooks.example.com/orders.md#errors',
    },
    found =>
      expect(found.runbookUrl).toBe(
        'https://runbooks.example.com/orders.md#errors',
      ),
  ),
  alarm(
    'a data: runbook tag',
    {
      Tags: [
        { Key: 'runbook', Value: 'data:text/html,<script>alert(1)</script>' },
      ],
    },
    found => expect(found.runbookUrl).toBeNull(),
  ),
  alarm(
    'a severity tag with markup',
    { Tags: [{ Key: 'severity', Value: 'page<script>' }] },
    found => expect(found.severity).toBe('unclassified'),
  ),
  alarm(
    'a description of 1024 characters with control characters',
    { AlarmDescription: `\u0000\u001b[2J${'x'.repeat(1000)}` },
    found => expect(found.runbookUrl).toBeNull(),
  ),
];

describe('hostile input', () => {
  let emulator: RunningAwsEmulator;
  let server: Server;
  const counts = { tried: 0, serverErrors: 0, leaks: 0 };

  beforeAll(async () => {
    emulator = await startAwsEmulator({ port: 0 });
    mockDir.setContent({
      ...files,
      'orders/docs/big.md': '#'.repeat(70_000),
      'orders/docs/link-to-sibling.md': ({ symlink }) =>
        symlink(mockDir.resolve('orders-evil/runbook.md')),
    });
    const cloudWatch = new CloudWatchClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    for (const input of alarms) {
      await cloudWatch.send(new PutMetricAlarmCommand(input));
    }
    server = await startLambdaOpsBackend({
      emulator,
      entities,
      aws: {
        mainAccount: {
          accessKeyId: AWS_ACCESS_KEY_ID,
          secretAccessKey: AWS_SECRET,
        },
      },
      backend: {
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: CI_TOKEN, subject: 'ci-deployer' },
            },
          ],
        },
      },
      lambdaOps: { runbooks: { allowLocalFiles: true, maxBytes: 65_536 } },
    });
  });

  afterAll(async () => {
    await emulator.stop();
    // The suite's figures, for the record of each run.
    // eslint-disable-next-line no-console
    console.log(
      `hostile input: ${counts.tried} cases tried, 5xx: ${counts.serverErrors}, leaks: ${counts.leaks}`,
    );
  });

  /** What must never leave the backend, found in a reply. */
  function leaksOf(res: Response): string[] {
    const reply = `${JSON.stringify(res.headers)}\n${res.text}`;
    const found: string[] = [];
    if (/\n\s+at \S+|\bat \S+ \(\S+:\d+:\d+\)/.test(reply)) {
      found.push('a stack trace');
    }
    for (const dir of [mockDir.path, process.cwd(), tmpdir(), homedir()]) {
      if (reply.includes(dir)) {
        found.push(`the server path ${dir}`);
      }
    }
    if (/\b(select .* from|insert into|sqlite|knex|SQLITE_)/i.test(reply)) {
      found.push('SQL');
    }
    for (const secret of [AWS_ACCESS_KEY_ID, AWS_SECRET, CI_TOKEN]) {
      if (reply.includes(secret)) {
        found.push('a credential');
      }
    }
    if (/mock-user-token|bearer /i.test(reply)) {
      found.push("the caller's token");
    }
    return found;
  }

  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map(c => [c.area, c.attempt, c] as const))(
    '%s: %s',
    async (_area, _attempt, hostile) => {
      const res = await hostile.send(server);
      counts.tried += 1;
      const leaks = leaksOf(res);
      if (res.status >= 500) {
        counts.serverErrors += 1;
      }
      if (leaks.length > 0) {
        counts.leaks += 1;
      }
      expect({ status: res.status, leaks }).toEqual({
        status: expect.any(Number),
        leaks: [],
      });
      expect(res.status).toBeLessThan(500);
      hostile.check(res);
    },
  );
});
