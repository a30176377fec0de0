import {
  ChangeEvent,
  paginateListEntityEvents,
} from '@aws-sdk/client-application-signals';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  DeployMarker,
  LambdaFunctionRef,
} from '@lambda-ops/backstage-plugin-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './AwsClientFactory';
import {
  describeApplicationSignalsFailure,
  lambdaServiceEntity,
  notEnabledReason,
} from './applicationSignals/applicationSignalsAccess';

/**
 * The deployments and configuration changes AWS recorded for a function, as Application
 * Signals lists them, shown as deploy markers beside the ones CI records.
 *
 * @public
 */
export class ChangeEventService {
  readonly #clients: AwsClientFactory;

  constructor(options: { clients: AwsClientFactory }) {
    this.#clients = options.clients;
  }

  /**
   * Deployments and configuration changes AWS recorded for the function in the span,
   * newest first. Empty where Application Signals is not enabled.
   *
   * @param fn - the function; its account and region say where to ask
   * @param span - the time span to list
   */
  async listChangeEvents(
    fn: LambdaFunctionRef,
    span: { start: Date; end: Date },
  ): Promise<DeployMarker[]> {
    try {
      const client = await this.#clients.applicationSignals(fn);
      const markers: DeployMarker[] = [];
      const pages = paginateListEntityEvents(
        { client },
        {
          Entity: lambdaServiceEntity(fn.name),
          StartTime: span.start,
          EndTime: span.end,
        },
      );
      for await (const page of pages) {
        for (const event of page.ChangeEvents ?? []) {
          markers.push(changeEventMarker(fn, event));
        }
      }
      return markers.sort((a, b) => b.ts.localeCompare(a.ts));
    } catch (error) {
      if (notEnabledReason(error) !== undefined) {
        return [];
      }
      throw describeApplicationSignalsFailure(error, {
        region: fn.region,
        actions: ['ListEntityEvents'],
      });
    }
  }
}

function changeEventMarker(
  fn: LambdaFunctionRef,
  event: ChangeEvent,
): DeployMarker {
  return {
    id: event.EventId ?? `${fn.name}@${event.Timestamp?.toISOString()}`,
    ts: (event.Timestamp ?? new Date(0)).toISOString(),
    env: fn.qualifier,
    source: 'application-signals',
    changeType:
      event.ChangeEventType === 'CONFIGURATION'
        ? 'configuration'
        : 'deployment',
    actor: event.UserName ?? null,
    gitSha: null,
    changeSummary: event.EventName ?? event.ChangeEventType ?? 'Change',
    // What only CI can tell: AWS change events carry none of it.
    artifact: null,
    ref: null,
    reason: null,
    risk: null,
    rollback: null,
    links: [],
  };
}

/** @public */
export const changeEventServiceRef = createServiceRef<ChangeEventService>({
  id: 'lambda-ops.change-events',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) => new ChangeEventService({ clients }),
    }),
});
