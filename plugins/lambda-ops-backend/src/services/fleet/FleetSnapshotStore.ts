import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { FleetEntitySnapshot } from '@lambda-ops/backstage-plugin-common';
import { Knex, migratedDatabaseClient } from '../databaseClient';

const STATE_TABLE = 'lambda_ops_fleet_state';
const ENTITIES_TABLE = 'lambda_ops_fleet_entities';
const SERIES_TABLE = 'lambda_ops_fleet_series';
const BLOCKS_TABLE = 'lambda_ops_fleet_series_blocks';
const DAY_MS = 86_400_000;
/**
 * A series is stored as two blocks: the head, its older periods, and the tail, from the
 * start of a day on. A refresh rewrites the tail only, a few hundred periods instead of
 * the month, until the tail is this long; then both are written anew.
 */
const MAX_TAIL_MS = 2 * DAY_MS;
const STATE_ID = 1;

/** Rows a statement writes at a time: SQLite binds at most 999 parameters a statement. */
const ROWS_PER_INSERT = 200;
/** Keys a `whereIn` reads at a time, for the same reason. */
const KEYS_PER_READ = 500;
/**
 * Series whose blocks are read at a time: the driver hands over a query's rows at once,
 * and a month of 5-minute periods is 69 kB a series.
 */
const SERIES_PER_BLOCK_READ = 100;

/**
 * The fleet as the collector last saw it: when, whether the refresh after it failed, and
 * one snapshot per Lambda-backed entity.
 *
 * @public
 */
export interface FleetSnapshot {
  /** When the entities were collected; null until the first refresh ends. */
  snapshotAt: string | null;
  /** True when the last refresh failed, so the entities are from an earlier one. */
  stale: boolean;
  /** Why the last refresh failed; null when it did not. */
  staleReason: string | null;
  entities: FleetEntitySnapshot[];
}

/**
 * One raw statistic of one function, one value per period from `firstPeriod`, as the
 * collector keeps it between refreshes.
 *
 * @public
 */
export interface StoredSeries {
  key: string;
  /** Start of the first period, epoch ms. */
  firstPeriod: number;
  periodSeconds: number;
  /**
   * NaN where CloudWatch had no datapoint for the period. Typed, not `number | null`: a
   * month of 5-minute periods of a fleet as boxed numbers was most of the refresh's memory
   * and garbage-collection time.
   */
  values: Float64Array;
  /** End of the span CloudWatch was last asked about, epoch ms. */
  fetchedUntil: number;
  /**
   * When writing: the periods from here on changed since the series was read, the
   * earlier ones did not (nor did `firstPeriod` move back), so only the blocks from here
   * on are written. Absent: every period is written.
   */
  changedFrom?: number;
}

/**
 * How far a stored series reaches, without its values.
 *
 * @public
 */
export type SeriesEnd = Pick<StoredSeries, 'key' | 'fetchedUntil'>;

interface StateRow {
  id: number;
  snapshot_at: string | null;
  stale: boolean | number;
  last_error: string | null;
}

interface SeriesRow {
  series_key: string;
  first_period: number | string;
  period_count: number;
  fetched_until: number | string;
  tail_start: number | string;
}

interface BlockRow {
  series_key: string;
  block_start: number | string;
  period_values: Uint8Array;
}

const MACHINE_IS_LITTLE_ENDIAN =
  new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Marks a block stored as float32: this byte, then one little-endian float32 a period.
 * Its length is odd, so it is never taken for a block of float64 periods (8 bytes each).
 */
const FLOAT32_MARKER = 0x04;

/** Whether a float32 holds every value exactly: counts below 2^24, say, but not 0.1. */
function fitsFloat32(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    if (Math.fround(values[i]) !== values[i] && !Number.isNaN(values[i])) {
      return false;
    }
  }
  return true;
}

/**
 * Series values as stored: NaN where CloudWatch had no datapoint; one little-endian
 * float32 a period after {@link FLOAT32_MARKER} when that holds every value exactly, as it
 * does the sums of invocations and errors (half the bytes for every refresh to read),
 * else one little-endian float64 a period, on a little-endian machine (any Backstage runs
 * on, in practice) a copy of the typed array's bytes.
 */
function encodeValues(values: Float64Array): Buffer {
  if (values.length > 0 && fitsFloat32(values)) {
    const buffer = Buffer.allocUnsafe(1 + values.length * 4);
    buffer[0] = FLOAT32_MARKER;
    if (MACHINE_IS_LITTLE_ENDIAN) {
      const narrow = Float32Array.from(values);
      buffer.set(new Uint8Array(narrow.buffer), 1);
    } else {
      values.forEach((value, i) => buffer.writeFloatLE(value, 1 + i * 4));
    }
    return buffer;
  }
  if (MACHINE_IS_LITTLE_ENDIAN) {
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  }
  const buffer = Buffer.allocUnsafe(values.length * 8);
  values.forEach((value, i) => buffer.writeDoubleLE(value, i * 8));
  return buffer;
}

function decodeValues(bytes: Uint8Array): Float64Array | Float32Array {
  if (bytes.byteLength % 8 !== 0) {
    const count = (bytes.byteLength - 1) / 4;
    const narrow = new Float32Array(count);
    if (MACHINE_IS_LITTLE_ENDIAN) {
      // Copied: after the marker byte the floats are not 4-byte aligned.
      new Uint8Array(narrow.buffer).set(bytes.subarray(1));
      return narrow;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset + 1, count * 4);
    return narrow.map((_, i) => view.getFloat32(i * 4, true));
  }
  if (MACHINE_IS_LITTLE_ENDIAN && bytes.byteOffset % 8 === 0) {
    // A view of the driver's buffer: the reader copies the periods it keeps anyway.
    return new Float64Array(
      bytes.buffer,
      bytes.byteOffset,
      bytes.byteLength / 8,
    );
  }
  const values = new Float64Array(bytes.byteLength / 8);
  if (MACHINE_IS_LITTLE_ENDIAN) {
    // Copied, not viewed: this buffer of the driver is not 8-byte aligned.
    new Uint8Array(values.buffer).set(bytes);
    return values;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return values.map((_, i) => view.getFloat64(i * 8, true));
}

/** The periods of a series in `[from, to)` as a stored block. */
function blockOf(series: StoredSeries, from: number, to: number): BlockRow {
  const periodMs = series.periodSeconds * 1000;
  return {
    series_key: series.key,
    block_start: from,
    period_values: encodeValues(
      series.values.subarray(
        (from - series.firstPeriod) / periodMs,
        (to - series.firstPeriod) / periodMs,
      ),
    ),
  };
}

/**
 * Where a series written whole starts its tail: at the start of the day its newest
 * period falls in, on its own grid.
 */
function newTailStart(series: StoredSeries): number {
  const periodMs = series.periodSeconds * 1000;
  const end = series.firstPeriod + series.values.length * periodMs;
  const dayStart = Math.floor((end - 1) / DAY_MS) * DAY_MS;
  const periods = Math.floor((dayStart - series.firstPeriod) / periodMs);
  return (
    series.firstPeriod +
    Math.min(series.values.length, Math.max(0, periods)) * periodMs
  );
}

/**
 * Whether the stored tail from `tailStart` on takes the series' changes: they are all in
 * it, the tail is on the series' grid and not too long yet.
 */
function tailTakes(series: StoredSeries, tailStart: number): boolean {
  const periodMs = series.periodSeconds * 1000;
  const end = series.firstPeriod + series.values.length * periodMs;
  return (
    series.changedFrom !== undefined &&
    series.changedFrom >= tailStart &&
    tailStart >= series.firstPeriod &&
    (tailStart - series.firstPeriod) % periodMs === 0 &&
    end - tailStart <= MAX_TAIL_MS
  );
}

/**
 * Copies the periods of a stored block that the series holds into its values.
 *
 * @returns how many periods it copied
 */
function copyBlock(
  series: StoredSeries,
  blockStart: number,
  bytes: Uint8Array,
): number {
  const block = decodeValues(bytes);
  const offset =
    (blockStart - series.firstPeriod) / (series.periodSeconds * 1000);
  const from = Math.max(0, -offset);
  const to = Math.min(block.length, series.values.length - offset);
  if (to <= from) {
    return 0;
  }
  series.values.set(block.subarray(from, to), offset + from);
  return to - from;
}

/**
 * Reads the series' values again with NaN where none of its blocks holds a period, as
 * for a series whose blocks overlap or leave gaps (none written by this store does).
 */
function fillUncovered(series: StoredSeries, blocks: BlockRow[]): void {
  series.values.fill(NaN);
  for (const block of blocks) {
    copyBlock(series, Number(block.block_start), block.period_values);
  }
}

/** The series key's last part is the period length in seconds. */
function periodSecondsOf(key: string): number {
  return Number(key.slice(key.lastIndexOf('/') + 1));
}

/**
 * Keeps the fleet collector's snapshot and the per-period statistics it builds on in the
 * plugin's database. The snapshot is replaced whole, in one transaction, so readers see
 * either the last refresh or the one before, never a mix.
 *
 * @public
 */
export class FleetSnapshotStore {
  readonly #db: Knex;

  /** Opens the store on the plugin's database, bringing its tables up to date first. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<FleetSnapshotStore> {
    return new FleetSnapshotStore(
      await migratedDatabaseClient(options.database),
    );
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** The last snapshot; `snapshotAt: null` and no entities before the first refresh ends. */
  async readSnapshot(): Promise<FleetSnapshot> {
    const state = await this.readSnapshotState();
    if (!state.snapshotAt) {
      return { ...state, entities: [] };
    }
    const rows = await this.#db<{ entity_ref: string; snapshot: string }>(
      ENTITIES_TABLE,
    ).orderBy('entity_ref');
    return { ...state, entities: rows.map(row => JSON.parse(row.snapshot)) };
  }

  /** When the last snapshot was collected and whether it is stale, without its entities. */
  async readSnapshotState(): Promise<Omit<FleetSnapshot, 'entities'>> {
    const state = await this.#db<StateRow>(STATE_TABLE)
      .where('id', STATE_ID)
      .first();
    const stale = Boolean(state?.stale);
    return {
      snapshotAt: state?.snapshot_at ?? null,
      stale,
      staleReason: stale ? state?.last_error ?? null : null,
    };
  }

  /**
   * Replaces the snapshot with a refresh's entities and clears `stale`.
   *
   * @param snapshotAt - when the refresh collected them
   */
  async replaceSnapshot(
    entities: FleetEntitySnapshot[],
    snapshotAt: Date,
  ): Promise<void> {
    await this.#db.transaction(async tx => {
      await tx(ENTITIES_TABLE).delete();
      for (let i = 0; i < entities.length; i += ROWS_PER_INSERT) {
        await tx(ENTITIES_TABLE).insert(
          entities.slice(i, i + ROWS_PER_INSERT).map(entity => ({
            entity_ref: entity.entityRef,
            snapshot: JSON.stringify(entity),
          })),
        );
      }
      await this.#writeState(tx, {
        snapshot_at: snapshotAt.toISOString(),
        stale: false,
        last_error: null,
      });
    });
  }

  /**
   * Records that a refresh failed: the last snapshot stays and is marked stale.
   *
   * @param reason - what went wrong, for the logs and the operators
   */
  async markStale(reason: string): Promise<void> {
    await this.#writeState(this.#db, { stale: true, last_error: reason });
  }

  /** The stored series of the given keys; a key never stored is absent. */
  async readSeries(keys: string[]): Promise<Map<string, StoredSeries>> {
    const found = new Map<string, StoredSeries>();
    for (let i = 0; i < keys.length; i += SERIES_PER_BLOCK_READ) {
      const part = keys.slice(i, i + SERIES_PER_BLOCK_READ);
      const rows = await this.#db<SeriesRow>(SERIES_TABLE).whereIn(
        'series_key',
        part,
      );
      // Periods no block holds are NaN; the blocks of a series written whole hold them
      // all, so the month is filled once, by the blocks, not first with NaN as well.
      const covered = new Map<string, number>();
      for (const row of rows) {
        found.set(row.series_key, {
          key: row.series_key,
          firstPeriod: Number(row.first_period),
          periodSeconds: periodSecondsOf(row.series_key),
          values: new Float64Array(Number(row.period_count)),
          fetchedUntil: Number(row.fetched_until),
        });
        covered.set(row.series_key, 0);
      }
      const blocks = await this.#db<BlockRow>(BLOCKS_TABLE).whereIn(
        'series_key',
        part,
      );
      for (const block of blocks) {
        const series = found.get(block.series_key);
        if (series) {
          covered.set(
            series.key,
            covered.get(series.key)! +
              copyBlock(series, Number(block.block_start), block.period_values),
          );
        }
      }
      for (const [key, periods] of covered) {
        const series = found.get(key)!;
        if (periods !== series.values.length) {
          fillUncovered(
            series,
            blocks.filter(b => b.series_key === key),
          );
        }
      }
    }
    return found;
  }

  /** How far the stored series of the given keys reach; a key never stored is absent. */
  async readSeriesEnds(keys: string[]): Promise<Map<string, SeriesEnd>> {
    const found = new Map<string, SeriesEnd>();
    for (let i = 0; i < keys.length; i += KEYS_PER_READ) {
      const rows = await this.#db<SeriesRow>(SERIES_TABLE)
        .whereIn('series_key', keys.slice(i, i + KEYS_PER_READ))
        .select('series_key', 'fetched_until');
      for (const row of rows) {
        found.set(row.series_key, {
          key: row.series_key,
          fetchedUntil: Number(row.fetched_until),
        });
      }
    }
    return found;
  }

  /**
   * Stores series, replacing those of the same keys: a series' tail alone when its
   * changes (from `changedFrom` on) fall in it, else its head and tail anew.
   */
  async writeSeries(series: StoredSeries[]): Promise<void> {
    await this.#db.transaction(async tx => {
      for (let i = 0; i < series.length; i += ROWS_PER_INSERT) {
        const part = series.slice(i, i + ROWS_PER_INSERT);
        const tails = new Map(
          (
            await tx<SeriesRow>(SERIES_TABLE)
              .whereIn(
                'series_key',
                part.map(s => s.key),
              )
              .select('series_key', 'tail_start')
          ).map(row => [row.series_key, Number(row.tail_start)]),
        );
        const blocks: BlockRow[] = [];
        const rewritten: string[] = [];
        const headers = part.map(s => {
          const periodMs = s.periodSeconds * 1000;
          const end = s.firstPeriod + s.values.length * periodMs;
          let tailStart = tails.get(s.key);
          if (tailStart === undefined || !tailTakes(s, tailStart)) {
            tailStart = newTailStart(s);
            rewritten.push(s.key);
            if (tailStart > s.firstPeriod) {
              blocks.push(blockOf(s, s.firstPeriod, tailStart));
            }
          }
          blocks.push(blockOf(s, tailStart, end));
          return {
            series_key: s.key,
            first_period: s.firstPeriod,
            period_count: s.values.length,
            fetched_until: s.fetchedUntil,
            tail_start: tailStart,
          };
        });
        if (rewritten.length > 0) {
          await tx(BLOCKS_TABLE).whereIn('series_key', rewritten).delete();
        }
        await tx<SeriesRow>(SERIES_TABLE)
          .insert(headers)
          .onConflict('series_key')
          .merge();
        for (let j = 0; j < blocks.length; j += ROWS_PER_INSERT) {
          await tx<BlockRow>(BLOCKS_TABLE)
            .insert(blocks.slice(j, j + ROWS_PER_INSERT))
            .onConflict(['series_key', 'block_start'])
            .merge();
        }
      }
    });
  }

  /**
   * Deletes the series of functions no longer in the catalog.
   *
   * @param keep - the keys the last refresh used
   * @returns how many were deleted
   */
  async pruneSeries(keep: ReadonlySet<string>): Promise<number> {
    const stored = await this.#db<SeriesRow>(SERIES_TABLE).pluck('series_key');
    const gone = stored.filter(key => !keep.has(key));
    for (let i = 0; i < gone.length; i += KEYS_PER_READ) {
      const part = gone.slice(i, i + KEYS_PER_READ);
      await this.#db(SERIES_TABLE).whereIn('series_key', part).delete();
      await this.#db(BLOCKS_TABLE).whereIn('series_key', part).delete();
    }
    return gone.length;
  }

  async #writeState(db: Knex, state: Partial<Omit<StateRow, 'id'>>) {
    await db<StateRow>(STATE_TABLE)
      .insert({
        id: STATE_ID,
        snapshot_at: null,
        stale: false,
        last_error: null,
        ...state,
      })
      .onConflict('id')
      .merge(state);
  }
}

/** @public */
export const fleetSnapshotStoreServiceRef =
  createServiceRef<FleetSnapshotStore>({
    id: 'lambda-ops.fleet-snapshot',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { database: coreServices.database },
        factory: ({ database }) => FleetSnapshotStore.create({ database }),
      }),
  });
