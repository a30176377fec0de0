import { ApplicationSignalsClient } from '@aws-sdk/client-application-signals';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AwsCredentialProvider,
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import { readLambdaOpsConfig } from '../config';
import { currentPageSignal } from './pageDeadline';
import {
  awsCallOutcomeOf,
  createLambdaOpsMetrics,
  LambdaOpsMetrics,
} from './telemetry';

/** Where a function lives: the account (null: the main account) and the region. */
export interface AwsLocation {
  accountId: string | null;
  region: string;
}

/**
 * Creates AWS SDK clients for an account and region. The only place the plugin meets AWS
 * credentials and endpoints.
 *
 * @public
 */
export interface AwsClientFactory {
  cloudWatch(location: AwsLocation): Promise<CloudWatchClient>;
  applicationSignals(location: AwsLocation): Promise<ApplicationSignalsClient>;
  lambda(location: AwsLocation): Promise<LambdaClient>;
}

interface ClientSettings {
  endpoints: {
    cloudwatch?: string;
    applicationSignals?: string;
    lambda?: string;
  };
  maxAttempts: number;
  /** Longest one attempt may take, connecting included; defaults to the SDK's (none). */
  callTimeoutMs?: number;
  /**
   * The SDK's retry mode: `standard` (exponential backoff with jitter, bounded by a retry
   * quota) or `adaptive` (that, plus a client-side rate limiter that slows every call of
   * the client after a throttle). Defaults to `adaptive`.
   */
  retryMode?: 'standard' | 'adaptive';
}

/**
 * The slowest the adaptive rate limiter may send, in calls per second per client. The
 * SDK's own floor (one call every two seconds) suits a batch job; a tab needs a few dozen
 * calls per client within its page deadline, so under throttling that no slowing down
 * relieves, the SDK's floor would hold every page for a minute. The limiter still learns
 * the rate AWS allows above this floor, and throttled calls still back off with jitter.
 */
const ADAPTIVE_MIN_CALLS_PER_SECOND = 5;

const USER_AGENT: [string, string] = ['lambda-ops-backstage-plugin', '0.1.0'];

/**
 * Clients are cached per account, region and service: an SDK client holds a connection
 * pool and a credential cache that are meant to be reused.
 *
 * @public
 */
export class DefaultAwsClientFactory implements AwsClientFactory {
  readonly #credentials: AwsCredentialsManager;
  readonly #settings: ClientSettings;
  readonly #metrics: LambdaOpsMetrics;
  readonly #clients = new Map<string, Promise<unknown>>();

  /**
   * @param options.metrics - where every call is counted; the global meter by default
   */
  static create(options: {
    credentialsManager: AwsCredentialsManager;
    settings: ClientSettings;
    metrics?: LambdaOpsMetrics;
  }): DefaultAwsClientFactory {
    return new DefaultAwsClientFactory(
      options.credentialsManager,
      options.settings,
      options.metrics ?? createLambdaOpsMetrics(),
    );
  }

  private constructor(
    credentials: AwsCredentialsManager,
    settings: ClientSettings,
    metrics: LambdaOpsMetrics,
  ) {
    this.#credentials = credentials;
    this.#settings = settings;
    this.#metrics = metrics;
  }

  cloudWatch(location: AwsLocation): Promise<CloudWatchClient> {
    return this.#client(
      'cloudwatch',
      location,
      async credentials =>
        new CloudWatchClient({
          ...this.#common(location, credentials),
          endpoint: this.#settings.endpoints.cloudwatch,
        }),
    );
  }

  applicationSignals(location: AwsLocation): Promise<ApplicationSignalsClient> {
    return this.#client(
      'application-signals',
      location,
      async credentials =>
        new ApplicationSignalsClient({
          ...this.#common(location, credentials),
          endpoint: this.#settings.endpoints.applicationSignals,
        }),
    );
  }

  lambda(location: AwsLocation): Promise<LambdaClient> {
    return this.#client(
      'lambda',
      location,
      async credentials =>
        new LambdaClient({
          ...this.#common(location, credentials),
          endpoint: this.#settings.endpoints.lambda,
        }),
    );
  }

  #common(location: AwsLocation, credentials: AwsCredentialProvider) {
    return {
      region: location.region,
      credentials: credentials.sdkCredentialProvider,
      maxAttempts: this.#settings.maxAttempts,
      ...this.#retry(),
      // Without a timeout an attempt that never gets an answer holds the page forever.
      requestHandler: {
        requestTimeout: this.#settings.callTimeoutMs,
        connectionTimeout: this.#settings.callTimeoutMs,
        throwOnRequestTimeout: true,
      },
      customUserAgent: [USER_AGENT],
    };
  }

  /**
   * A new strategy per client: the adaptive limiter learns the rate one account and region
   * allows a service, and the factory keeps that client for every later call there.
   */
  #retry() {
    const { maxAttempts, retryMode = 'adaptive' } = this.#settings;
    if (retryMode === 'standard') {
      return { retryMode };
    }
    return {
      retryMode,
      retryStrategy: new AdaptiveRetryStrategy(maxAttempts, {
        rateLimiter: new DefaultRateLimiter({
          minFillRate: ADAPTIVE_MIN_CALLS_PER_SECOND,
          minCapacity: ADAPTIVE_MIN_CALLS_PER_SECOND,
        }),
      }),
    };
  }

  #client<T>(
    service: string,
    location: AwsLocation,
    create: (credentials: AwsCredentialProvider) => Promise<T>,
  ): Promise<T> {
    const key = `${service}:${location.accountId ?? 'main'}:${location.region}`;
    let client = this.#clients.get(key) as Promise<T> | undefined;
    if (!client) {
      client = this.#credentials
        .getCredentialProvider(
          location.accountId ? { accountId: location.accountId } : undefined,
        )
        .catch(error => {
          throw new Error(
            `No AWS credentials for ${
              location.accountId
                ? `account ${location.accountId}`
                : 'the main account'
            }: ${
              error.message
            } Add the account under aws.accounts in app-config.yaml, or set aws.accountDefaults.roleName.`,
          );
        })
        .then(create)
        .then(created =>
          this.#boundToPageDeadline(this.#counted(service, created)),
        );
      // A failed lookup (an account missing from `aws:` config) must not stick.
      client.catch(() => this.#clients.delete(key));
      this.#clients.set(key, client);
    }
    return client;
  }

  /** Counts every call the client sends, once, after the SDK's own retries. */
  #counted<T>(service: string, client: T): T {
    const { middlewareStack } = client as unknown as {
      middlewareStack: {
        add(
          middleware: (
            next: (args: unknown) => Promise<unknown>,
            context: { commandName?: string },
          ) => (args: unknown) => Promise<unknown>,
          options: { step: 'initialize'; name: string },
        ): void;
      };
    };
    middlewareStack.add(
      (next, context) => async args => {
        const operation = (context.commandName ?? 'unknown').replace(
          /Command$/,
          '',
        );
        try {
          const result = await next(args);
          this.#metrics.awsCall(service, operation, 'success');
          return result;
        } catch (error) {
          this.#metrics.awsCall(service, operation, awsCallOutcomeOf(error));
          throw error;
        }
      },
      { step: 'initialize', name: 'lambdaOpsCallMetrics' },
    );
    return client;
  }

  /**
   * Hands every call the abort signal of the page deadline it runs under (paginators send
   * through `send` too): once the page has answered without it, the SDK cancels the HTTP
   * request in flight, skips its backoff and sends no retry.
   */
  #boundToPageDeadline<T>(client: T): T {
    const sendable = client as unknown as {
      send(command: unknown, options?: object): Promise<unknown>;
    };
    const send = sendable.send.bind(sendable);
    sendable.send = (command, options) => {
      const abortSignal = currentPageSignal();
      return send(command, abortSignal ? { abortSignal, ...options } : options);
    };
    return client;
  }
}

/**
 * The AWS client factory. Replace it
 to bring credentials from elsewhere.
 *
 * @public
 */
export const awsClientFactoryServiceRef = createServiceRef<AwsClientFactory>({
  id: 'lambda-ops.aws-clients',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory({ config }) {
        const { endpoints, maxAttempts, callTimeoutMs, retryMode } =
          readLambdaOpsConfig(config);
        return DefaultAwsClientFactory.create({
          credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
          settings: { endpoints, maxAttempts, callTimeoutMs, retryMode },
        });
      },
    }),
});
