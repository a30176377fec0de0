import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { FleetEntitySnapshot } from '@lambda-ops/backstage-plugin-common';
import { migratedDatabaseClient } from '../databaseClient';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const STATE_TABLE = 'lambda_ops_fleet_state';
const ENTITIES_TABLE = 'lambda_ops_fleet_entities';
const SERIES_TABLE = 'lambda_ops_fleet_series';
const STATE_ID = 1;

/** Rows a statement writes at a time: SQLite binds at most 999 parameters a statement. */
const ROWS_PER_INSERT = 200;
/** Keys a `whereIn` reads at a time, for the same reason. */
const KEYS_PER_READ = 500;

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
  fetched_until: number | string;
  period_values: Uint8Array;
}

const MACHINE_IS_LITTLE_ENDIAN =
  new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Series values as stored: one little-endian float64 per period, NaN where CloudWatch had
 * no datapoint; on a little-endian machine (any Backstage runs on, in practice) a copy of
 * the typed array's bytes.
 */
function encodeValues(values: Float64Array): Buffer {
  if (MACHINE_IS_LITTLE_ENDIAN) {
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  }
  const buffer = Buffer.allocUnsafe(values.length * 8);
  values.forEach((value, i) => buffer.writeDoubleLE(value, i * 8));
  return buffer;
}

function decodeValues(bytes: Uint8Array): Float64Array {
  if (MACHINE_IS_LITTLE_ENDIAN && bytes.byteOffset % 8 === 0) {
    // A view of the driver's buffer, not a copy: a refresh reads a month of periods for
    // every series, and copying them was a good part of its time.
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
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
    return {
      snapshotAt: state?.snapshot_at ?? null,
      stale: Boolean(state?.stale),
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
    for (let i = 0; i < keys.length; i += KEYS_PER_READ) {
      const rows = await this.#db<SeriesRow>(SERIES_TABLE).whereIn(
        'series_key',
        keys.slice(i, i + KEYS_PER_READ),
      );
      for (const row of rows) {
        found.set(row.series_key, {
          key: row.series_key,
          firstPeriod: Number(row.first_period),
          periodSeconds: periodSecondsOf(row.series_key),
          values: decodeValues(row.period_values),
          fetchedUntil: Number(row.fetched_until),
        });
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

  /** Stores series, replacing those of the same keys. */
  async writeSeries(series: StoredSeries[]): Promise<void> {
    for (let i = 0; i < series.length; i += ROWS_PER_INSERT) {
      await this.#db<SeriesRow>(SERIES_TABLE)
        .insert(
          series.slice(i, i + ROWS_PER_INSERT).map(s => ({
            series_key: s.key,
            first_period: s.firstPeriod,
            fetched_until: s.fetchedUntil,
            period_values: encodeValues(s.values),
          })),
        )
        .onConflict('series_key')
        .merge();
    }
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
      await this.#db(SERIES_TABLE)
        .whereIn('series_key', gone.slice(i, i + KEYS_PER_READ))
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
