import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  buildCoverage,
  buildOnCallRows,
  countOnCallStatuses,
  COVERAGE_CHECKS,
  CoverageEntity,
  CoverageResponse,
  coverageTotal,
  FleetEntitySnapshot,
  OnCallResponse,
  OnCallRow,
  summarizeCoverageByOwner,
} from '@lambda-ops/backstage-plugin-common';
import {
  FleetSnapshot,
  FleetSnapshotSource,
  fleetSnapshotSourceServiceRef,
} from './FleetSnapshotSource';

/** The form an owner ref takes, as messages show it. */
const OWNER_REF_EXAMPLE = 'group:default/payments';

/** Only these fields are asked of the catalog: whether an entity comes back is the answer. */
const PRESENCE_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/**
 * What a fleet view was asked for.
 *
 * @public
 */
export interface FleetViewQuery {
  /** Owner refs; none means the caller's own (a service principal's: the whole fleet). */
  owner?: string[];
}

/** The entities of a view, and why there are none when there are none. */
interface Selection {
  snapshot: FleetSnapshot;
  owners: string[];
  entityRefs: ReadonlySet<string>;
  /** Every entity of the owners asked for (or of the fleet) is readable by the caller. */
  complete: boolean;
  emptyReason: string | null;
}

/** The owners' summary and the total of a scorecard. */
type CoverageSummary = Pick<CoverageResponse, 'owners' | 'total'>;

/** The scorecard's lines in order, each with its JSON, serialized once per snapshot. */
interface CoverageLines {
  entities: CoverageEntity[];
  json: string[];
  /** Summaries of complete selections, by the owners asked for ('' for the whole fleet). */
  summaries: Map<string, CoverageSummary>;
}

/**
 * What every request on one snapshot shares: its entities by owner, and its on-call rows
 * and scorecard lines already in order, so that a request only picks its own.
 */
interface SnapshotViews {
  byOwner: Map<string, FleetEntitySnapshot[]>;
  onCallRows?: OnCallRow[];
  coverage?: CoverageLines;
}

/** Why the snapshot is stale, as the views say it; null when it is not. */
const staleReasonOf = (
  snapshot: Pick<FleetSnapshot, 'stale' | 'staleReason'>,
): string | null => (snapshot.stale ? snapshot.staleReason ?? null : null);

/** Owner refs compare without case, as the catalog treats them. */
const ownerKey = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Parses the owner refs a caller asked for: full refs (`group:default/payments`); a
 * malformed one is a 400 naming it and the form expected.
 */
export function parseOwnerRefs(refs: readonly string[]): string[] {
  return refs.map(ref => {
    try {
      const parsed = parseEntityRef(ref);
      if (ref.split(':').length === 2 && ref.includes('/')) {
        return ownerKey(`${parsed.kind}:${parsed.namespace}/${parsed.name}`);
      }
    } catch {
      // Reported below with the expected form.
    }
    throw new InputError(
      `Invalid owner "${ref}": expected a full entity ref kind:namespace/name, e.g. ${OWNER_REF_EXAMPLE}`,
    );
  });
}

/** Owners as a sentence's subject: "x owns", "x, y own". */
function ownersOwn(refs: readonly string[]): string {
  return `${joinRefs(refs)} ${refs.length === 1 ? 'owns' : 'own'}`;
}

function joinRefs(refs: readonly string[]): string {
  return refs.length <= 3
    ? refs.join(', ')
    : `${refs.slice(0, 3).join(', ')} and ${refs.length - 3} more`;
}

/**
 * The on-call view and the coverage scorecard, from the collector's snapshot: the
 * entities of the owners asked for (the caller's own by default), limited to those the
 * caller may read. Nothing here calls AWS.
 *
 * @public
 */
export class FleetViewsService {
  readonly #source: FleetSnapshotSource;
  readonly #catalog: CatalogService;
  readonly #userInfo: UserInfoService;
  readonly #auth: AuthService;
  /**
   * The views of the last snapshot read, kept until a refresh replaces it: a snapshot of
   * the whole fleet takes longer to read and parse than a request may.
   */
  #current?: { snapshot: FleetSnapshot; views: SnapshotViews };

  constructor(options: {
    source: FleetSnapshotSource;
    catalog: CatalogService;
    userInfo: UserInfoService;
    auth: AuthService;
  }) {
    this.#source = options.source;
    this.#catalog = options.catalog;
    this.#userInfo = options.userInfo;
    this.#auth = options.auth;
  }

  async getOnCall(
    query: FleetViewQuery,
    credentials: BackstageCredentials,
  ): Promise<OnCallResponse> {
    const { snapshot, owners, entityRefs, emptyReason } = await this.#select(
      query,
      credentials,
    );
    const views = this.#viewsOf(snapshot);
    views.onCallRows ??= buildOnCallRows(snapshot.entities).rows;
    const rows = views.onCallRows.filter(row => entityRefs.has(row.entityRef));
    return {
      owners,
      snapshotAt: snapshot.snapshotAt,
      stale: snapshot.stale,
      staleReason: staleReasonOf(snapshot),
      emptyReason,
      rows,
      totals: countOnCallStatuses(rows),
    };
  }

  async getCoverage(
    query: FleetViewQuery,
    credentials: BackstageCredentials,
  ): Promise<CoverageResponse> {
    const { reply, lines } = await this.#coverage(query, credentials);
    return { ...reply, entities: lines.map(i => i.entity) };
  }

  /**
   * The scorecard as the JSON text of {@link FleetViewsService.getCoverage}'s reply: each
   * line is serialized once per snapshot and the lines of a request are joined, since
   * serializing a whole fleet's lines takes most of a request's time.
   */
  async getCoverageJson(
    query: FleetViewQuery,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const { reply, lines } = await this.#coverage(query, credentials);
    const head = JSON.stringify(reply);
    return `${head.slice(0, -1)},"entities":[${lines
      .map(line => line.json)
      .join(',')}]}`;
  }

  async #coverage(
    query: FleetViewQuery,
    credentials: BackstageCredentials,
  ): Promise<{
    reply: Omit<CoverageResponse, 'entities'>;
    lines: Array<{ entity: CoverageEntity; json: string }>;
  }> {
    // The scorecard is the SRE lead's view of the whole catalog: without owners it
    // covers every entity the caller may read, not only the caller's own.
    const { snapshot, owners, entityRefs, complete, emptyReason } =
      await this.#select(query, credentials, { ownByDefault: false });
    const views = this.#viewsOf(snapshot);
    if (!views.coverage) {
      const { entities } = buildCoverage(snapshot.entities);
      views.coverage = {
        entities,
        json: entities.map(entity => JSON.stringify(entity)),
        summaries: new Map(),
      };
    }
    const all = views.coverage;
    const lines = all.entities.flatMap((entity, i) =>
      entityRefs.has(entity.entityRef) ? [{ entity, json: all.json[i] }] : [],
    );
    const summarize = (): CoverageSummary => {
      const entities = lines.map(line => line.entity);
      return {
        owners: summarizeCoverageByOwner(entities),
        total: coverageTotal(entities),
      };
    };
    // A complete selection is the same for every caller who asks for it.
    const summaryKey = [...new Set(owners)].sort().join('\n');
    let summary = complete ? all.summaries.get(summaryKey) : undefined;
    if (!summary) {
      summary = summarize();
      if (complete) {
        all.summaries.set(summaryKey, summary);
      }
    }
    return {
      reply: {
        snapshotAt: snapshot.snapshotAt,
        stale: snapshot.stale,
        staleReason: staleReasonOf(snapshot),
        emptyReason,
        checks: [...COVERAGE_CHECKS],
        ...summary,
      },
      lines,
    };
  }

  /**
   * The snapshot's entities of the owners asked for (the caller's own by default) that
   * the caller may read, for views built elsewhere on the same selection.
   */
  async selectEntities(
    query: FleetViewQuery,
    credentials: BackstageCredentials,
  ): Promise<{
    owners: string[];
    entities: FleetEntitySnapshot[];
    emptyReason: string | null;
  }> {
    const { snapshot, owners, entityRefs, emptyReason } = await this.#select(
      query,
      credentials,
    );
    return {
      owners,
      entities: snapshot.entities.filter(e => entityRefs.has(e.entityRef)),
      emptyReason,
    };
  }

  async #select(
    query: FleetViewQuery,
    credentials: BackstageCredentials,
    options: { ownByDefault: boolean } = { ownByDefault: true },
  ): Promise<Selection> {
    const asked = query.owner?.length ? parseOwnerRefs(query.owner) : null;
    const owners =
      asked ??
      (options.ownByDefault ? await this.#ownOwnerRefs(credentials) : null);
    const snapshot = await this.#readSnapshot();
    const candidates = this.#entitiesOf(snapshot, owners);
    const entities = await this.#readable(candidates, credentials);
    return {
      snapshot,
      owners: owners ?? [],
      entityRefs: new Set(entities.map(entity => entity.entityRef)),
      complete: entities.length === candidates.length,
      emptyReason: entities.length
        ? null
        : await this.#whyEmpty(snapshot, asked, owners, credentials),
    };
  }

  /** A user's ownership refs (the user and their groups); null, the whole fleet, for a service. */
  async #ownOwnerRefs(
    credentials: BackstageCredentials,
  ): Promise<string[] | null> {
    if (!this.#auth.isPrincipal(credentials, 'user')) {
      return null;
    }
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      credentials,
    );
    return ownershipEntityRefs.map(ownerKey);
  }

  /**
   * The last snapshot: the one already read while the source says it is still the last
   * (only whether it is stale, and why, may have changed), else a fresh read.
   */
  async #readSnapshot(): Promise<FleetSnapshot> {
    const current = this.#current?.snapshot;
    if (current?.snapshotAt && this.#source.readSnapshotState) {
      const state = await this.#source.readSnapshotState();
      if (state.snapshotAt === current.snapshotAt) {
        return current.stale === state.stale &&
          staleReasonOf(current) === staleReasonOf(state)
          ? current
          : { ...current, stale: state.stale, staleReason: state.staleReason };
      }
    }
    return this.#source.readSnapshot();
  }

  /** What requests on this snapshot share, built on the first that reads it. */
  #viewsOf(snapshot: FleetSnapshot): SnapshotViews {
    const current = this.#current;
    if (
      current &&
      current.snapshot.snapshotAt === snapshot.snapshotAt &&
      current.snapshot.entities === snapshot.entities
    ) {
      return current.views;
    }
    const byOwner = new Map<string, FleetEntitySnapshot[]>();
    for (const entity of snapshot.entities) {
      const key = ownerKey(entity.owner);
      const owned = byOwner.get(key);
      if (owned) {
        owned.push(entity);
      } else {
        byOwner.set(key, [entity]);
      }
    }
    const views: SnapshotViews = { byOwner };
    this.#current = { snapshot, views };
    return views;
  }

  #entitiesOf(
    snapshot: FleetSnapshot,
    owners: string[] | null,
  ): FleetEntitySnapshot[] {
    if (owners === null) {
      return snapshot.entities;
    }
    const { byOwner } = this.#viewsOf(snapshot);
    return [...new Set(owners)].flatMap(owner => byOwner.get(owner) ?? []);
  }

  /** Those of the entities the caller may read, asked of the catalog in one request. */
  async #readable(
    entities: FleetEntitySnapshot[],
    credentials: BackstageCredentials,
  ): Promise<FleetEntitySnapshot[]> {
    if (entities.length === 0) {
      return entities;
    }
    const { items } = await this.#catalog.getEntitiesByRefs(
      { entityRefs: entities.map(e => e.entityRef), fields: PRESENCE_FIELDS },
      { credentials },
    );
    return entities.filter((_, index) => items[index] !== undefined);
  }

  async #whyEmpty(
    snapshot: FleetSnapshot,
    asked: string[] | null,
    owners: string[] | null,
    credentials: BackstageCredentials,
  ): Promise<string> {
    if (snapshot.snapshotAt === null) {
      return snapshot.stale
        ? `The first fleet refresh failed: ${
            staleReasonOf(snapshot) ?? 'the cause is in the backend log'
          }; the views fill in when a refresh (lambdaOps.collector.schedule) succeeds`
        : 'The fleet has not been collected yet: the views fill in when the first refresh (lambdaOps.collector.schedule) ends';
    }
    if (asked) {
      const { items } = await this.#catalog.getEntitiesByRefs(
        { entityRefs: asked, fields: PRESENCE_FIELDS },
        { credentials },
      );
      const unknown = asked.filter((_, index) => items[index] === undefined);
      if (unknown.length) {
        return `No ${joinRefs(
          unknown,
        )} in the catalog, or you may not read it: check the owner ref, e.g. ${OWNER_REF_EXAMPLE}`;
      }
      return `${ownersOwn(asked)} no Lambda-backed entity that you may read`;
    }
    if (owners && owners.every(ref => !ref.startsWith('group:'))) {
      return `${joinRefs(
        owners,
      )} belongs to no group in the catalog and owns no Lambda-backed entity: choose an owner, e.g. owner=${OWNER_REF_EXAMPLE}`;
    }
    return `${
      owners ? ownersOwn(owners) : 'The fleet has'
    } no Lambda-backed entity that you may read`;
  }
}

/** @public */
export const fleetViewsServiceRef = createServiceRef<FleetViewsService>({
  id: 'lambda-ops.fleet-views',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        source: fleetSnapshotSourceServiceRef,
        catalog: catalogServiceRef,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
      },
      factory: deps => new FleetViewsService(deps),
    }),
});
