import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import {
  AlarmTemplateResponse,
  alarmTemplateFileName,
  generateAlarmTemplate,
  resolveRunbookLocation,
  runbookBaseLocation,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import { EntityResolver, entityResolverServiceRef } from './EntityResolver';

/**
 * Alarms as code: the alarms an entity should have, generated from its annotations with
 * the portal's configured defaults (`lambdaOps.defaults`) and severity tag key
 * (`lambdaOps.severity.tagKey`), so that once deployed they come back classified.
 *
 * @public
 */
export class AlarmTemplateService {
  readonly #entities: EntityResolver;
  readonly #severityTagKey: string;

  constructor(options: { entities: EntityResolver; severityTagKey: string }) {
    this.#entities = options.entities;
    this.#severityTagKey = options.severityTagKey;
  }

  /**
   * The entity's template, read with the caller's credentials.
   *
   * @throws NotFoundError when the entity does not exist or the caller may not read it
   */
  async getTemplate(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<AlarmTemplateResponse> {
    const { entityRef, entity, settings } = await this.#entities.resolve(
      ref,
      credentials,
    );
    const template = generateAlarmTemplate({
      functions: settings.functions,
      settings,
      runbookUrl: settings.runbook && runbookLink(entity, settings.runbook),
      entityName: entityRef,
      severityTagKey: this.#severityTagKey,
    });
    return {
      entityRef,
      fileName: alarmTemplateFileName(entity.metadata.name),
      severityTagKey: this.#severityTagKey,
      ...template,
    };
  }
}

/**
 * What an alarm can link to for the runbook: its URL, or the annotation as written when it
 * names a file (the template then warns that an alarm cannot link to it). The runbook is
 * not read: the link is what the alarms carry, whether or not it is reachable now.
 */
function runbookLink(entity: Entity, annotation: string): string | null {
  const location = resolveRunbookLocation(
    annotation,
    runbookBaseLocation(entity),
  );
  if (location.type === 'url') {
    return location.url;
  }
  return location.type === 'file' ? annotation : null;
}

/** @public */
export const alarmTemplateServiceRef = createServiceRef<AlarmTemplateService>({
  id: 'lambda-ops.alarm-template',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        entities: entityResolverServiceRef,
      },
      factory: ({ config, entities }) =>
        new AlarmTemplateService({
          entities,
          severityTagKey: readLambdaOpsConfig(config).severityTagKey,
        }),
    }),
});
