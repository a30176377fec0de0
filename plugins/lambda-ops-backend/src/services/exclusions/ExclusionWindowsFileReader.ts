import { posix } from 'node:path';
import {
  CacheService,
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_SOURCE_LOCATION, Entity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  EXCLUSION_WINDOWS_ANNOTATION,
  EXCLUSION_WINDOWS_FILE_ANNOTATION,
  exclusionWindowsFileProblem,
  LambdaOpsEntitySettings,
  parseExclusionWindowsFile,
  ParsedExclusionWindows,
  resolveExclusionWindowsFileLocation,
  runbookBaseLocation,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../../config';
import { resilientCache } from '../resilientCache';
import { RunbookHostGuard } from '../runbook/RunbookHostGuard';

/** A maintenance calendar is a few lines; anything this large is not one. */
const MAX_FILE_BYTES = 64 * 1024;

const NOUN = 'exclusion windows file';

type CacheValue = Parameters<CacheService['set']>[1];

/**
 * Reads the maintenance windows of the YAML file an entity's
 * `lambda-ops/exclusion-windows-file` names, and adds them to those of
 * `lambda-ops/exclusion-windows`. The path is resolved as runbook paths are (relative to the
 * catalog file, never out of its folder), and the file is read only through Backstage's
 * URL reader, so `integrations` and `backend.reading.allow` decide what may be read. What
 * was read is cached briefly, so pages do not read the file each time. Whatever goes wrong
 * is a problem on the entity, and the file's windows are left out meanwhile.
 *
 * @public
 */
export class ExclusionWindowsFileReader {
  readonly #urlReader: UrlReaderService;
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #hosts: RunbookHostGuard;

  constructor(options: {
    urlReader: UrlReaderService;
    cache: CacheService;
    logger: LoggerService;
    /** How long a read is kept. */
    ttlMs: number;
    /**
     * Resolves a host name to its IP addresses, so that a name pointing at a metadata
     * address is refused too; DNS by default.
     */
    resolveHost?: (hostname: string) => Promise<string[]>;
  }) {
    this.#urlReader = options.urlReader;
    this.#cache = resilientCache(options.cache, options.logger).withOptions({
      defaultTtl: options.ttlMs,
    });
    this.#logger = options.logger;
    this.#hosts = new RunbookHostGuard(options.resolveHost);
  }

  /**
   * The entity's settings with the file's windows and problems added; the settings as
   * they are when the entity names no file.
   */
  async withFileWindows(
    entity: Entity,
    settings: LambdaOpsEntitySettings,
  ): Promise<LambdaOpsEntitySettings> {
    const annotation =
      entity.metadata.annotations?.[EXCLUSION_WINDOWS_FILE_ANNOTATION];
    if (annotation === undefined) {
      return settings;
    }
    const file = await this.read(entity, annotation);
    return {
      ...settings,
      exclusionWindows: [...settings.exclusionWindows, ...file.windows],
      problems: [...settings.problems, ...file.problems],
    };
  }

  /**
   * The windows of the file an annotation names.
   *
   * @param entity - the entity, whose location the path is relative to
   * @param annotation - the value of `lambda-ops/exclusion-windows-file`
   */
  async read(
    entity: Entity,
    annotation: string,
  ): Promise<ParsedExclusionWindows> {
    const location = resolveExclusionWindowsFileLocation(
      annotation,
      runbookBaseLocation(entity),
    );
    if (location.type === 'invalid') {
      return failed(location.message);
    }
    if (location.type === 'file') {
      const shown = `./${posix.relative(location.baseDir, location.path)}`;
      return failed(
        `Exclusion windows file ${shown} is on the backend's disk, beside a catalog file registered from disk, and such files are read only through Backstage's URL reader: give the entity a ${ANNOTATION_SOURCE_LOCATION} (url:https://… of its repository), or declare the windows in ${EXCLUSION_WINDOWS_ANNOTATION}`,
      );
    }
    const key = `exclusion-windows-file:${location.url}`;
    const cached = (await this.#cache.get(key)) as
      | ParsedExclusionWindows
      | undefined;
    if (cached) {
      return cached;
    }
    const parsed = await this.#readUrl(location.url);
    await this.#cache.set(key, parsed as unknown as CacheValue);
    return parsed;
  }

  async #readUrl(url: string): Promise<ParsedExclusionWindows> {
    const what = `Exclusion windows file ${url}`;
    try {
      await this.#hosts.check(new URL(url), url, NOUN);
    } catch (error) {
      return failed((error as Error).message);
    }
    let content: Buffer;
    try {
      content = await (await this.#urlReader.readUrl(url)).buffer();
    } catch (error) {
      const name = isError(error) ? error.name : undefined;
      const message = isError(error) ? error.message : String(error);
      if (name === 'NotFoundError') {
        return failed(
          `${what} does not exist: check ${EXCLUSION_WINDOWS_FILE_ANNOTATION}, which is relative to the entity's catalog file, and the branch`,
        );
      }
      // The reader's mux throws NotAllowedError for a host no reader takes; the fetch
      // reader throws a plain Error when a redirect leaves backend.reading.allow.
      if (
        name === 'NotAllowedError' ||
        /not allowed by backend\.reading\.allow/.test(message)
      ) {
        return failed(
          `${what} cannot be read: ${
            new URL(url).host
          } is not an allowed host: add it to integrations or backend.reading.allow in app-config.yaml`,
        );
      }
      this.#logger.warn(`Could not read ${what}: ${message}`);
      return failed(`${what} could not be read (${message})`);
    }
    if (content.length > MAX_FILE_BYTES) {
      return failed(`${what} is larger than ${MAX_FILE_BYTES} bytes`);
    }
    return parseExclusionWindowsFile(content.toString('utf8'), url);
  }
}

function failed(message: string): ParsedExclusionWindows {
  return { windows: [], problems: [exclusionWindowsFileProblem(message)] };
}

/**
 * Reads the exclusion windows files named by entities.
 *
 * @public
 */
export const exclusionWindowsFileReaderServiceRef =
  createServiceRef<ExclusionWindowsFileReader>({
    id: 'lambda-ops.exclusion-windows-file',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          urlReader: coreServices.urlReader,
          cache: coreServices.cache,
          logger: coreServices.logger,
          config: coreServices.rootConfig,
        },
        factory: ({ urlReader, cache, logger, config }) =>
          new ExclusionWindowsFileReader({
            urlReader,
            cache,
            logger,
            ttlMs: readLambdaOpsConfig(config).cacheTtlMs,
          }),
      }),
  });
