import { randomUUID } from 'node:crypto';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  DeployMarker,
  DeployRisk,
} from '@lambda-ops/backstage-plugin-common';
import { DeployMarkerInput, parseLambdaArtifact } from './deployMarkerInput';
import { Knex, migratedDatabaseClient } from './databaseClient';

const TABLE = 'lambda_ops_deploy_markers';

/** Id of the scheduled task that prunes markers past the retention. */
export const DEPLOY_MARKER_RETENTION_TASK_ID =
  'lambda-ops-deploy-marker-retention';

const DAY_MS = 86_400_000;
/** Function names a read binds at a time: SQLite binds at most 999 parameters. */
const NAMES_PER_READ = 500;

/** A row of `lambda_ops_deploy_markers`, as the migrations in `migrations/` make it. */
interface DeployMarkerRow {
  /** Random per insert attempt: tells whether this call's insert is the one stored. */
  id: string;
  deploy_id: string;
  /** PostgreSQL gives a Date; SQLite keeps milliseconds since the epoch. */
  ts: Date | number | string;
  env: string | null;
  /** `env` in lower case, so `PROD` and `prod` match on every database. */
  env_key: string | null;
  service: string | null;
  artifact: string;
  function_name: string;
  function_qualifier: string | null;
  git_sha: string | null;
  ref: string | null;
  actor: string | null;
  change_summary: string;
  reason: string;
  risk: DeployRisk | null;
  rollback: string | null;
  /** JSON array of strings. */
  links: string;
  gate_override_reason: string | null;
  created_at: Date | number | string;
}

/** The fields that make up a marker's content: the same deploy_id must bring the same. */
const CONTENT_COLUMNS = [
  'ts',
  'env',
  'service',
  'artifact',
  'git_sha',
  'ref',
  'actor',
  'change_summary',
  'reason',
  'risk',
  'rollback',
  'links',
  'gate_override_reason',
] as const;

/** Which functions to list markers of; `env` keeps only markers of that environment. */
export type DeployMarkerFunctionFilter =
  | string
  | { name: string; env?: string | null };

/** @public */
export interface DeployMarkerListOptions {
  /** Oldest marker time to list, inclusive. */
  since: Date;
  /** Newest marker time to list, inclusive. */
  until?: Date;
  /** Only markers of this environment, compared case-insensitively. */
  env?: string;
  /** Most markers in one page. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of markers, newest first. @public */
export interface DeployMarkerPage {
  items: DeployMarker[];
  /** Pass it as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

function toDate(value: Date | number | string): Date {
  if (value instanceof Date) {
    return value;
  }
  return new Date(
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  );
}

function rowOf(
  input: DeployMarkerInput,
  createdAt: Date,
): Omit<DeployMarkerRow, 'id'> {
  const artifact = parseLambdaArtifact(input.artifact);
  if (!artifact) {
    throw new InputError(
      `Invalid deploy marker: artifact "${input.artifact}" names no Lambda function`,
    );
  }
  return {
    deploy_id: input.deployId,
    ts: input.ts,
    env: input.env,
    env_key: input.env?.toLowerCase() ?? null,
    service: input.service,
    artifact: input.artifact,
    function_name: artifact.functionName,
    function_qualifier: artifact.qualifier,
    git_sha: input.gitSha,
    ref: input.ref,
    actor: input.actor,
    change_summary: input.changeSummary,
    reason: input.reason,
    risk: input.risk,
    rollback: input.rollback,
    links: JSON.stringify(input.links),
    gate_override_reason: input.gateOverrideReason,
    created_at: createdAt,
  };
}

function markerOf(row: DeployMarkerRow): DeployMarker {
  return {
    id: row.deploy_id,
    ts: toDate(row.ts).toISOString(),
    env: row.env,
    source: 'ci',
    changeType: 'deployment',
    actor: row.actor,
    gitSha: row.git_sha,
    changeSummary: row.change_summary,
    artifact: row.artifact,
    ref: row.ref,
    reason: row.reason,
    risk: row.risk,
    rollback: row.rollback,
    links: JSON.parse(row.links) as string[],
    ...(row.gate_override_reason
      ? { gateOverride: { reason: row.gate_override_reason } }
      : {}),
  };
}

/** Whether `a` lists before `b`: newer, or as new with the later deploy_id. */
function isNewer(a: DeployMarkerRow, b: DeployMarkerRow): boolean {
  const ta = toDate(a.ts).getTime();
  const tb = toDate(b.ts).getTime();
  return ta > tb || (ta === tb && a.deploy_id > b.deploy_id);
}

/** The content columns whose stored value differs from the row about to be stored. */
function differingColumns(
  stored: DeployMarkerRow,
  incoming: Omit<DeployMarkerRow, 'id'>,
): string[] {
  return CONTENT_COLUMNS.filter(column =>
    column === 'ts'
      ? toDate(stored.ts).getTime() !== toDate(incoming.ts).getTime()
      : stored[column] !== incoming[column],
  );
}

interface Cursor {
  ts: number;
  deployId: string;
}

function encodeCursor(row: DeployMarkerRow): string {
  return Buffer.from(
    JSON.stringify({ t: toDate(row.ts).getTime(), d: row.deploy_id }),
  ).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const { t, d } = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Number.isSafeInteger(t) && typeof d === 'string') {
      return { ts: t, deployId: d };
    }
  } catch {
    // Reported below.
  }
  throw new InputError(
    'Invalid cursor: pass the nextCursor of the previous page unchanged',
  );
}

/**
 * Keeps the deploy markers CI posts, in the plugin's own database: recording is
 * idempotent on `deploy_id`, listing is per function, newest first, in pages.
 *
 * @public
 */
export class DeployMarkerStore {
  readonly #db: Knex;

  /** Opens the store on the plugin's database, bringing its tables up to date first. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DeployMarkerStore> {
    return new DeployMarkerStore(
      await migratedDatabaseClient(options.database),
    );
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /**
   * Stores a marker unless its `deploy_id` is stored already. Safe under concurrent
   * posts of the same marker: exactly one insert wins and every caller reads it back.
   *
   * @param input - the checked marker
   * @returns the stored marker, and whether this call stored it
   * @throws ConflictError when the deploy_id is stored with different content
   */
  async record(
    input: DeployMarkerInput,
  ): Promise<{ marker: DeployMarker; created: boolean }> {
    const id = randomUUID();
    const row = rowOf(input, new Date());
    let stored: DeployMarkerRow | undefined;
    // Only a prune between the insert and the read can leave nothing to read: try again.
    for (let attempt = 0; !stored && attempt < 3; attempt++) {
      await this.#db<DeployMarkerRow>(TABLE)
        .insert({ id, ...row })
        .onConflict('deploy_id')
        .ignore();
      stored = await this.#db<DeployMarkerRow>(TABLE)
        .where('deploy_id', input.deployId)
        .first();
    }
    if (!stored) {
      throw new ServiceUnavailableError(
        `The deploy marker "${input.deployId}" was pruned as soon as it was stored, as its ts is at the edge of the retention: post it again`,
      );
    }
    if (stored.id === id) {
      return { marker: markerOf(stored), created: true };
    }
    const differing = differingColumns(stored, row);
    if (differing.length > 0) {
      throw new ConflictError(
        `deploy_id "${
          input.deployId
        }" is already recorded with different content (${differing.join(
          ', ',
        )}): a deploy_id names one deploy, so post a new deploy with a new deploy_id`,
      );
    }
    return { marker: markerOf(stored), created: false };
  }

  /**
   * Markers of the given functions, newest first (ties by deploy_id), in pages.
   *
   * @param functions - function names; `{ name, env }` keeps only that function's
   *   markers of that environment (case-insensitive)
   * @param options - time span, environment, page size and cursor
   */
  async listForFunctions(
    functions: ReadonlyArray<DeployMarkerFunctionFilter>,
    options: DeployMarkerListOptions,
  ): Promise<DeployMarkerPage> {
    if (functions.length === 0) {
      return { items: [], nextCursor: null };
    }
    const query = this.#db<DeployMarkerRow>(TABLE)
      .where('ts', '>=', options.since)
      .where(match => {
        for (const fn of functions) {
          const { name, env } = typeof fn === 'string' ? { name: fn } : fn;
          match.orWhere(one => {
            one.where('function_name', name);
            if (env) {
              one.where('env_key', env.toLowerCase());
            }
          });
        }
      });
    if (options.until) {
      query.where('ts', '<=', options.until);
    }
    if (options.env) {
      query.where('env_key', options.env.toLowerCase());
    }
    if (options.cursor) {
      const after = decodeCursor(options.cursor);
      const ts = new Date(after.ts);
      query.where(older =>
        older
          .where('ts', '<', ts)
          .orWhere(same =>
            same.where('ts', '=', ts).where('deploy_id', '<', after.deployId),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'ts', order: 'desc' },
        { column: 'deploy_id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    const page = rows.slice(0, options.limit);
    return {
      items: page.map(markerOf),
      nextCursor:
        rows.length > options.limit
          ? encodeCursor(page[page.length - 1])
          : null,
    };
  }

  /**
   * The newest marker since a time of each set of functions, the one `listForFunctions`
   * lists first for the set, for many sets at once: a read of each function's newest
   * marker per environment, not a listing per set.
   *
   * @param sets - function filters per set, as `listForFunctions` takes them
   * @returns per set, its newest marker; null when it has none
   */
  async newestOfEach(
    sets: ReadonlyArray<ReadonlyArray<DeployMarkerFunctionFilter>>,
    options: { since: Date },
  ): Promise<Array<DeployMarker | null>> {
    const filters = sets.map(set =>
      set.map(fn => {
        const { name, env } = typeof fn === 'string' ? { name: fn } : fn;
        return { name, envKey: env ? env.toLowerCase() : undefined };
      }),
    );
    const names = [...new Set(filters.flat().map(filter => filter.name))];
    const newestByName = new Map<string, DeployMarkerRow[]>();
    for (let i = 0; i < names.length; i += NAMES_PER_READ) {
      const ranked = this.#db<DeployMarkerRow>(TABLE)
        .select(
          '*',
          this.#db.raw(
            'ROW_NUMBER() OVER (PARTITION BY function_name, env_key ORDER BY ts DESC, deploy_id DESC) AS newest_rank',
          ),
        )
        .where('ts', '>=', options.since)
        .whereIn('function_name', names.slice(i, i + NAMES_PER_READ));
      const rows: DeployMarkerRow[] = await this.#db
        .from(ranked.as('ranked'))
        .where('newest_rank', 1);
      for (const row of rows) {
        if (!newestByName.get(row.function_name)?.push(row)) {
          newestByName.set(row.function_name, [row]);
        }
      }
    }
    return filters.map(set => {
      let newest: DeployMarkerRow | undefined;
      for (const { name, envKey } of set) {
        for (const row of newestByName.get(name) ?? []) {
          if (
            (envKey === undefined || row.env_key === envKey) &&
            (!newest || isNewer(row, newest))
          ) {
            newest = row;
          }
        }
      }
      return newest ? markerOf(newest) : null;
    });
  }

  /**
   * Deletes markers older than the given time.
   *
   * @returns how many were deleted
   */
  async prune(olderThan: Date): Promise<number> {
    return await this.#db<DeployMarkerRow>(TABLE)
      .where('ts', '<', olderThan)
      .delete();
  }
}

/** @public */
export const deployMarkerStoreServiceRef = createServiceRef<DeployMarkerStore>({
  id: 'lambda-ops.deploy-markers',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { database: coreServices.database },
      factory: ({ database }) => DeployMarkerStore.create({ database }),
    }),
});

/**
 * Schedules the daily pruning of markers older than the retention.
 *
 * @param options - where to schedule, what to prune, and the configured retention
 */
export async function scheduleDeployMarkerRetention(options: {
  scheduler: SchedulerService;
  store: DeployMarkerStore;
  logger: LoggerService;
  retentionDays: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
}): Promise<void> {
  const { scheduler, store, logger, retentionDays, schedule } = options;
  await scheduler.scheduleTask({
    id: DEPLOY_MARKER_RETENTION_TASK_ID,
    ...schedule,
    fn: async () => {
      const olderThan = new Date(Date.now() - retentionDays * DAY_MS);
      const deleted = await store.prune(olderThan);
      logger.info(
        `Pruned ${deleted} deploy marker(s) older than ${olderThan.toISOString()} (lambdaOps.deployMarkers.retentionDays: ${retentionDays})`,
      );
    },
  });
}
