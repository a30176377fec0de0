import {
  CloudWatchClient,
  CompositeAlarm,
  ListTagsForResourceCommand,
  MetricAlarm,
  MetricDataQuery,
  paginateDescribeAlarms,
} from '@aws-sdk/client-cloudwatch';
import {
  CacheService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  Alarm,
  alarmDefects,
  AlarmKind,
  classifyAlarmSeverity,
  compareAlarms,
  DEFAULT_SEVERITY_TAG_KEY,
  extractRunbookUrl,
  LambdaFunctionRef,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
  AwsLocation,
} from './AwsClientFactory';
import { describeAwsFailure } from './awsErrors';
import { outsidePageDeadline } from './pageDeadline';
import { resilientCache } from './resilientCache';

const LAMBDA_NAMESPACE = 'AWS/Lambda';

/**
 * The `AWS/Lambda` metrics whose single-metric alarms belong to a function (the key Lambda
 * metrics of the design).
 *
 * @public
 */
export const LAMBDA_ALARM_METRICS = [
  'Errors',
  'Throttles',
  'Duration',
  'Invocations',
  'ConcurrentExecutions',
  'AsyncEventAge',
  'AsyncEventsDropped',
  'IteratorAge',
  'DeadLetterErrors',
  'DestinationDeliveryFailures',
] as const;

/**
 * CloudWatch's control-plane calls (DescribeAlarms*, ListTagsForResource) have low
 * per-account quotas shared with everything else in the account (DescribeAlarms: 9 TPS);
 * a few calls at a time keep a fleet refresh from throttling its neighbours.
 */
const MAX_CONCURRENT_CALLS = 4;

/** DescribeAlarms returns at most 100 alarms a page (AWS limit; the default is 50). */
export const DESCRIBE_ALARMS_PAGE_SIZE = 100;

/** Metric math and composite rules are shown up to this many characters. */
const MAX_RULE_LENGTH = 160;

type FoundAlarm =
  | { type: 'metric'; alarm: MetricAlarm }
  | { type: 'composite'; alarm: CompositeAlarm };

type CacheValue = Parameters<CacheService['set']>[1];
type Tags = Array<{ key: string; value: string }>;

/**
 * Every alarm of one account and region, as one paginated DescribeAlarms listing gave
 * them. Kept in Backstage's cache, where dates become ISO strings.
 */
interface AlarmListing {
  listedAt: number;
  alarms: FoundAlarm[];
}

/** The listing with the alarms of each function name picked out, so matching is a lookup. */
interface IndexedListing {
  listedAt: number;
  composites: FoundAlarm[];
  /**
   * Alarm name or ARN → the composites whose rule refers to it, by their index in
   * `composites`: each rule is parsed once a listing, not once a function.
   */
  compositesReferring: Map<string, number[]>;
  all: FoundAlarm[];
  /** FunctionName dimension value → the metric alarms reading that function's metrics. */
  byFunction: Map<string, FoundAlarm[]>;
}

/**
 * Finds the CloudWatch alarms of a Lambda function and tells, for each, whether it is a
 * Page or a Ticket and where its runbook is.
 *
 * @public
 */
export class AlarmsService {
  readonly #clients: AwsClientFactory;
  readonly #severityTagKey: string;
  readonly #cache: CacheService | undefined;
  readonly #listingTtlMs: number;
  readonly #tagsTtlMs: number;
  /** Listings being fetched, so that concurrent callers share one. */
  readonly #listingsInFlight = new Map<string, Promise<AlarmListing>>();
  /** The last listing of each location, indexed. */
  readonly #indexed = new Map<string, IndexedListing>();

  constructor(options: {
    clients: AwsClientFactory;
    severityTagKey?: string;
    /** Where listings and tags are kept between calls; without it each call lists afresh. */
    cache?: CacheService;
    listingTtlMs?: number;
    /** The least time an alarm's tags are kept; the listing TTL unless set. */
    tagsTtlMs?: number;
  }) {
    this.#clients = options.clients;
    this.#severityTagKey = options.severityTagKey ?? DEFAULT_SEVERITY_TAG_KEY;
    this.#cache = options.cache;
    this.#listingTtlMs = options.listingTtlMs ?? 0;
    this.#tagsTtlMs = options.tagsTtlMs ?? this.#listingTtlMs;
  }

  /**
   * The function's alarms, firing pages first, then firing tickets, then firing
   * unclassified alarms, then the rest by name. Alarms are listed once per account and
   * region (DescribeAlarms, both types, paginated; cached for the listing TTL) and matched
   * here. An alarm is the function's when it is:
   *
   * - a single-metric alarm on one of {@link LAMBDA_ALARM_METRICS} with the dimension
   *   `FunctionName=<fn>`, or with the qualifier also `FunctionName=<fn>, Resource=<fn>:<qualifier>`;
   * - a metric-math alarm one of whose metrics has the dimension `FunctionName=<fn>`;
   * - a composite alarm whose rule names (or gives the ARN of) an alarm found so far;
   * - an alarm whose name starts with `alarmPrefix`, when one is given.
   *
   * `runbookProblem` is always null here: it needs the entity's runbook, which the caller
   * reads (`runbookSectionProblem` in lambda-ops-common).
   *
   * @param fn - the function; its account and region say where to ask
   * @param options - `alarmPrefix`: the `lambda-ops/alarm-prefix` annotation, or null;
   *   `fromRefreshedListing`: match against the listing {@link AlarmsService.refreshListing}
   *   last made for the function's account and region, however old, as a fleet refresh
   *   does: it lists once at its start, and a refresh of a large fleet may outlast the TTL
   * @throws ServiceUnavailableError when CloudWatch cannot be read
   */
  async getAlarms(
    fn: LambdaFunctionRef,
    options: { alarmPrefix: string | null; fromRefreshedListing?: boolean },
  ): Promise<Alarm[]> {
    try {
      const client = await this.#clients.cloudWatch(fn);
      const listing = await this.#listing(
        fn,
        client,
        options.fromRefreshedListing ? 'refreshed' : 'cached',
      );
      const found = selectAlarms(fn, listing, options.alarmPrefix);
      const tags = await mapWithLimit(
        found,
        MAX_CONCURRENT_CALLS,
        ({ alarm }) => this.#tags(client, alarm.AlarmArn!),
      );
      return found
        .map((entry, i) => this.#toAlarm(entry, tags[i]))
        .sort(compareAlarms);
    } catch (error) {
      throw describeAwsFailure(error, {
        service: 'CloudWatch',
        region: fn.region,
      });
    }
  }

  /**
   * Lists the alarms of an account and region afresh and keeps the listing for the
   * functions asked about next (a fleet refresh lists once, then matches every function).
   *
   * @returns how many alarms there are
   * @throws ServiceUnavailableError when CloudWatch cannot be read
   */
  async refreshListing(location: AwsLocation): Promise<number> {
    try {
      const client = await this.#clients.cloudWatch(location);
      return (await this.#listing(location, client, 'fresh')).all.length;
    } catch (error) {
      throw describeAwsFailure(error, {
        service: 'CloudWatch',
        region: location.region,
      });
    }
  }

  /**
   * The listing of a location: listed afresh (`fresh`); the one indexed here while younger
   * than the TTL, else the cached one, else afresh (`cached`); or the one indexed here
   * whatever its age, else as `cached` (`refreshed`).
   */
  async #listing(
    location: AwsLocation,
    client: CloudWatchClient,
    source: 'fresh' | 'cached' | 'refreshed',
  ): Promise<IndexedListing> {
    const fresh = source === 'fresh';
    const key = `alarm-listing:v1:${location.accountId ?? 'default'}:${
      location.region
    }`;
    // The listing indexed here is as good as the cached one while it is younger than the
    // TTL; reading the cache would parse the whole listing again for each function.
    const indexedListing = this.#indexed.get(key);
    if (indexedListing && source === 'refreshed') {
      return indexedListing;
    }
    if (
      !fresh &&
      this.#cache &&
      indexedListing &&
      Date.now() - indexedListing.listedAt < this.#listingTtlMs
    ) {
      return indexedListing;
    }
    let listing =
      !fresh && this.#cache
        ? ((await this.#cache.get(key)) as AlarmListing | undefined)
        : undefined;
    if (!listing) {
      let inFlight = this.#listingsInFlight.get(key);
      if (!inFlight) {
        // Shared by every page asking meanwhile, so no one page's deadline may cancel it.
        inFlight = outsidePageDeadline(() => listAllAlarms(client)).then(
          async alarms => {
            const listed = { listedAt: Date.now(), alarms };
            await this.#cache?.set(key, listed as unknown as CacheValue, {
              ttl: this.#listingTtlMs,
            });
            return listed;
          },
        );
        this.#listingsInFlight.set(key, inFlight);
        inFlight
          .finally(() => this.#listingsInFlight.delete(key))
          .catch(() => {});
      }
      listing = await inFlight;
    }
    if (indexedListing?.listedAt === listing.listedAt) {
      return indexedListing;
    }
    const fresher = indexListing(listing);
    this.#indexed.set(key, fresher);
    return fresher;
  }

  /**
   * An alarm's tags, one ListTagsForResource call an alarm, so kept longer than a listing:
   * they change as rarely as alarms do. Each alarm's are kept between once and twice the
   * tags TTL, so that the tags a fleet refresh read together expire over a span of
   * refreshes rather than all in one.
   */
  async #tags(client: CloudWatchClient, arn: string): Promise<Tags> {
    const key = `alarm-tags:v1:${arn}`;
    const cached = (await this.#cache?.get(key)) as Tags | undefined;
    if (cached) {
      return cached;
    }
    const tags = await listTags(client, arn);
    await this.#cache?.set(key, tags, {
      ttl: Math.round(this.#tagsTtlMs * (1 + Math.random())),
    });
    return tags;
  }

  #toAlarm(
    found: FoundAlarm,
    tags: Array<{ key: string; value: string }>,
  ): Alarm {
    const { alarm } = found;
    const name = alarm.AlarmName!;
    const { severity, source } = classifyAlarmSeverity(
      { name, tags },
      { tagKey: this.#severityTagKey },
    );
    // StateTransitionedTimestamp is when StateValue last changed; StateUpdatedTimestamp
    // also moves when only the evaluation state does, so it is the fallback.
    // A listing read back from the cache holds the dates as ISO strings.
    const since =
      alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp;
    const watched: { kind: AlarmKind; metric: string | null } =
      found.type === 'metric'
        ? metricOf(found.alarm)
        : {
            kind: 'composite',
            metric: `composite: ${shorten(found.alarm.AlarmRule ?? '')}`,
          };
    const facts = {
      name,
      state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
      severity,
      runbookUrl: extractRunbookUrl({
        description: alarm.AlarmDescription,
        tags,
      }),
      runbookProblem: null,
    };
    return {
      ...facts,
      arn: alarm.AlarmArn!,
      type: found.type,
      ...watched,
      stateSince: since ? new Date(since).toISOString() : null,
      severitySource: source,
      defects: alarmDefects(facts),
    };
  }
}

/**
 * Every alarm of the account and region, both types, in one paginated listing that serves
 * the metric-math, composite and prefix lookups alike.
 */
async function listAllAlarms(client: CloudWatchClient): Promise<FoundAlarm[]> {
  const alarms: FoundAlarm[] = [];
  const pages = paginateDescribeAlarms(
    { client, pageSize: DESCRIBE_ALARMS_PAGE_SIZE },
    {
      // Without AlarmTypes DescribeAlarms returns only metric alarms, never composites.
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      MaxRecords: DESCRIBE_ALARMS_PAGE_SIZE,
    },
  );
  for await (const page of pages) {
    for (const alarm of page.MetricAlarms ?? []) {
      alarms.push({ type: 'metric', alarm: keptOfMetricAlarm(alarm) });
    }
    for (const alarm of page.CompositeAlarms ?? []) {
      alarms.push({ type: 'composite', alarm: keptOfCompositeAlarm(alarm) });
    }
  }
  return alarms;
}

/**
 * What the matching and the Alarm rows read of any alarm. The rest (state reasons and
 * their JSON, actions, thresholds) was most of a listing: for 26,700 alarms, tens of
 * megabytes held by every backend replica and its cache.
 */
function keptOfAlarm(alarm: MetricAlarm | CompositeAlarm) {
  return {
    AlarmName: alarm.AlarmName,
    AlarmArn: alarm.AlarmArn,
    AlarmDescription: alarm.AlarmDescription,
    StateValue: alarm.StateValue,
    StateTransitionedTimestamp: alarm.StateTransitionedTimestamp,
    StateUpdatedTimestamp: alarm.StateUpdatedTimestamp,
  };
}

function keptOfMetricAlarm(alarm: MetricAlarm): MetricAlarm {
  return {
    ...keptOfAlarm(alarm),
    Namespace: alarm.Namespace,
    MetricName: alarm.MetricName,
    Dimensions: alarm.Dimensions,
    Metrics: alarm.Metrics?.map(query => ({
      Id: query.Id,
      Expression: query.Expression,
      ReturnData: query.ReturnData,
      MetricStat: query.MetricStat && {
        ...query.MetricStat,
        Metric: query.MetricStat.Metric && {
          Namespace: query.MetricStat.Metric.Namespace,
          MetricName: query.MetricStat.Metric.MetricName,
          Dimensions: query.MetricStat.Metric.Dimensions,
        },
      },
    })),
  };
}

function keptOfCompositeAlarm(alarm: CompositeAlarm): CompositeAlarm {
  return { ...keptOfAlarm(alarm), AlarmRule: alarm.AlarmRule };
}

/** The function names whose `AWS/Lambda` metrics a metric alarm reads, itself or by math. */
function functionNamesRead(alarm: MetricAlarm): string[] {
  const metrics = [
    { Namespace: alarm.Namespace, Dimensions: alarm.Dimensions },
    ...(alarm.Metrics ?? []).map(query => query.MetricStat?.Metric ?? {}),
  ];
  return metrics.flatMap(metric =>
    metric.Namespace === LAMBDA_NAMESPACE
      ? (metric.Dimensions ?? [])
          .filter(d => d.Name === 'FunctionName' && d.Value)
          .map(d => d.Value!)
      : [],
  );
}

function indexListing(listing: AlarmListing): IndexedListing {
  const byFunction = new Map<string, FoundAlarm[]>();
  for (const entry of listing.alarms) {
    if (entry.type !== 'metric') {
      continue;
    }
    for (const name of new Set(functionNamesRead(entry.alarm))) {
      byFunction.set(name, [...(byFunction.get(name) ?? []), entry]);
    }
  }
  const composites = listing.alarms.filter(entry => entry.type === 'composite');
  const compositesReferring = new Map<string, number[]>();
  composites.forEach((entry, i) => {
    const rule = (entry.alarm as CompositeAlarm).AlarmRule ?? '';
    for (const ref of alarmRuleReferences(rule)) {
      if (!compositesReferring.get(ref)?.push(i)) {
        compositesReferring.set(ref, [i]);
      }
    }
  });
  return {
    listedAt: listing.listedAt,
    all: listing.alarms,
    composites,
    compositesReferring,
    byFunction,
  };
}

/**
 * Whether a metric alarm belongs to the function: a single-metric alarm on one of its
 * key metrics with exactly its dimension set (what DescribeAlarmsForMetric matched), or a
 * metric-math alarm reading any of its metrics.
 */
function belongsToFunction(alarm: MetricAlarm, fn: LambdaFunctionRef): boolean {
  if (alarm.Metrics && alarm.Metrics.length > 0) {
    return true;
  }
  if (
    !(LAMBDA_ALARM_METRICS as readonly string[]).includes(
      alarm.MetricName ?? '',
    )
  ) {
    return false;
  }
  const dimensions = new Map(
    (alarm.Dimensions ?? []).map(d => [d.Name, d.Value]),
  );
  const resource = dimensions.get('Resource');
  return (
    dimensions.size === 1 ||
    (dimensions.size === 2 &&
      fn.qualifier !== null &&
      resource === `${fn.name}:${fn.qualifier}`)
  );
}

/**
 * The function's alarms in the listing, once each (by ARN), in listing order, then the
 * composites that refer to them.
 */
function selectAlarms(
  fn: LambdaFunctionRef,
  listing: IndexedListing,
  alarmPrefix: string | null,
): FoundAlarm[] {
  const found = new Map<string, FoundAlarm>();
  const add = (entry: FoundAlarm): boolean => {
    const arn = entry.alarm.AlarmArn;
    if (!arn || !entry.alarm.AlarmName || found.has(arn)) {
      return false;
    }
    found.set(arn, entry);
    return true;
  };
  for (const entry of listing.byFunction.get(fn.name) ?? []) {
    if (belongsToFunction(entry.alarm as MetricAlarm, fn)) {
      add(entry);
    }
  }
  if (alarmPrefix) {
    listing.all
      .filter(entry => entry.alarm.AlarmName?.startsWith(alarmPrefix))
      .forEach(add);
  }
  // Composites of composites: each round adds, in listing order, the composites that
  // refer to an alarm the round before added, until none joins.
  for (let added = [...found.values()]; added.length > 0; ) {
    const referring = new Set<number>();
    for (const { alarm } of added) {
      for (const ref of [alarm.AlarmArn!, alarm.AlarmName!]) {
        listing.compositesReferring.get(ref)?.forEach(i => referring.add(i));
      }
    }
    added = [...referring]
      .sort((a, b) => a - b)
      .map(i => listing.composites[i])
      .filter(add);
  }
  return [...found.values()];
}

/**
 * A state function of a composite rule and its argument: `ALARM("name")`, `OK(name)`,
 * `INSUFFICIENT_DATA("arn:aws:cloudwatch:…:alarm:name")`.
 */
const RULE_STATE_FUNCTION =
  /\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"((?:[^"\\]|\\.)*)"|([^()\s",]+))\s*\)/g;

/** Any quoted string of a rule, e.g. the children of `AT_LEAST(1, ALARM, ("a", "b"))`. */
const RULE_QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/**
 * The alarm names and ARNs a composite alarm rule refers to, quoted or not.
 *
 * @param rule - the composite alarm's `AlarmRule`
 */
export function alarmRuleReferences(rule: string): string[] {
  const unescape = (quoted: string) => quoted.replace(/\\(.)/g, '$1');
  const refs = new Set<string>();
  for (const match of rule.matchAll(RULE_STATE_FUNCTION)) {
    refs.add(match[1] !== undefined ? unescape(match[1]) : match[2]);
  }
  for (const match of rule.matchAll(RULE_QUOTED)) {
    refs.add(unescape(match[1]));
  }
  return [...refs];
}

/** An alarm's tags; none when it was deleted since it was listed. */
async function listTags(
  client: CloudWatchClient,
  arn: string,
): Promise<Array<{ key: string; value: string }>> {
  try {
    const reply = await client.send(
      new ListTagsForResourceCommand({ ResourceARN: arn }),
    );
    return (reply.Tags ?? []).map(tag => ({
      key: tag.Key ?? '',
      value: tag.Value ?? '',
    }));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') {
      return [];
    }
    throw error;
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_RULE_LENGTH
    ? `${oneLine.slice(0, MAX_RULE_LENGTH - 1)}…`
    : oneLine;
}

/**
 * The metric a metric alarm watches: its name, or the metric-math expression whose value is
 * compared.
 */
function metricOf(alarm: MetricAlarm): {
  kind: AlarmKind;
  metric: string | null;
} {
  if (alarm.MetricName) {
    return { kind: 'metric', metric: alarm.MetricName };
  }
  const queries: MetricDataQuery[] = alarm.Metrics ?? [];
  // The alarm compares the one query that returns data (ReturnData defaults to true).
  const compared =
    queries.find(
      q => q.ReturnData !== false && (q.Expression || q.MetricStat),
    ) ?? queries.find(q => q.Expression);
  if (compared?.Expression) {
    return {
      kind: 'metric-math',
      metric: `metric math: ${shorten(compared.Expression)}`,
    };
  }
  return {
    kind: 'metric',
    metric: compared?.MetricStat?.Metric?.MetricName ?? null,
  };
}

/** Maps `items` with at most `limit` calls of `fn` in flight; results in input order. */
async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]);
      } catch (error) {
        next = items.length; // the answer is lost anyway: start no more calls
        throw error;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * The alarms service. Replace it to find alarms some other way.
 *
 * @public
 */
export const alarmsServiceRef = createServiceRef<AlarmsService>({
  id: 'lambda-ops.alarms',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        clients: awsClientFactoryServiceRef,
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        logger: coreServices.logger,
      },
      factory: ({ clients, config, cache, logger }) => {
        const { severityTagKey, alarmListingTtlMs, alarmTagsTtlMs } =
          readLambdaOpsConfig(config);
        return new AlarmsService({
          clients,
          severityTagKey,
          cache: resilientCache(cache, logger),
          listingTtlMs: alarmListingTtlMs,
          tagsTtlMs: alarmTagsTtlMs,
        });
      },
    }),
});
