import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { PageIncident } from '@lambda-ops/backstage-plugin-common';
import { chunk } from '../chunk';
import { Knex, migratedDatabaseClient } from '../databaseClient';

const TABLE = 'lambda_ops_page_incidents';
/** Rows a statement writes at a time: SQLite binds at most 999 parameters a statement. */
const ROWS_PER_INSERT = 150;
/** Keys a `whereIn` names at a time, for the same reason. */
const KEYS_PER_READ = 500;

interface IncidentRow {
  entity_ref: string;
  alarm_arn: string;
  started_at: string;
  alarm_name: string;
  runbook_url: string | null;
  ended_at: string | null;
}

function incidentOf(row: IncidentRow): PageIncident {
  return {
    entityRef: row.entity_ref,
    alarmArn: row.alarm_arn,
    alarmName: row.alarm_name,
    runbookUrl: row.runbook_url,
    start: row.started_at,
    end: row.ended_at,
  };
}

/**
 * The page incidents of every entity, in the plugin's database: one row per entity,
 * alarm and start. Writes are idempotent, so two replicas, or a refresh repeated after a
 * restart, record each incident once and end it once.
 *
 * @public
 */
export class PageIncidentStore {
  readonly #db: Knex;

  /** Opens the store on the plugin's database, bringing its tables up to date first. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<PageIncidentStore> {
    return new PageIncidentStore(
      await migratedDatabaseClient(options.database),
    );
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** The incidents without an end, of every entity. */
  async readOpen(): Promise<PageIncident[]> {
    const rows = await this.#db<IncidentRow>(TABLE)
      .whereNull('ended_at')
      .orderBy(['entity_ref', 'started_at']);
    return rows.map(incidentOf);
  }

  /** Records incidents that began; one already recorded keeps its row as it is. */
  async start(incidents: readonly PageIncident[]): Promise<void> {
    for (const some of chunk(incidents, ROWS_PER_INSERT)) {
      await this.#db<IncidentRow>(TABLE)
        .insert(
          some.map(incident => ({
            entity_ref: incident.entityRef,
            alarm_arn: incident.alarmArn,
            started_at: incident.start,
            alarm_name: incident.alarmName,
            runbook_url: incident.runbookUrl,
            ended_at: incident.end,
          })),
        )
        .onConflict(['entity_ref', 'alarm_arn', 'started_at'])
        .ignore();
    }
  }

  /** Records when an incident ended; an incident already ended keeps its first end. */
  async end(incident: PageIncident, end: string): Promise<void> {
    await this.#db<IncidentRow>(TABLE)
      .where({
        entity_ref: incident.entityRef,
        alarm_arn: incident.alarmArn,
        started_at: incident.start,
      })
      .whereNull('ended_at')
      .update({ ended_at: end });
  }

  /** The incidents of the entities that overlapped `[since, until)`, oldest first. */
  async readOverlapping(
    entityRefs: readonly string[],
    since: Date,
    until: Date,
  ): Promise<PageIncident[]> {
    const incidents: PageIncident[] = [];
    for (const some of chunk(entityRefs, KEYS_PER_READ)) {
      const rows = await this.#db<IncidentRow>(TABLE)
        .whereIn('entity_ref', some)
        .where('started_at', '<', until.toISOString())
        .where(query =>
          query
            .whereNull('ended_at')
            .orWhere('ended_at', '>', since.toISOString()),
        )
        .orderBy(['started_at', 'entity_ref', 'alarm_arn']);
      incidents.push(...rows.map(incidentOf));
    }
    return incidents;
  }

  /** Forgets the incidents that ended before `before`: the review shows none of them. */
  async deleteEndedBefore(before: Date): Promise<void> {
    await this.#db(TABLE).where('ended_at', '<', before.toISOString()).delete();
  }
}

/** @public */
export const pageIncidentStoreServiceRef = createServiceRef<PageIncidentStore>({
  id: 'lambda-ops.page-incidents',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { database: coreServices.database },
      factory: ({ database }) => PageIncidentStore.create({ database }),
    }),
});
