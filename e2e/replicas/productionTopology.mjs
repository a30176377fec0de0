// The demo backend as a platform team runs it: two replicas on app-config.production.yaml,
// sharing one PostgreSQL database and one Redis cache, with the AWS emulator behind them.
// Each replica reaches AWS through its own counting proxy, so that a check can tell which
// replica is in the middle of a fleet refresh, and slow AWS down to keep it there.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, startProcessGroup, waitFor } from '../support.mjs';

const EMULATOR = { host: '127.0.0.1', port: 4599 };
/** Every database of this topology's backend carries this prefix. */
const DATABASE_PREFIX = 'lambda_ops_replicas_';
export const REDIS_PORT = 6391;
/** How often the fleet refresh runs, and how long a run may hold its lock. */
export const REFRESH_EVERY_SECONDS = 5;
export const REFRESH_TIMEOUT_SECONDS = 10;

const require = createRequire(join(ROOT, 'packages/backend/package.json'));

/**
 * The PostgreSQL that scripts/test.sh installs and starts, as it hands it to Backstage's
 * database tests; undefined when none was given.
 */
export function postgresUrl() {
  const key = Object.keys(process.env)
    .filter(name =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
    )
    .sort()
    .pop();
  return key && process.env[key];
}

export function redisServerPath() {
  return ['/usr/bin/redis-server', '/usr/sbin/redis-server'].find(existsSync);
}

/** Drops the databases an earlier run left, so that each run starts empty. */
async function dropDatabases(url) {
  const { Client } = require('pg');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.href });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [DATABASE_PREFIX],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE "${datname.replaceAll('"', '""')}" WITH (FORCE)`,
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * Watches when each fleet refresh started (the snapshot's `snapshotAt`, in the shared
 * database) until `stop()`, which returns the start times, epoch ms, in order.
 */
export async function watchRefreshStarts(url) {
  const { Client } = require('pg');
  const database = new URL(url);
  database.pathname = `/${DATABASE_PREFIX}lambda-ops`;
  const client = new Client({ connectionString: database.href });
  await client.connect();
  const starts = new Set();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const { rows } = await client.query(
        'SELECT snapshot_at FROM lambda_ops_fleet_state',
      );
      rows.forEach(row => row.snapshot_at && starts.add(row.snapshot_at));
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  })();
  return {
    async stop() {
      watching = false;
      await watcher;
      await client.end();
      return [...starts].map(at => Date.parse(at)).sort((x, y) => x - y);
    },
  };
}

/** Redis on its own port, without persistence; `start()` again after `stop()`. */
export function redis() {
  let group;
  const ping = () => {
    const { stdout } = spawnSync(
      'redis-cli',
      ['-p', String(REDIS_PORT), 'ping'],
      {
        encoding: 'utf8',
      },
    );
    return stdout.trim() === 'PONG';
  };
  return {
    url: `redis://127.0.0.1:${REDIS_PORT}`,
    async start() {
      group = await startProcessGroup(
        redisServerPath(),
        ['--port', String(REDIS_PORT), '--save', '', '--appendonly', 'no'],
        {
          cwd: ARTIFACTS,
          logFile: join(ARTIFACTS, 'replicas-redis.log'),
          ready: async () => {
            while (!ping()) {
              await new Promise(resolve => setTimeout(resolve, 200));
            }
          },
        },
      );
    },
    stop: () => group?.stop(),
  };
}

/**
 * A proxy to the emulator that counts the requests in flight and holds each for
 * `delayMs` first.
 */
async function awsProxy() {
  const proxy = { inFlight: 0, delayMs: 0 };
  const server = createServer(async (req, res) => {
    proxy.inFlight += 1;
    res.once('close', () => {
      proxy.inFlight -= 1;
    });
    await new Promise(resolve => setTimeout(resolve, proxy.delayMs));
    const upstream = request(
      { ...EMULATOR, method: req.method, path: req.url, headers: req.headers },
      reply => {
        res.writeHead(reply.statusCode, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.once('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => {
    server.closeAllConnections();
    server.close();
  };
  return proxy;
}

/** The lines a replica logged (JSON, as the backend logs in production). */
function logLines(logFile) {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(line => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })
    .filter(Boolean);
}

async function startReplica({ name, port, postgres, redisUrl }) {
  const proxy = await awsProxy();
  const baseUrl = `http://localhost:${port}`;
  const logFile = join(ARTIFACTS, `replicas-${name}.log`);
  const { hostname, port: pgPort, username, password } = new URL(postgres);
  const group = await startProcessGroup(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      join(ROOT, 'app-config.yaml'),
      '--config',
      join(ROOT, 'app-config.production.yaml'),
    ],
    {
      cwd: join(ROOT, 'packages/backend'),
      env: {
        NODE_ENV: 'production',
        POSTGRES_HOST: hostname,
        POSTGRES_PORT: pgPort || '5432',
        POSTGRES_USER: decodeURIComponent(username),
        POSTGRES_PASSWORD: decodeURIComponent(password),
        REDIS_URL: redisUrl,
        APP_CONFIG_backend_database_prefix: DATABASE_PREFIX,
        APP_CONFIG_backend_baseUrl: baseUrl,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_app_baseUrl: baseUrl,
        APP_CONFIG_lambdaOps_aws_endpoints_cloudwatch: proxy.url,
        APP_CONFIG_lambdaOps_aws_endpoints_applicationSignals: proxy.url,
        APP_CONFIG_lambdaOps_aws_endpoints_lambda: proxy.url,
        APP_CONFIG_lambdaOps_collector_schedule: JSON.stringify({
          frequency: { seconds: REFRESH_EVERY_SECONDS },
          timeout: { seconds: REFRESH_TIMEOUT_SECONDS },
          initialDelay: { seconds: 1 },
        }),
      },
      logFile,
      ready: () =>
        Promise.all([
          waitFor(`${baseUrl}/api/lambda-ops/health`, { timeoutMs: 300_000 }),
          waitFor(
            `${baseUrl}/api/catalog/entities/by-name/component/default/checkout-api`,
            { timeoutMs: 300_000, isReady: res => res.status === 401 },
          ),
        ]),
    },
  ).catch(error => {
    proxy.close();
    throw error;
  });
  return {
    name,
    baseUrl,
    aws: proxy,
    /** When each fleet refresh this replica finished was logged, epoch ms. */
    refreshesLogged: () =>
      logLines(logFile)
        .filter(line => line.message?.startsWith('Fleet refresh:'))
        .map(line => Date.parse(line.timestamp)),
    kill: () => group.kill('SIGKILL'),
    stop: async () => {
      await group.stop();
      proxy.close();
    },
  };
}

/**
 * Starts the emulator, Redis and two replicas (on 7007 and 7008) on `postgres`, with
 * empty databases. `stop()` ends everything it started.
 */
export async function startProductionTopology(postgres) {
  await dropDatabases(postgres);
  const started = [];
  const stop = () => Promise.all(started.map(part => part.stop()));
  try {
    started.push(
      await startProcessGroup(
        process.execPath,
        [
          join(ROOT, 'packages/aws-emulator/bin/lambda-ops-aws-emulator'),
          '--runbooks-dir',
          join(ROOT, 'examples/runbooks'),
        ],
        {
          cwd: ROOT,
          logFile: join(ARTIFACTS, 'replicas-emulator.log'),
          ready: () =>
            waitFor('http://127.0.0.1:4599/_emulator/stats', {
              timeoutMs: 60_000,
            }),
        },
      ),
    );
    const cache = redis();
    await cache.start();
    started.push(cache);
    // One after the other: the first creates the databases and their tables.
    const replicas = [];
    for (const [name, port] of [
      ['a', 7007],
      ['b', 7008],
    ]) {
      const replica = await startReplica({
        name,
        port,
        postgres,
        redisUrl: cache.url,
      });
      started.push(replica);
      replicas.push(replica);
    }
    return { replicas, redis: cache, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
