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
  RunbookReachability,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import { decodeRunbook } from './runbook/decodeRunbook';
import { LocalRunbookReader } from './runbook/LocalRunbookReader';
import { RunbookHostGuard } from './runbook/RunbookHostGuard';
import { unreadableReason } from './runbook/unreadableReason';
import { UrlRunbookReader } from './runbook/UrlRunbookReader';

/**
 * A runbook file as messages name it: relative to the catalog file's folder
 * (`./docs/runbook.md`), because the folder is a path on the backend's disk that callers
 * have no business seeing.
 */
function shownPath(path: string, baseDir: string): string {
  return `./${relative(baseDir, path).split(sep).join('/')}`;
}

/** Where a runbook is read from, and how messages name it. */
type RunbookDocument =
  | { type: 'url'; url: string; shown: string }
  | { type: 'file'; path: string; baseDir: string; shown: string };

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
    const document = this.#locate(entity, annotation);
    const content =
      document.type === 'url'
        ? await this.#urls.read(document.url, annotation)
        : await this.#files.read(
            document.path,
            document.baseDir,
            document.shown,
          );
    const markdown = decodeRunbook(content, document.shown);
    return {
      url: document.shown,
      markdown,
      headings: runbookHeadings(markdown),
    };
  }

  /**
   * Whether a runbook link can be read, by reading it as `getRunbook` does, and if not
   * why, in words that follow "links <link> which" and name the fix ("does not exist
   * (404): check the path and the branch, or fix the link"). Never throws.
   *
   * @param entity - the entity the link belongs to, which relative paths are read against
   * @param link - the link as the annotation or the alarm gives it, section included
   */
  async checkRunbook(
    entity: Entity,
    link: string,
  ): Promise<RunbookReachability> {
    let shown = link;
    try {
      shown = this.#locate(entity, link).shown;
      await this.getRunbook(entity, link);
      return { url: link, readable: true, reason: null };
    } catch (error) {
      return {
        url: link,
        readable: false,
        reason: unreadableReason(error, shown),
      };
    }
  }

  #locate(entity: Entity, annotation: string): RunbookDocument {
    const location = resolveRunbookLocation(
      annotation,
      runbookBaseLocation(entity),
    );
    if (location.type === 'invalid') {
      throw new InputError(location.message);
    }
    if (location.type === 'url') {
      const url = this.#documentUrl(location.url);
      return { type: 'url', url, shown: url };
    }
    // Not a file: URL: the browser cannot open it, and it would show the server's disk.
    return {
      type: 'file',
      path: location.path,
      baseDir: location.baseDir,
      shown: shownPath(location.path, location.baseDir),
    };
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
