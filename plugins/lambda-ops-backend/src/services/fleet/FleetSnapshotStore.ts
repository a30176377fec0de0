import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  entityFleetStatus,
  FleetEntitySnapshot,
  FleetStatus,
  SettledSloDay,
} from '@lambda-ops/backstage-plugin-common';
import {
  Knex,
  migratedDatabaseClient,
  runsOnTheBackendsThread,
} from '../databaseClient';
import { SeriesBufferPool, valuesWithRoom } from './periodSeries';

const STATE_TABLE = 'lambda_ops_fleet_state';
const ENTITIES_TABLE = 'lambda_ops_fleet_entities';
const SERIES_TABLE = 'lambda_ops_fleet_series';
/**
 * A series' values, one block per UTC day its periods touch, but for the newest day's,
 * which the series' own row holds: a refresh rewrites that row alone (the block and how
 * far the series reaches), and a read of some days reads their blocks alone. A series
 * with few datapoints is held whole in its row instead (see
 * {@link WHOLE_IN_ROW_DATAPOINTS}).
 */
const BLOCKS_TABLE = 'lambda_ops_fleet_series_blocks';
const SETTLED_DAYS_TABLE = 'lambda_ops_fleet_settled_days';
const DAY_MS = 86_400_000;
const STATE_ID = 1;

/**
 * Rows a statement writes at a time: a series row binds 6 parameters, well inside what a
 * statement binds (32,766 in SQLite since 3.32, 65,535 in PostgreSQL).
 */
const ROWS_PER_INSERT = 200;
/** Keys a `whereIn` reads at a time, for the same reason. */
const KEYS_PER_READ = 500;
/**
 * Days of blocks a read hands over at most (a month of 100 series): the driver hands
 * over a query's rows at once, and a day of 5-minute periods is 2.3 kB a series. A
 * refresh reads about 5 days a series, so its reads are few and large.
 */
const BLOCK_DAYS_PER_READ = 3_100;
/** The days a whole series is taken to span, for the reads' size: a month. */
const WHOLE_SERIES_DAYS = 31;
/**
 * Datapoints a series written whole may have at most to be held whole in its row,
 * sparse, rather than in a block a day: a batch job's month, read whole every refresh,
 * is then one row to read rather than 31.
 */
const WHOLE_IN_ROW_DATAPOINTS = 200;

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
   * and garbage-collection time. Read from the store, they are a view of a buffer with
   * room after them, which merging the next periods onto the series fills in place.
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
  /**
   * Where the series starts when `values` hold its periods from `firstPeriod` on only,
   * as read `within` a span: written back, the periods before stay as stored (so
   * `changedFrom` is then required). Absent: at `firstPeriod`.
   */
  gridStart?: number;
  /**
   * How the store held the series when it was read: a write of a series read from the
   * store (or merged onto one) starts from this instead of reading the series' row
   * again, so a series read once is written once: after the write it no longer says how
   * the store holds it. Absent: the row is looked up.
   */
  asRead?: StoredSeriesRow;
}

/**
 * How the store holds a series: from where, how many periods, and the day of its newest
 * block.
 *
 * @public
 */
export interface StoredSeriesRow {
  /** Start of the series' first stored period, epoch ms. */
  firstPeriod: number;
  /** Periods stored from `firstPeriod` on. */
  periodCount: number;
  /** Start of the block the series' row holds; null when the series has no period. */
  newestBlockStart: number | null;
}

/**
 * A span of time to read a series' periods in, `[from, to)` in epoch ms.
 *
 * @public
 */
export type SeriesSpan = readonly [from: number, to: number];

/**
 * A function's settled SLO days as the collector keeps them between refreshes.
 *
 * @public
 */
export interface StoredSettledDays {
  /** The function's key, as the collector names it. */
  key: string;
  /**
   * What the days were counted with; the collector counts them again when its own
   * differs.
   */
  fingerprint: string;
  days: SettledSloDay[];
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
  /**
   * The block of the newest day the series touches, or of the whole series when its row
   * holds it whole; null when it has no period.
   */
  newest_block_start: number | string | null;
  newest_values: Uint8Array | null;
}

interface BlockRow {
  series_key: string;
  block_start: number | string;
  period_values: Uint8Array;
}

interface SettledDaysRow {
  function_key: string;
  fingerprint: string;
  days: string;
}

const MACHINE_IS_LITTLE_ENDIAN =
  new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Marks a block stored as float32: this byte, then one little-endian float32 a period.
 * Its length is odd, so it is never taken for a block of float64 periods (8 bytes each).
 */
const FLOAT32_MARKER = 0x04;
/**
 * Marks a block of counts: this byte, then one little-endian uint16 a period,
 * {@link NO_COUNT} where it has no datapoint. Its length is odd too.
 */
const COUNTS_MARKER = 0x06;
/** A period of a block of counts without a datapoint. */
const NO_COUNT = 0xffff;
/**
 * Marks a block stored sparse: this byte, the number of periods as a little-endian
 * uint16, then for each period with a datapoint its index (uint16) and value (float64),
 * little-endian. Its length is odd too.
 */
const SPARSE_MARKER = 0x02;
const SPARSE_HEADER_BYTES = 3;
const SPARSE_ENTRY_BYTES = 10;

/** The marker of an encoding with one, or undefined for float64 periods. */
function markerOf(bytes: Uint8Array): number | undefined {
  return bytes.byteLength % 2 === 1 ? bytes[0] : undefined;
}

/** The values with a datapoint alone, see {@link SPARSE_MARKER}. */
function encodeSparse(values: Float64Array, withDatapoint: number): Buffer {
  const bytes = Buffer.allocUnsafe(
    SPARSE_HEADER_BYTES + withDatapoint * SPARSE_ENTRY_BYTES,
  );
  bytes[0] = SPARSE_MARKER;
  bytes.writeUInt16LE(values.length, 1);
  let at = SPARSE_HEADER_BYTES;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) {
      bytes.writeUInt16LE(i, at);
      bytes.writeDoubleLE(values[i], at + 2);
      at += SPARSE_ENTRY_BYTES;
    }
  }
  return bytes;
}

/** Values each held by a uint16 or a float32, after the marker. */
function encodeNarrow(
  values: Float64Array,
  marker: typeof COUNTS_MARKER | typeof FLOAT32_MARKER,
): Buffer {
  const width = marker === COUNTS_MARKER ? 2 : 4;
  const bytes = Buffer.allocUnsafe(1 + values.length * width);
  bytes[0] = marker;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (marker === FLOAT32_MARKER) {
      bytes.writeFloatLE(value, 1 + i * 4);
    } else {
      bytes.writeUInt16LE(Number.isNaN(value) ? NO_COUNT : value, 1 + i * 2);
    }
  }
  return bytes;
}

/**
 * Whether a uint16 holds the value as a count: a whole number, not negative, short of
 * {@link NO_COUNT}, and not -0 (which a count would read back as 0).
 */
function isCount(value: number): boolean {
  return (
    Number.isInteger(value) &&
    value >= 0 &&
    value < NO_COUNT &&
    !Object.is(value, -0)
  );
}

/**
 * Series values as stored: NaN where CloudWatch had no datapoint. The shortest of: sparse
 * (see {@link SPARSE_MARKER}), as for a day of a job that runs once or of a function
 * without traffic (a batch job's month is read every refresh); one uint16 a period after
 * {@link COUNTS_MARKER} when every value is a count under 65,535, as the sums of
 * invocations, errors and throttles of all but the busiest functions are (half the
 * bytes of float32s for every refresh to read and write); one little-endian float32 a
 * period after {@link FLOAT32_MARKER} when that holds every value exactly; else one
 * little-endian float64 a period, on a little-endian machine (any Backstage runs on, in
 * practice) a copy of the typed array's bytes.
 */
function encodeValues(values: Float64Array): Buffer {
  let withDatapoint = 0;
  let counts = true;
  let float32 = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isNaN(value)) {
      withDatapoint += 1;
      counts &&= isCount(value);
      // Not 0.1, say, nor 2^24 + 1.
      float32 &&= Math.fround(value) === value;
    }
  }
  let denseBytes = values.length * 8;
  if (counts) {
    denseBytes = 1 + values.length * 2;
  } else if (float32) {
    denseBytes = 1 + values.length * 4;
  }
  // A block holds a day at most: 1,440 periods of a minute.
  if (
    values.length <= 0xffff &&
    SPARSE_HEADER_BYTES + withDatapoint * SPARSE_ENTRY_BYTES < denseBytes
  ) {
    return encodeSparse(values, withDatapoint);
  }
  if (counts || float32) {
    return encodeNarrow(values, counts ? COUNTS_MARKER : FLOAT32_MARKER);
  }
  if (MACHINE_IS_LITTLE_ENDIAN) {
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  }
  const buffer = Buffer.allocUnsafe(values.length * 8);
  values.forEach((value, j) => buffer.writeDoubleLE(value, j * 8));
  return buffer;
}

/** How many periods encoded values hold (see {@link encodeValues}). */
function periodCountOf(bytes: Uint8Array): number {
  switch (markerOf(bytes)) {
    case undefined:
      return bytes.byteLength / 8;
    case SPARSE_MARKER:
      return bytes[1] | (bytes[2] << 8);
    case COUNTS_MARKER:
      return (bytes.byteLength - 1) / 2;
    default:
      return (bytes.byteLength - 1) / 4;
  }
}

/**
 * Decodes the encoded periods `[from, to)` into `target` from index `at` on, with no
 * array of its own in between: a refresh decodes a block for every day of every series
 * it reads.
 */
function decodeInto(
  bytes: Uint8Array,
  range: { from: number; to: number },
  target: Float64Array,
  at: number,
): void {
  const { from, to } = range;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const marker = markerOf(bytes);
  if (marker === SPARSE_MARKER) {
    target.fill(NaN, at, at + to - from);
    for (
      let e = SPARSE_HEADER_BYTES;
      e < bytes.byteLength;
      e += SPARSE_ENTRY_BYTES
    ) {
      const index = view.getUint16(e, true);
      if (index >= from && index < to) {
        target[at + index - from] = view.getFloat64(e + 2, true);
      }
    }
  } else if (marker === COUNTS_MARKER) {
    for (let i = from; i < to; i++) {
      const count = view.getUint16(1 + i * 2, true);
      target[at + i - from] = count === NO_COUNT ? NaN : count;
    }
  } else if (marker !== undefined) {
    for (let i = from; i < to; i++) {
      target[at + i - from] = view.getFloat32(1 + i * 4, true);
    }
  } else if (MACHINE_IS_LITTLE_ENDIAN && bytes.byteOffset % 8 === 0) {
    target.set(
      new Float64Array(bytes.buffer, bytes.byteOffset + from * 8, to - from),
      at,
    );
  } else {
    for (let i = from; i < to; i++) {
      target[at + i - from] = view.getFloat64(i * 8, true);
    }
  }
}

/** Start of the UTC day `ts` falls in, epoch ms. */
function dayStartOf(ts: number): number {
  return Math.floor(ts / DAY_MS) * DAY_MS;
}

/** End of a series' last period, epoch ms. */
function seriesEnd(series: StoredSeries): number {
  return (
    series.firstPeriod + series.values.length * series.periodSeconds * 1000
  );
}

/**
 * The blocks of a series from `from` on, one per UTC day: the first starts at `from`,
 * the others at the start of their day, which falls on a period boundary (a period
 * length divides a day and the grid is period-aligned).
 */
function dayBlocksOf(series: StoredSeries, from: number): BlockRow[] {
  const periodMs = series.periodSeconds * 1000;
  const end = seriesEnd(series);
  const blocks: BlockRow[] = [];
  for (let start = from; start < end; ) {
    const blockEnd = Math.min(end, dayStartOf(start) + DAY_MS);
    blocks.push({
      series_key: series.key,
      block_start: start,
      period_values: encodeValues(
        series.values.subarray(
          (start - series.firstPeriod) / periodMs,
          (blockEnd - series.firstPeriod) / periodMs,
        ),
      ),
    });
    start = blockEnd;
  }
  return blocks;
}

/**
 * Where the blocks a write replaces start: at the start of the day `changedFrom` falls
 * in, or the stored series ends in, whichever is earlier; undefined to write the series
 * whole, as when that day is its first or the stored blocks are not on its grid or
 * start after it. A series read `within` a span holds too little to be written whole,
 * nor from before its first period read: that is an error, not a write.
 */
function rewriteFrom(
  series: StoredSeries,
  stored: StoredSeriesRow | undefined,
): number | undefined {
  const partial = series.gridStart !== undefined;
  const gridStart = series.gridStart ?? series.firstPeriod;
  const periodMs = series.periodSeconds * 1000;
  const storedFirst = stored?.firstPeriod ?? NaN;
  const storedEnd = storedFirst + (stored?.periodCount ?? NaN) * periodMs;
  const from =
    series.changedFrom === undefined
      ? NaN
      : dayStartOf(Math.min(series.changedFrom, storedEnd));
  const fits =
    storedFirst <= gridStart && (gridStart - storedFirst) % periodMs === 0;
  if (partial) {
    if (!fits || !(from >= series.firstPeriod)) {
      throw new Error(
        `Series ${series.key} holds its periods from ${new Date(
          series.firstPeriod,
        ).toISOString()} on only, and cannot be written whole or from before then`,
      );
    }
    return from;
  }
  return from > series.firstPeriod && fits ? from : undefined;
}

/**
 * Whether blocks of a series may be stored besides the newest day's, which its row holds:
 * not when the series starts on that day, as the newest hours of minutes do, which are
 * written whole every refresh.
 */
function mayHaveBlocks(row: StoredSeriesRow | undefined): boolean {
  return (
    !row ||
    row.newestBlockStart === null ||
    dayStartOf(row.firstPeriod) < dayStartOf(row.newestBlockStart)
  );
}

/**
 * Whether a series' row holds more than its newest day, as when the series is held whole
 * in it (see {@link WHOLE_IN_ROW_DATAPOINTS}).
 */
function rowHoldsEarlierDays(
  row: StoredSeriesRow,
  periodSeconds: number,
): boolean {
  const lastPeriod =
    row.firstPeriod + (row.periodCount - 1) * periodSeconds * 1000;
  return (
    row.newestBlockStart !== null &&
    row.periodCount > 0 &&
    dayStartOf(row.newestBlockStart) < dayStartOf(lastPeriod)
  );
}

/**
 * The series' values encoded whole for its row, when written whole over more than a day
 * with {@link WHOLE_IN_ROW_DATAPOINTS} datapoints at most; undefined otherwise.
 */
function encodedWholeInRow(series: StoredSeries): Buffer | undefined {
  const { values } = series;
  const lastPeriod =
    series.firstPeriod + (values.length - 1) * series.periodSeconds * 1000;
  if (
    series.gridStart !== undefined ||
    values.length > 0xffff ||
    dayStartOf(series.firstPeriod) >= dayStartOf(lastPeriod)
  ) {
    return undefined;
  }
  let withDatapoint = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i]) && ++withDatapoint > WHOLE_IN_ROW_DATAPOINTS) {
      return undefined;
    }
  }
  return encodeSparse(values, withDatapoint);
}

/**
 * The day blocks of `[from, to)` of the periods a series' row holds, for a write that
 * keeps those days as they are stored but no longer in the row.
 */
function dayBlocksOfRow(
  row: Pick<SeriesRow, 'series_key' | 'newest_block_start' | 'newest_values'>,
  span: SeriesSpan,
): BlockRow[] {
  if (row.newest_block_start === null || !row.newest_values) {
    return [];
  }
  const periods = periodCountOf(row.newest_values);
  const held: StoredSeries = {
    key: row.series_key,
    firstPeriod: Number(row.newest_block_start),
    periodSeconds: periodSecondsOf(row.series_key),
    values: new Float64Array(periods),
    fetchedUntil: 0,
  };
  decodeInto(row.newest_values, { from: 0, to: periods }, held.values, 0);
  const [from, to] = span;
  return dayBlocksOf(held, Math.max(from, held.firstPeriod)).filter(
    block => Number(block.block_start) < to,
  );
}

/** How a read asks for a column of bytes, and what it makes of the answer. */
interface BytesAsSent {
  /** The expression that selects `column`. */
  select(column: string): string;
  read(value: Uint8Array | string): Uint8Array;
}

/**
 * PostgreSQL's text protocol sends bytes in hex, two characters a byte, unless asked for
 * base64 (four characters for three): the blocks a refresh reads are most of what it gets
 * from the server, so they come in base64, a third less to send, receive and decode. An
 * SQLite file's driver hands over the bytes themselves.
 */
function bytesAsSentBy(db: Knex): BytesAsSent {
  return db.client.dialect === 'postgresql'
    ? {
        select: column => `encode(${column}, 'base64')`,
        read: value =>
          typeof value === 'string' ? Buffer.from(value, 'base64') : value,
      }
    : { select: column => column, read: value => value as Uint8Array };
}

/** Where the values of the series read go: new buffers, or a pool's. */
type SeriesBuffers = Pick<SeriesBufferPool, 'valuesWithRoom'>;

/** How a series' row says the store holds it. */
function storedSeriesRowOf(
  row: Pick<SeriesRow, 'first_period' | 'period_count' | 'newest_block_start'>,
): StoredSeriesRow {
  return {
    firstPeriod: Number(row.first_period),
    periodCount: Number(row.period_count),
    newestBlockStart:
      row.newest_block_start === null ? null : Number(row.newest_block_start),
  };
}

/**
 * Copies the periods of a stored block that the series' values hold into them.
 *
 * @returns how many periods it copied
 */
function copyBlock(series: StoredSeries, block: BlockRow): number {
  const offset =
    (Number(block.block_start) - series.firstPeriod) /
    (series.periodSeconds * 1000);
  const from = Math.max(0, -offset);
  const to = Math.min(
    periodCountOf(block.period_values),
    series.values.length - offset,
  );
  // Decoded only when it holds some of the periods: a read of several spans meets the
  // blocks of the others too.
  if (to <= from) {
    return 0;
  }
  decodeInto(block.period_values, { from, to }, series.values, offset + from);
  return to - from;
}

/**
 * Reads the series' values again with NaN where none of its blocks holds a period, as
 * for a series whose blocks overlap or leave gaps (none written by this store does).
 */
function fillUncovered(series: StoredSeries, blocks: BlockRow[]): void {
  series.values.fill(NaN);
  for (const block of blocks) {
    copyBlock(series, block);
  }
}

/**
 * The stored series of a row, its values not read yet: the periods `within` the span,
 * or all of them.
 */
function seriesOfRow(
  row: SeriesRow,
  within: SeriesSpan | undefined,
  buffers: SeriesBuffers,
): StoredSeries {
  const periodSeconds = periodSecondsOf(row.series_key);
  const periodMs = periodSeconds * 1000;
  const gridStart = Number(row.first_period);
  const count = Number(row.period_count);
  const indexOf = (ts: number) =>
    Math.min(count, Math.max(0, Math.ceil((ts - gridStart) / periodMs)));
  const [first, last] = within
    ? [indexOf(within[0]), indexOf(within[1])]
    : [0, count];
  return {
    key: row.series_key,
    firstPeriod: gridStart + first * periodMs,
    periodSeconds,
    values: buffers.valuesWithRoom(Math.max(0, last - first), periodSeconds),
    fetchedUntil: Number(row.fetched_until),
    ...(first > 0 ? { gridStart } : {}),
    asRead: storedSeriesRowOf(row),
  };
}

/**
 * The series of the rows within a span (or whole), their values from the blocks. Periods
 * no block holds are NaN; the blocks of a series written whole hold them all, so the
 * periods read are filled once, by the blocks, not first with NaN too.
 */
function readRowsWithin(
  rows: SeriesRow[],
  blocks: BlockRow[],
  span: SeriesSpan | undefined,
  buffers: SeriesBuffers,
): StoredSeries[] {
  const found = new Map<string, StoredSeries>();
  const covered = new Map<string, number>();
  for (const row of rows) {
    const series = seriesOfRow(row, span, buffers);
    found.set(series.key, series);
    covered.set(series.key, 0);
  }
  for (const block of blocks) {
    const series = found.get(block.series_key)!;
    covered.set(
      series.key,
      covered.get(series.key)! + copyBlock(series, block),
    );
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
  return [...found.values()];
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
  readonly #bytesAsSent: BytesAsSent;

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
    this.#bytesAsSent = bytesAsSentBy(db);
  }

  /**
   * Whether the database works on a read or a write while the backend's thread goes on,
   * so that a refresh gains by reading ahead: not an SQLite file, whose driver runs every
   * statement on that thread.
   */
  get worksBesideTheBackend(): boolean {
    return !runsOnTheBackendsThread(this.#db);
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

  /**
   * Each entity's status in the last snapshot, by entity ref: what a refresh compares its
   * own with, read without the snapshots themselves.
   */
  async readStatuses(): Promise<Map<string, FleetStatus>> {
    const rows = await this.#db<{ entity_ref: string; status: string | null }>(
      ENTITIES_TABLE,
    ).select('entity_ref', 'status');
    const statuses = new Map<string, FleetStatus>();
    const unrecorded: string[] = [];
    for (const row of rows) {
      if (row.status === null) {
        unrecorded.push(row.entity_ref);
      } else {
        statuses.set(row.entity_ref, row.status as FleetStatus);
      }
    }
    // Rows written before their status was recorded: worked out from their snapshots.
    for (let i = 0; i < unrecorded.length; i += KEYS_PER_READ) {
      const snapshots = await this.#db<{ snapshot: string }>(ENTITIES_TABLE)
        .whereIn('entity_ref', unrecorded.slice(i, i + KEYS_PER_READ))
        .select('snapshot');
      for (const { snapshot } of snapshots) {
        const entity: FleetEntitySnapshot = JSON.parse(snapshot);
        statuses.set(entity.entityRef, entityFleetStatus(entity));
      }
    }
    return statuses;
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
            status: entityFleetStatus(entity),
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

  /**
   * The stored series of the given keys; a key never stored is absent. `within` a span,
   * a series' values hold only its periods that start in it (`firstPeriod` the first of
   * them, `gridStart` where the series starts), and only the blocks of those days are
   * read. With `buffers`, the values are in buffers of that pool, to be read only until
   * it takes them back.
   */
  async readSeries(
    keys: string[],
    options?: { within?: SeriesSpan; buffers?: SeriesBufferPool },
  ): Promise<Map<string, StoredSeries>> {
    const [found] = await this.#readSeriesIn(
      keys,
      [options?.within],
      options?.buffers,
    );
    return found;
  }

  /**
   * The stored series of the given keys within each span, as `readSeries` reads them
   * within one, from one read of the series and of the blocks of the spans' days.
   *
   * @returns per span, the series' periods in it
   */
  async readSeriesSpans(
    keys: string[],
    spans: SeriesSpan[],
    options?: { buffers?: SeriesBufferPool },
  ): Promise<Array<Map<string, StoredSeries>>> {
    return this.#readSeriesIn(keys, spans, options?.buffers);
  }

  /** Reads the series within each span; an undefined span for the whole series. */
  async #readSeriesIn(
    keys: string[],
    spans: Array<SeriesSpan | undefined>,
    buffers: SeriesBuffers = { valuesWithRoom },
  ): Promise<Array<Map<string, StoredSeries>>> {
    const found = spans.map(() => new Map<string, StoredSeries>());
    const whole = spans.some(span => span === undefined);
    // A block lies within its day: it overlaps a span when it starts before the span's
    // end, on or after the start of the span's first day. The row's block reaches to the
    // series' end, over more than a day when the row holds the series whole: it overlaps
    // a span when it starts before the span's end.
    const overlapping = spans.flatMap(span =>
      span ? [{ from: dayStartOf(span[0]), to: span[1] }] : [],
    );
    const newestOverlaps = 'newest_block_start < ?';
    const daysRead = whole
      ? WHOLE_SERIES_DAYS
      : overlapping.reduce(
          (days, { from, to }) => days + Math.ceil((to - from) / DAY_MS),
          0,
        );
    const seriesPerRead = Math.max(
      1,
      Math.min(KEYS_PER_READ, Math.floor(BLOCK_DAYS_PER_READ / daysRead)),
    );
    const bytes = this.#bytesAsSent;
    for (let i = 0; i < keys.length; i += seriesPerRead) {
      const part = keys.slice(i, i + seriesPerRead);
      const rows: SeriesRow[] = await this.#db<SeriesRow>(SERIES_TABLE)
        .whereIn('series_key', part)
        .select(
          'series_key',
          'first_period',
          'period_count',
          'fetched_until',
          'newest_block_start',
          this.#db.raw(
            whole
              ? `${bytes.select('newest_values')} AS newest_values`
              : `CASE WHEN ${newestOverlaps} THEN ${bytes.select(
                  'newest_values',
                )} END AS newest_values`,
            whole ? [] : [Math.max(...overlapping.map(({ to }) => to))],
          ),
        );
      if (rows.length === 0) {
        continue;
      }
      const blocks: BlockRow[] = await this.#db<BlockRow>(BLOCKS_TABLE)
        .whereIn('series_key', part)
        .select(
          'series_key',
          'block_start',
          this.#db.raw(`${bytes.select('period_values')} AS period_values`),
        )
        .modify(query => {
          if (!whole) {
            query.andWhere(anySpan => {
              for (const { from, to } of overlapping) {
                anySpan.orWhere(span =>
                  span
                    .where('block_start', '>=', from)
                    .andWhere('block_start', '<', to),
                );
              }
            });
          }
        });
      for (const block of blocks) {
        block.period_values = bytes.read(block.period_values);
      }
      for (const row of rows) {
        if (row.newest_values) {
          row.newest_values = bytes.read(row.newest_values);
          blocks.push({
            series_key: row.series_key,
            block_start: row.newest_block_start!,
            period_values: row.newest_values,
          });
        }
      }
      spans.forEach((span, s) =>
        readRowsWithin(rows, blocks, span, buffers).forEach(series =>
          found[s].set(series.key, series),
        ),
      );
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
   * Stores series, replacing those of the same keys: the blocks of the days from
   * `changedFrom`'s on, deleting those of days before the first period, when the stored
   * series holds the others; else every block anew. The newest day's block goes into the
   * series' row; the one it held before, when not rewritten, into the blocks. A series
   * written whole with few datapoints goes into its row whole (see
   * {@link WHOLE_IN_ROW_DATAPOINTS}); once it has more, into blocks again.
   */
  async writeSeries(series: StoredSeries[]): Promise<void> {
    await this.#db.transaction(async tx => {
      for (let i = 0; i < series.length; i += ROWS_PER_INSERT) {
        const part = series.slice(i, i + ROWS_PER_INSERT);
        const stored = await this.#storedRowsOf(tx, part);
        const blocks: BlockRow[] = [];
        const rows: Array<
          Omit<SeriesRow, 'newest_block_start' | 'newest_values'>
        > = [];
        const rowsWithNewest: SeriesRow[] = [];
        const rewritten: string[] = [];
        // Keys whose stored newest block is of an earlier day than the new one and is
        // not rewritten: it moves into the blocks.
        const superseded: string[] = [];
        // Keys by the start of their first day: their blocks before it are deleted.
        const trimmed = new Map<number, string[]>();
        // Keys whose row holds them whole, written from a day on: the days before it go
        // from the row into the blocks.
        const unfolded = new Map<string, SeriesSpan>();
        for (const s of part) {
          const storedRow = stored.get(s.key);
          const row = {
            series_key: s.key,
            first_period: s.gridStart ?? s.firstPeriod,
            period_count:
              (seriesEnd(s) - (s.gridStart ?? s.firstPeriod)) /
              (s.periodSeconds * 1000),
            fetched_until: s.fetchedUntil,
          };
          const whole = encodedWholeInRow(s);
          if (whole) {
            if (mayHaveBlocks(storedRow)) {
              rewritten.push(s.key);
            }
            rowsWithNewest.push({
              ...row,
              newest_block_start: s.firstPeriod,
              newest_values: whole,
            });
            continue;
          }
          let from = rewriteFrom(s, storedRow);
          if (
            from !== undefined &&
            rowHoldsEarlierDays(storedRow!, s.periodSeconds)
          ) {
            if (s.gridStart === undefined) {
              from = undefined;
            } else {
              unfolded.set(s.key, [dayStartOf(s.gridStart), from]);
            }
          }
          const written = dayBlocksOf(s, from ?? s.firstPeriod);
          if (from === undefined) {
            if (mayHaveBlocks(storedRow)) {
              rewritten.push(s.key);
            }
          } else {
            // Written from a day on: the series is stored (see `rewriteFrom`).
            const { firstPeriod, newestBlockStart } = storedRow!;
            // Its blocks start on the stored first period's day or later: none to
            // delete until the window's start moves past that day.
            const firstDay = dayStartOf(s.gridStart ?? s.firstPeriod);
            if (dayStartOf(firstPeriod) < firstDay) {
              const keys = trimmed.get(firstDay) ?? [];
              keys.push(s.key);
              trimmed.set(firstDay, keys);
            }
            if (
              written.length > 0 &&
              newestBlockStart !== null &&
              newestBlockStart < from &&
              !unfolded.has(s.key)
            ) {
              superseded.push(s.key);
            }
          }
          const newest = written.pop();
          if (newest || from === undefined) {
            rowsWithNewest.push({
              ...row,
              newest_block_start: newest?.block_start ?? null,
              newest_values: newest?.period_values ?? null,
            });
          } else {
            // None of its days changed: its newest block stays as stored.
            rows.push(row);
          }
          blocks.push(...written);
        }
        if (unfolded.size > 0) {
          const held = await tx<SeriesRow>(SERIES_TABLE)
            .whereIn('series_key', [...unfolded.keys()])
            .select('series_key', 'newest_block_start', 'newest_values');
          for (const row of held) {
            blocks.push(...dayBlocksOfRow(row, unfolded.get(row.series_key)!));
          }
        }
        if (superseded.length > 0) {
          await tx.raw(
            `INSERT INTO ?? (series_key, block_start, period_values) SELECT series_key, newest_block_start, newest_values FROM ?? WHERE series_key IN (${superseded
              .map(() => '?')
              .join(', ')})`,
            [BLOCKS_TABLE, SERIES_TABLE, ...superseded],
          );
        }
        if (rewritten.length > 0) {
          await tx(BLOCKS_TABLE).whereIn('series_key', rewritten).delete();
        }
        for (const [firstDay, keys] of trimmed) {
          await tx(BLOCKS_TABLE)
            .whereIn('series_key', keys)
            .where('block_start', '<', firstDay)
            .delete();
        }
        if (rowsWithNewest.length > 0) {
          await tx<SeriesRow>(SERIES_TABLE)
            .insert(rowsWithNewest)
            .onConflict('series_key')
            .merge();
        }
        if (rows.length > 0) {
          await tx<SeriesRow>(SERIES_TABLE)
            .insert(rows)
            .onConflict('series_key')
            .merge(['first_period', 'period_count', 'fetched_until']);
        }
        for (let j = 0; j < blocks.length; j += ROWS_PER_INSERT) {
          await tx<BlockRow>(BLOCKS_TABLE)
            .insert(blocks.slice(j, j + ROWS_PER_INSERT))
            .onConflict(['series_key', 'block_start'])
            .merge();
        }
      }
    });
  }

  /** How the store holds the series, as they were read or else looked up. */
  async #storedRowsOf(
    tx: Knex,
    series: StoredSeries[],
  ): Promise<Map<string, StoredSeriesRow>> {
    const stored = new Map<string, StoredSeriesRow>();
    const unread: string[] = [];
    for (const s of series) {
      if (s.asRead) {
        stored.set(s.key, s.asRead);
      } else {
        unread.push(s.key);
      }
    }
    if (unread.length > 0) {
      const rows = await tx<SeriesRow>(SERIES_TABLE)
        .whereIn('series_key', unread)
        .select(
          'series_key',
          'first_period',
          'period_count',
          'newest_block_start',
        );
      for (const row of rows) {
        stored.set(row.series_key, storedSeriesRowOf(row));
      }
    }
    return stored;
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

  /** The stored settled days of the given functions; a function never stored is absent. */
  async readSettledDays(
    functionKeys: string[],
  ): Promise<Map<string, StoredSettledDays>> {
    const found = new Map<string, StoredSettledDays>();
    for (let i = 0; i < functionKeys.length; i += KEYS_PER_READ) {
      const rows = await this.#db<SettledDaysRow>(SETTLED_DAYS_TABLE).whereIn(
        'function_key',
        functionKeys.slice(i, i + KEYS_PER_READ),
      );
      for (const row of rows) {
        found.set(row.function_key, {
          key: row.function_key,
          fingerprint: row.fingerprint,
          days: JSON.parse(row.days),
        });
      }
    }
    return found;
  }

  /** Stores functions' settled days, replacing those of the same functions. */
  async writeSettledDays(rows: StoredSettledDays[]): Promise<void> {
    await this.#db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await tx<SettledDaysRow>(SETTLED_DAYS_TABLE)
          .insert(
            rows.slice(i, i + ROWS_PER_INSERT).map(row => ({
              function_key: row.key,
              fingerprint: row.fingerprint,
              days: JSON.stringify(row.days),
            })),
          )
          .onConflict('function_key')
          .merge();
      }
    });
  }

  /**
   * Deletes the settled days of functions no longer in the catalog.
   *
   * @param keep - the function keys the last refresh used
   * @returns how many were deleted
   */
  async pruneSettledDays(keep: ReadonlySet<string>): Promise<number> {
    const stored = await this.#db<SettledDaysRow>(SETTLED_DAYS_TABLE).pluck(
      'function_key',
    );
    const gone = stored.filter(key => !keep.has(key));
    for (let i = 0; i < gone.length; i += KEYS_PER_READ) {
      await this.#db(SETTLED_DAYS_TABLE)
        .whereIn('function_key', gone.slice(i, i + KEYS_PER_READ))
        .delete();
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
