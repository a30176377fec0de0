import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  SchemaValidEntityPolicy,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import {
  ALIAS_ANNOTATION,
  APPLICATION_SIGNALS_SLOS_ANNOTATION,
  BATCH_DEADLINE_ANNOTATION,
  DLQ_ANNOTATION,
  LAMBDA_FUNCTION_ARN_ANNOTATION,
  parseLambdaOpsAnnotations,
  RUNBOOK_ANNOTATION,
  SLO_AVAILABILITY_ANNOTATION,
  SLO_EVENT_AGE_ANNOTATION,
  SLO_LATENCY_ANNOTATION,
  SLO_PATTERN_ANNOTATION,
} from '@lambda-ops/backstage-plugin-common';
import { useEmulator } from '../__testUtils__/emulator';
import { createFleet, fleetCatalogEntities } from './fleet';
import { FLEET_ANNOTATIONS } from './fleetCatalog';
import { FLEET_CATALOG_PATH } from './fleetFiles';

const FLEET = { size: 400, seed: 3 };

describe('the fleet catalog file', () => {
  const aws = useEmulator({}, { fleet: FLEET });
  const fleet = createFleet(FLEET);
  const manifest = fleet.manifest();

  async function catalogEntities(): Promise<Entity[]> {
    const url = `${aws.emulator.url}${FLEET_CATALOG_PATH}`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    // The parser the catalog reads a `url` location with.
    const results = [
      ...parseEntityYaml(Buffer.from(await response.arrayBuffer()), {
        type: 'url',
        target: url,
      }),
    ];
    expect(results.filter(result => result.type !== 'entity')).toEqual([]);
    return results.flatMap(result =>
      result.type === 'entity' ? [result.entity] : [],
    );
  }

  it('writes the annotation keys lambda-ops-common defines', () => {
    expect(FLEET_ANNOTATIONS).toEqual({
      functionArn: LAMBDA_FUNCTION_ARN_ANNOTATION,
      sloPattern: SLO_PATTERN_ANNOTATION,
      alias: ALIAS_ANNOTATION,
      availability: SLO_AVAILABILITY_ANNOTATION,
      latency: SLO_LATENCY_ANNOTATION,
      eventAge: SLO_EVENT_AGE_ANNOTATION,
      deadLetterQueue: DLQ_ANNOTATION,
      batchDeadline: BATCH_DEADLINE_ANNOTATION,
      runbook: RUNBOOK_ANNOTATION,
      applicationSignalsSlos: APPLICATION_SIGNALS_SLOS_ANNOTATION,
    });
  });

  it('parses as the same entities fleetCatalogEntities gives tests', async () => {
    const entities = await catalogEntities();
    expect(entities).toEqual(fleetCatalogEntities(FLEET));
    const kinds = entities.map(entity => entity.kind);
    expect(kinds.filter(kind => kind === 'Component')).toHaveLength(
      manifest.entities.components,
    );
    expect(kinds.filter(kind => kind === 'Group')).toHaveLength(
      manifest.entities.groups,
    );
    expect(kinds.filter(kind => kind === 'User')).toHaveLength(
      manifest.entities.users,
    );
  });

  it('passes the catalog policies and kind validators', async () => {
    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    const validators = [
      componentEntityV1alpha1Validator,
      groupEntityV1alpha1Validator,
      userEntityV1alpha1Validator,
    ];
    for (const entity of await catalogEntities()) {
      await expect(policy.enforce(entity)).resolves.toBeDefined();
      const accepted = await Promise.all(
        validators.map(validator => validator.check(entity)),
      );
      expect(accepted.filter(Boolean)).toHaveLength(1);
    }
  });

  it('owns every Component by a Group of the file, and every User belongs to its Groups', async () => {
    const entities = await catalogEntities();
    const groups = new Set(
      entities.filter(e => e.kind === 'Group').map(e => e.metadata.name),
    );
    const owners = entities
      .filter(e => e.kind === 'Component')
      .map(e => parseEntityRef(String(e.spec?.owner)));
    expect(
      owners.filter(o => o.kind !== 'group' || !groups.has(o.name)),
    ).toEqual([]);
    const memberships = entities
      .filter(e => e.kind === 'User')
      .map(e => e.spec?.memberOf as string[]);
    expect(
      memberships.filter(groupsOfUser => groupsOfUser.length === 0),
    ).toEqual([]);
    expect(memberships.flat().filter(group => !groups.has(group))).toEqual([]);
    expect(
      entities.find(e => e.metadata.name === 'pat')?.spec?.memberOf,
    ).toHaveLength(3);
  });

  it("has annotations Lambda Ops reads without a problem, naming each function's account and region", async () => {
    const byName = new Map(
      [...fleet.functions()].map(fn => [fn.entity.name, fn]),
    );
    const components = (await catalogEntities()).filter(
      e => e.kind === 'Component',
    );
    let withoutRunbook = 0;
    let withoutPattern = 0;
    for (const component of components) {
      const fn = byName.get(component.metadata.name)!;
      const settings = parseLambdaOpsAnnotations(component);
      expect({ name: fn.name, problems: settings.problems }).toEqual({
        name: fn.name,
        problems: [],
      });
      expect(settings.functions).toEqual([
        {
          name: fn.name,
          accountId: fn.accountId,
          region: fn.region,
          qualifier: fn.pattern === 'batch' ? null : 'PROD',
        },
      ]);
      expect(settings.pattern).toBe(fn.pattern);
      expect(settings.runbook).toBe(fn.entity.runbookUrl);
      expect(settings.applicationSignalsSlos).toEqual(
        fn.entity.applicationSignalsSlo
          ? [fn.entity.applicationSignalsSlo]
          : [],
      );
      expect(settings.deadLetterQueue?.name ?? null).toBe(
        fn.pattern === 'async' ? `${fn.name}-dlq` : null,
      );
      expect(settings.batchDeadline !== null).toBe(fn.pattern === 'batch');
      withoutRunbook += component.metadata.annotations?.[RUNBOOK_ANNOTATION]
        ? 0
        : 1;
      withoutPattern += fn.entity.declaresPattern ? 0 : 1;
    }
    expect(withoutRunbook).toBe(manifest.entities.withoutRunbookAnnotation);
    expect(withoutPattern).toBe(manifest.entities.withoutSloPatternAnnotation);
    expect(withoutRunbook).toBeGreaterThan(0);
    expect(withoutPattern).toBeGreaterThan(0);
  });

  it('answers HEAD with the headers only and other methods with 405', async () => {
    const url = `${aws.emulator.url}${FLEET_CATALOG_PATH}`;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/yaml/);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });

  it('is a 404 that says how to switch the fleet on when there is none', async () => {
    aws.emulator.setFleet(null);
    const response = await fetch(`${aws.emulator.url}${FLEET_CATALOG_PATH}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/--fleet <size>/);
    expect((await fetch(`${aws.emulator.url}/fleet/other.yaml`)).status).toBe(
      404,
    );
  });
});
