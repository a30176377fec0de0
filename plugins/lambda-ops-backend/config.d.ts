/** A duration as an ISO 8601 string (`PT1M`) or an object (`{ minutes: 1 }`). */
type ConfigDuration =
  | string
  | { days?: number; hours?: number; minutes?: number; seconds?: number };

export interface Config {
  /** Configuration of the Lambda Ops backend plugin. */
  lambdaOps?: {
    aws?: {
      /**
       * Endpoint overrides, for an AWS emulator or LocalStack. When a key is unset the AWS
       * SDK's own `AWS_ENDPOINT_URL_CLOUDWATCH` / `AWS_ENDPOINT_URL_APPLICATION_SIGNALS` /
       * `AWS_ENDPOINT_URL_LAMBDA` environment variables apply, and otherwise AWS itself.
       * Credentials are configured under `aws:` (@backstage/integration-aws-node).
       */
      endpoints?: {
        cloudwatch?: string;
        applicationSignals?: string;
        lambda?: string;
      };
      /**
       * Attempts per AWS call, the first included; the SDK retries throttling and
       * transient errors with backoff. Defaults to 3.
       */
      maxAttempts?: number;
      /**
       * The AWS SDK's retry mode: `adaptive` (exponential backoff with jitter, bounded by
       * `maxAttempts` and the SDK's retry quota, plus a client-side rate limiter that
       * learns how fast AWS lets one account and region call a service and slows every
       * call of that client to it; never below 5 calls a second, so that a page still
       * gets its few dozen calls through within `pageDeadline`) or `standard` (backoff
       * with jitter only). Defaults to `adaptive`.
       */
      retryMode?: 'standard' | 'adaptive';
      /**
       * Longest one attempt of an AWS call may take, connecting included, e.g.
       * `{ seconds: 5 }` or `PT5S`; a slower attempt fails as timed out and is retried.
       * Defaults to 5 seconds.
       */
      callTimeout?: ConfigDuration;
    };
    /**
     * Longest the Operations tab waits for AWS, e.g. `{ seconds: 10 }`. Parts not read by
     * then are shown as unavailable ("timed out") beside the parts that were, and their
     * AWS calls are cancelled (the request in flight aborted, no further retry); when no
     * figure was read at all, the cached answer is served, marked stale. Defaults to 10
     * seconds.
     */
    pageDeadline?: ConfigDuration;
    cache?: {
      /**
       * How long an entity's operations data is served from cache before AWS is asked
       * again, e.g. `{ minutes: 1 }` or `PT1M`. Defaults to one minute.
       */
      ttl?: ConfigDuration;
      /**
       * How long the last good answer is kept to be served, marked stale, when AWS fails.
       * Defaults to one day.
       */
      staleTtl?: ConfigDuration;
    };
    severity?: {
      /** Alarm tag that carries `page` or `ticket`. Defaults to `severity`. */
      tagKey?: string;
    };
    /**
     * Reading the runbooks named by `lambda-ops/runbook`. URLs are always read through
     * Backstage's URL reader, so `integrations` and `backend.reading.allow` decide which
     * hosts may be read; cloud metadata and link-local addresses are refused whatever
     * they allow.
     */
    runbooks?: {
      /**
       * Largest runbook read, in bytes; a larger one is refused (HTTP 413). Defaults to
       * 1048576 (1 MiB).
       */
      maxBytes?: number;
      /**
       * Read runbooks of entities registered from local catalog files (`file:` locations)
       * from the backend's disk, only inside the catalog file's own folder (symbolic
       * links are followed and checked again). Defaults to false: such runbooks are
       * refused with a message naming this key.
       */
      allowLocalFiles?: boolean;
    };
    /** Discovery of the CloudWatch alarms of functions. */
    alarms?: {
      /**
       * How long the alarm listing of one account and region (DescribeAlarms, every page)
       * is reused by entity pages, e.g. `{ minutes: 5 }`. Defaults to 5 minutes. The fleet
       * refresh lists afresh each time.
       */
      listingTtl?: ConfigDuration;
      /**
       * How long an alarm's tags (its severity, its runbook) are reused at the least, e.g.
       * `{ hours: 1 }`: each alarm's are kept between once and twice that, so that a
       * fleet's tags are not all read again by one refresh (one ListTagsForResource call
       * an alarm). Defaults to 1 hour; a tag changed in AWS shows within twice it.
       */
      tagsTtl?: ConfigDuration;
    };
    /** Reading the SLOs that CloudWatch Application Signals keeps. */
    applicationSignals?: {
      /**
       * How long the SLO listing of one account and region (ListServiceLevelObjectives,
       * every page) and each SLO's exclusion windows are reused by entity pages, e.g.
       * `{ minutes: 10 }`; budgets are read for every page. Defaults to 10 minutes.
       */
      listingTtl?: ConfigDuration;
    };
    /** The triage shown while a function pages. */
    triage?: {
      /**
       * How long a function's configuration, reserved concurrency and alias versions are
       * reused, e.g. `{ minutes: 2 }`: a deploy shows in the rollback hint this much later
       * at most. Defaults to 2 minutes.
       */
      functionFactsTtl?: ConfigDuration;
    };
    /** The fleet refresh behind the on-call and coverage views. */
    collector?: {
      /**
       * When the refresh runs, as a Backstage task schedule (one runner across backend
       * replicas). Defaults to
       * `{ frequency: { minutes: 5 }, timeout: { minutes: 30 }, initialDelay: { seconds: 30 } }`.
       * Each run costs GetMetricData requests: see the README for the figures.
       */
      schedule?: {
        frequency: { cron: string } | ConfigDuration | { trigger: 'manual' };
        timeout: ConfigDuration;
        initialDelay?: ConfigDuration;
        scope?: 'global' | 'local';
      };
    };
    /** Notifications to an entity's owner through the Backstage notifications plugin. */
    notifications?: {
      /**
       * Whether the owner of an entity is notified when it starts paging, when an error
       * budget drops below 50 %, 25 % or 0 % left, and when an alarm without a runbook
       * appears. Defaults to true when `@backstage/plugin-notifications-backend` is
       * installed in the same backend; set it to true when that runs in another one.
       */
      enabled?: boolean;
    };
    /** Deploy markers that CI posts to `POST /v1/deploy-markers`. */
    deployMarkers?: {
      /**
       * Markers older than this many days are pruned, and a marker whose `ts` is older is
       * refused. Whole days; defaults to 400.
       */
      retentionDays?: number;
      /**
       * When the pruning task runs, as a Backstage task schedule. Defaults to
       * `{ frequency: { hours: 24 }, timeout: { minutes: 10 }, initialDelay: { minutes: 1 } }`.
       */
      retentionSchedule?: {
        frequency: { cron: string } | ConfigDuration | { trigger: 'manual' };
        timeout: ConfigDuration;
        initialDelay?: ConfigDuration;
        scope?: 'global' | 'local';
      };
      /**
       * How many markers one principal (a CI service or a user) may post per window;
       * more are answered 429 with `Retry-After`. Counted in the plugin's database
       * in fixed windows aligned to the epoch: replicas share one exact count.
       * Defaults to `{ max: 60, window: { minutes: 1 } }`.
       */
      rateLimit?: {
        /** Markers per window, a whole number above 0. */
        max?: number;
        /** The window, e.g. `{ minutes: 1 }` or `PT1M`. */
        window?: ConfigDuration;
      };
    };
    /** Defaults for entities whose annotations leave a setting out. */
    defaults?: {
      /** Region of functions given by name without `aws.com/lambda-region`. */
      region?: string;
      /** SLO pattern when `lambda-ops/slo-pattern` is absent. Defaults to `api`. */
      pattern?: 'api' | 'async' | 'batch';
      /** SLO window in whole days, 1 to 90. Defaults to 30. */
      windowDays?: number;
      /**
       * How late CloudWatch publishes a minute of Lambda metrics, e.g. `{ minutes: 3 }` or
       * `PT3M`. Burn-rate windows end this long before now (or at the newest datapoint when
       * it is later), and data later than this is reported as lagging. Defaults to 3
       * minutes; 0 for a source that publishes at once.
       */
      publishingLag?: ConfigDuration;
      /**
       * Fewest requests (invocations plus throttles) a burn-rate row's long window must
       * hold before the row may fire, for every SLI kind; a period-based SLI counts the
       * requests inside its periods. Below it the row shows "too little traffic to judge",
       * so one error in a quiet hour pages nobody. Defaults to 100; 0 turns the guard off.
       */
      minEvents?: number;
      /**
       * The deploy gate's error-budget policy for entities without the
       * `lambda-ops/budget-policy` annotation, as shares of the budget left, e.g.
       * `block-below: 0, warn-below: 0.25` (the default): a deploy is blocked below the
       * first, warned about below the second.
       */
      budgetPolicy?: string;
      /** Availability target in percent, below 100. Defaults to 99.9. */
      availabilityTarget?: number;
      /** Latency objective of the `api` pattern. Defaults to `p95<500ms@99`. */
      latency?: string;
      /** Event-age objective of the `async` pattern. Defaults to `5m@99`. */
      eventAge?: string;
      /**
       * Target in percent for batch success rate and completion by the deadline.
       * Defaults to 95.
       */
      batchTarget?: number;
    };
  };
}
