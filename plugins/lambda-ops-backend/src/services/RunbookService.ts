import { relative, sep } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  resolveRunbookLocation,
  runbookBaseLocation,
  runbookHeadings,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import { decodeRunbook } from './runbook/decodeRunbook';
import { LocalRunbookReader } from './runbook/LocalRunbookReader';
import { RunbookHostGuard } from './runbook/RunbookHostGuard';
import { UrlRunbookReader } from './runbook/UrlRunbookReader';

/**
 * A runbook file as messages name it: relative to the catalog file's folder
 * (`./docs/runbook.md`), because the folder is a path on the backend's disk that callers
 * have no business seeing.
 */
function shownPath(path: string, baseDir: string): string {
  return `./${relative(baseDir, path).split(sep).join('/')}`;
}

/**
 * Reads the runbook named by an entity's `lambda-ops/runbook` annotation, and finds its
 * headings. URLs are read only through Backstage's URL reader, so the `integrations` and
 * `backend.reading.allow` configuration decide which hosts may be read; runbooks next to
 * local catalog files are read only when `lambdaOps.runbooks.allowLocalFiles` is set.
 * The markdown is returned as it is: the frontend renders it sanitized.
 *
 * @public
 */
export class RunbookService {
  readonly #urls: UrlRunbookReader;
  readonly #files: LocalRunbookReader;

  static fromConfig(
    config: Config,
    deps: { urlReader: UrlReaderService; logger: LoggerService },
  ): RunbookService {
    const { maxBytes, allowLocalFiles } = readLambdaOpsConfig(config).runbooks;
    return new RunbookService({ ...deps, maxBytes, allowLocalFiles });
  }

  /**
   * @param options.resolveHost - resolves a host name to its IP addresses, so that a name
   *   pointing at a metadata address is refused too; DNS by default
   */
  constructor(options: {
    urlReader: UrlReaderService;
    logger: LoggerService;
    maxBytes: number;
    allowLocalFiles: boolean;
    resolveHost?: (hostname: string) => Promise<string[]>;
  }) {
    const { urlReader, logger, maxBytes, allowLocalFiles } = options;
    this.#urls = new UrlRunbookReader({
      urlReader,
      logger,
      maxBytes,
      hosts: new RunbookHostGuard(options.resolveHost),
    });
    this.#files = new LocalRunbookReader({ logger, maxBytes, allowLocalFiles });
  }

  /**
   * The runbook of an entity, with its headings.
   *
   * @param entity - the entity, read with the caller's credentials
   * @param annotation - the value of its `lambda-ops/runbook` annotation
   * @throws InputError when the annotation cannot be used or the document is not markdown,
   *   NotAllowedError when configuration forbids reading it, NotFoundError when it does not
   *   exist, PayloadTooLargeError (413) when it is over `lambdaOps.runbooks.maxBytes`
   */
  async getRunbook(
    entity: Entity,
    annotation: string,
  ): Promise<RunbookResponse> {
    const location = resolveRunbookLocation(
      annotation,
      runbookBaseLocation(entity),
    );
    if (location.type === 'invalid') {
      throw new InputError(location.message);
    }
    let url: string;
    let content: Buffer;
    let shown: string;
    if (location.type === 'url') {
      url = this.#documentUrl(location.url);
      shown = url;
      content = await this.#urls.read(url, annotation);
    } else {
      // Not a file: URL: the browser cannot open it, and it would show the server's disk.
      shown = shownPath(location.path, location.baseDir);
      url = shown;
      content = await this.#files.read(location.path, location.baseDir, shown);
    }
    const markdown = decodeRunbook(content, shown);
    return { url, markdown, headings: runbookHeadings(markdown) };
  }

  /** The document's URL: a `#section` names a place in it, not something to fetch. */
  #documentUrl(url: string): string {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  }
}

/**
 * The runbook reader. Replace it to read runbooks from elsewhere.
 *
 * @public
 */
export const runbookServiceRef = createServiceRef<RunbookService>({
  id: 'lambda-ops.runbooks',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        urlReader: coreServices.urlReader,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      factory({ urlReader, config, logger }) {
        return RunbookService.fromConfig(config, { urlReader, logger });
      },
    }),
});
