import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { chunk } from '../chunk';
import { Knex, migratedDatabaseClient } from '../databaseClient';

const TABLE = 'lambda_ops_owner_conditions';
/** Keys a `whereIn` names at a time: SQLite binds at most 999 parameters a statement. */
const KEYS_PER_STATEMENT = 500;

interface ConditionRow {
  entity_ref: string;
  condition_key: string;
  began_at: string;
}

/**
 * The conditions of each entity that its owner has been told about, in the plugin's
 * database. Claiming a condition is an insert that only one writer wins, so of two
 * replicas, or a refresh repeated after a restart, exactly one announces it.
 *
 * @public
 */
export class OwnerConditionStore {
  readonly #db: Knex;

  /** Opens the store on the plugin's database, bringing its tables up to date first. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<OwnerConditionStore> {
    return new OwnerConditionStore(
      await migratedDatabaseClient(options.database),
    );
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** The stored condition keys of every entity. */
  async readAll(): Promise<Map<string, string[]>> {
    const rows = await this.#db<ConditionRow>(TABLE)
      .select('entity_ref', 'condition_key')
      .orderBy(['entity_ref', 'condition_key']);
    const byEntity = new Map<string, string[]>();
    for (const row of rows) {
      if (!byEntity.get(row.entity_ref)?.push(row.condition_key)) {
        byEntity.set(row.entity_ref, [row.condition_key]);
      }
    }
    return byEntity;
  }

  /**
   * Stores conditions that began.
   *
   * @returns the keys this call stored; a key another writer stored first is left out
   */
  async claim(
    entityRef: string,
    keys: readonly string[],
    beganAt: Date,
  ): Promise<string[]> {
    const claimed: string[] = [];
    for (const key of keys) {
      const inserted = await this.#db<ConditionRow>(TABLE)
        .insert({
          entity_ref: entityRef,
          condition_key: key,
          began_at: beganAt.toISOString(),
        })
        .onConflict(['entity_ref', 'condition_key'])
        .ignore()
        .returning('condition_key');
      if (inserted.length > 0) {
        claimed.push(key);
      }
    }
    return claimed;
  }

  /** Forgets conditions that ended, or whose notification could not be sent. */
  async release(entityRef: string, keys: readonly string[]): Promise<void> {
    for (const some of chunk(keys, KEYS_PER_STATEMENT)) {
      await this.#db(TABLE)
        .where('entity_ref', entityRef)
        .whereIn('condition_key', some)
        .delete();
    }
  }

  /** Forgets the conditions of entities no longer in the fleet. */
  async releaseAllBut(entityRefs: ReadonlySet<string>): Promise<void> {
    const stored = await this.#db<ConditionRow>(TABLE)
      .distinct('entity_ref')
      .pluck('entity_ref');
    const gone = stored.filter(ref => !entityRefs.has(ref));
    for (const some of chunk(gone, KEYS_PER_STATEMENT)) {
      await this.#db(TABLE).whereIn('entity_ref', some).delete();
    }
  }
}

/** @public */
export const ownerConditionStoreServiceRef =
  createServiceRef<OwnerConditionStore>({
    id: 'lambda-ops.owner-conditions',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { database: coreServices.database },
        factory: ({ database }) => OwnerConditionStore.create({ database }),
      }),
  });
