import { mockServices } from '@backstage/backend-test-utils';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  DEFAULT_LAMBDA_OPS_SETTINGS,
  parseLambdaOpsAnnotations,
} from '@lambda-ops/backstage-plugin-common';
import { memoryCache } from '../../__testUtils__/memoryCache';
import { ExclusionWindowsFileReader } from './ExclusionWindowsFileReader';

const REPOSITORY = 'https://github.com/org/repo/tree/main/relay/';

const MAINTENANCE = `- schedule: "0 2 * * SUN"
  duration: 2h
  reason: Weekly partner maintenance
`;

function relay(
  annotations: Record<string, string>,
  source = `url:${REPOSITORY}`,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'webhook-relay',
      annotations: {
        'backstage.io/source-location': source,
        'aws.com/lambda-function-name': 'webhook-relay',
        'aws.com/lambda-region': 'us-east-1',
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
  };
}

describe('ExclusionWindowsFileReader', () => {
  /** A URL reader holding the files given, by URL. */
  function readerOf(files: Record<string, string | Error>) {
    const readUrl = jest.fn<
      ReturnType<UrlReaderService['readUrl']>,
      Parameters<UrlReaderService['readUrl']>
    >(async url => {
      const file = files[url];
      if (file === undefined) {
        throw new NotFoundError(`${url} not found`);
      }
      if (file instanceof Error) {
        throw file;
      }
      return { buffer: async () => Buffer.from(file) };
    });
    const reader = new ExclusionWindowsFileReader({
      urlReader: mockServices.urlReader.mock({ readUrl }),
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      ttlMs: 60_000,
      resolveHost: async () => ['140.82.112.3'],
    });
    return { reader, readUrl };
  }

  async function settingsOf(
    reader: ExclusionWindowsFileReader,
    entity: Entity,
  ) {
    return reader.withFileWindows(
      entity,
      parseLambdaOpsAnnotations(entity, DEFAULT_LAMBDA_OPS_SETTINGS),
    );
  }

  it('reads the windows of the file beside the catalog file, through the URL reader', async () => {
    const { reader, readUrl } = readerOf({
      [`${REPOSITORY}maintenance.yaml`]: MAINTENANCE,
    });
    const settings = await settingsOf(
      reader,
      relay({ 'lambda-ops/exclusion-windows-file': './maintenance.yaml' }),
    );
    expect(settings.problems).toEqual([]);
    expect(settings.exclusionWindows).toEqual([
      expect.objectContaining({
        reason: 'Weekly partner maintenance',
        durationMs: 7_200_000,
        recurrence: { cron: '0 2 * * SUN' },
      }),
    ]);
    expect(readUrl).toHaveBeenCalledWith(`${REPOSITORY}maintenance.yaml`);
  });

  it('adds the file windows to those of the annotation', async () => {
    const { reader } = readerOf({
      [`${REPOSITORY}maintenance.yaml`]: MAINTENANCE,
    });
    const settings = await settingsOf(
      reader,
      relay({
        'lambda-ops/exclusion-windows-file': 'maintenance.yaml',
        'lambda-ops/exclusion-windows':
          '[{start: "2026-12-05T01:00:00Z", end: "2026-12-05T03:00:00Z", reason: Region migration}]',
      }),
    );
    expect(settings.exclusionWindows.map(w => w.reason)).toEqual([
      'Region migration',
      'Weekly partner maintenance',
    ]);
  });

  it('reads the file once while the read is cached', async () => {
    const { reader, readUrl } = readerOf({
      [`${REPOSITORY}maintenance.yaml`]: MAINTENANCE,
    });
    const entity = relay({
      'lambda-ops/exclusion-windows-file': './maintenance.yaml',
    });
    await settingsOf(reader, entity);
    const again = await settingsOf(reader, entity);
    expect(again.exclusionWindows).toHaveLength(1);
    expect(readUrl).toHaveBeenCalledTimes(1);
  });

  it('leaves the settings alone when the entity names no file', async () => {
    const { reader, readUrl } = readerOf({});
    const entity = relay({});
    const settings = parseLambdaOpsAnnotations(
      entity,
      DEFAULT_LAMBDA_OPS_SETTINGS,
    );
    expect(await reader.withFileWindows(entity, settings)).toBe(settings);
    expect(readUrl).not.toHaveBeenCalled();
  });

  it.each([
    [
      'missing',
      {},
      `Exclusion windows file ${REPOSITORY}maintenance.yaml does not exist: check lambda-ops/exclusion-windows-file`,
    ],
    [
      'malformed',
      {
        [`${REPOSITORY}maintenance.yaml`]:
          '- schedule: "0 2 * * SUN"\n  reason: Partner maintenance\n',
      },
      `Exclusion windows file ${REPOSITORY}maintenance.yaml (lambda-ops/exclusion-windows-file): window 1: a schedule takes a duration`,
    ],
    [
      'on a host the URL reader may not read',
      {
        [`${REPOSITORY}maintenance.yaml`]: new NotAllowedError(
          'Reading from github.com is not allowed',
        ),
      },
      'github.com is not an allowed host: add it to integrations or backend.reading.allow',
    ],
    [
      'unreadable',
      { [`${REPOSITORY}maintenance.yaml`]: new Error('socket hang up') },
      'could not be read (socket hang up)',
    ],
  ])(
    'names the file and a valid example when it is %s, and excludes nothing',
    async (_, files, message) => {
      const { reader } = readerOf(files);
      const settings = await settingsOf(
        reader,
        relay({ 'lambda-ops/exclusion-windows-file': './maintenance.yaml' }),
      );
      expect(settings.exclusionWindows).toEqual([]);
      expect(settings.problems).toEqual([
        {
          code: 'invalid-annotation',
          annotation: 'lambda-ops/exclusion-windows-file',
          message: expect.stringContaining(message),
        },
      ]);
      expect(settings.problems[0].message).toContain(
        'YAML list, e.g. [{schedule: "0 2 * * SUN"',
      );
    },
  );

  it.each([
    '../orders/maintenance.yaml',
    '../relay-evil/maintenance.yaml',
    'https://169.254.169.254/latest/meta-data.yaml',
  ])('refuses the hostile path %j without reading anything', async path => {
    const { reader, readUrl } = readerOf({});
    const settings = await settingsOf(
      reader,
      relay({ 'lambda-ops/exclusion-windows-file': path }),
    );
    expect(readUrl).not.toHaveBeenCalled();
    expect(settings.exclusionWindows).toEqual([]);
    expect(settings.problems).toEqual([
      expect.objectContaining({
        annotation: 'lambda-ops/exclusion-windows-file',
        message: expect.stringMatching(
          /climbs out of the entity's repository|internal or cloud metadata address/,
        ),
      }),
    ]);
  });

  it('does not read a file beside a catalog file registered from disk, naming it relative to that folder', async () => {
    const { reader, readUrl } = readerOf({});
    const settings = await settingsOf(
      reader,
      relay(
        { 'lambda-ops/exclusion-windows-file': './ops/maintenance.yaml' },
        'file:/srv/catalog/relay/catalog-info.yaml',
      ),
    );
    expect(readUrl).not.toHaveBeenCalled();
    expect(settings.problems).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          "Exclusion windows file ./ops/maintenance.yaml is on the backend's disk",
        ),
      }),
    ]);
    expect(settings.problems[0].message).not.toContain('/srv');
  });
});
