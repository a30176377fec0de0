import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { SloMonthRecord } from '@lambda-ops/backstage-plugin-common';
import { Knex, migratedDatabaseClient } from '../databaseClient';

const TABLE = 'lambda_ops_slo_attainment';
/** Rows a statement writes at a time: SQLite binds at most 999 parameters a statement. */
const ROWS_PER_INSERT = 90;
/** Keys a `whereIn` reads at a time, for the same reason. */
const KEYS_PER_READ = 500;

interface AttainmentRow {
  entity_ref: string;
  slo_id: string;
  month: string;
  objective: string;
  target: number;
  budget_kind: string;
  attainment: number | null;
  budget_consumed: number | null;
  recorded_at: string;
}

/**
 * Keeps each SLO's figures per completed calendar month, the SLO review's data: one row
 * per entity, SLO and month, replaced when the month is computed again.
 *
 * @public
 */
export class SloAttainmentStore {
  readonly #db: Knex;

  /** Opens the store on the plugin's database, bringing its tables up to date first. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<SloAttainmentStore> {
    return new SloAttainmentStore(
      await migratedDatabaseClient(options.database),
    );
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /**
   * Stores months, replacing those of the same entity, SLO and month.
   *
   * @param recordedAt - when they were computed
   */
  async upsert(
    records: readonly SloMonthRecord[],
    recordedAt: Date,
  ): Promise<void> {
    for (let i = 0; i < records.length; i += ROWS_PER_INSERT) {
      await this.#db<AttainmentRow>(TABLE)
        .insert(
          records.slice(i, i + ROWS_PER_INSERT).map(record => ({
            entity_ref: record.entityRef,
            slo_id: record.sloId,
            month: record.month,
            objective: record.objective,
            target: record.target,
            budget_kind: record.budgetKind,
            attainment: record.attainment,
            budget_consumed: record.budgetConsumed,
            recorded_at: recordedAt.toISOString(),
          })),
        )
        .onConflict(['entity_ref', 'slo_id', 'month'])
        .merge();
    }
  }

  /** The months kept of the given entities, among the given months. */
  async read(
    entityRefs: readonly string[],
    months: readonly string[],
  ): Promise<SloMonthRecord[]> {
    const records: SloMonthRecord[] = [];
    for (let i = 0; i < entityRefs.length; i += KEYS_PER_READ) {
      const rows = await this.#db<AttainmentRow>(TABLE)
        .whereIn('entity_ref', entityRefs.slice(i, i + KEYS_PER_READ))
        .whereIn('month', [...months])
        .orderBy(['entity_ref', 'slo_id', 'month']);
      for (const row of rows) {
        records.push({
          entityRef: row.entity_ref,
          sloId: row.slo_id,
          month: row.month,
          objective: row.objective as SloMonthRecord['objective'],
          target: Number(row.target),
          budgetKind: row.budget_kind as SloMonthRecord['budgetKind'],
          attainment: row.attainment === null ? null : Number(row.attainment),
          budgetConsumed:
            row.budget_consumed === null ? null : Number(row.budget_consumed),
        });
      }
    }
    return records;
  }

  /** Which of the months are kept for each entity: `<entityRef>\n<month>` keys. */
  async recordedMonths(months: readonly string[]): Promise<Set<string>> {
    const rows = await this.#db<AttainmentRow>(TABLE)
      .distinct('entity_ref', 'month')
      .whereIn('month', [...months]);
    return new Set(rows.map(row => `${row.entity_ref}\n${row.month}`));
  }
}

/** @public */
export const sloAttainmentStoreServiceRef =
  createServiceRef<SloAttainmentStore>({
    id: 'lambda-ops.slo-attainment',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { database: coreServices.database },
        factory: ({ database }) => SloAttainmentStore.create({ database }),
      }),
  });
