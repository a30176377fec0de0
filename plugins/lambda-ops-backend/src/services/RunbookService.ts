import { lookup } from 'node:dns/promises';
import { constants as fsConstants } from 'node:fs';
import { FileHandle, open, realpath } from 'node:fs/promises';
import { BlockList, isIP } from 'node:net';
import { posix, relative, sep } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  UrlReaderService,
  UrlReaderServiceReadUrlResponse,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  resolveRunbookLocation,
  RUNBOOK_ANNOTATION,
  runbookBaseLocation,
  runbookHeadings,
  RunbookResponse,
} from '@lambda-ops/backstage-plugin-common';
import { readLambdaOpsConfig } from '../config';
import { PayloadTooLargeError } from '../errors';

/** Extensions a runbook may have; a path without an extension is judged by its content. */
const MARKDOWN_EXTENSIONS = ['.md', '.markdown', '.txt'];

/**
 * Cloud metadata services. Whatever `integrations` or `backend.reading.allow` say, these
 * are never read: they hand out instance credentials.
 */
const METADATA_HOSTNAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

function forbiddenAddresses(): BlockList {
  const list = new BlockList();
  // Link-local: AWS, Azure, GCP and OpenStack metadata at 169.254.169.254, ECS task
  // credentials at 169.254.170.2. An IPv4-mapped IPv6 address (::ffff:169.254.169.254)
  // matches these rules too.
  list.addSubnet('169.254.0.0', 16, 'ipv4');
  // Alibaba Cloud metadata.
  list.addAddress('100.100.100.200', 'ipv4');
  // AWS metadata over IPv6, IPv6 link-local, and the NAT64 form of 169.254.0.0/16.
  list.addAddress('fd00:ec2::254', 'ipv6');
  list.addSubnet('fe80::', 10, 'ipv6');
  list.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');
  return list;
}

const FORBIDDEN_ADDRESSES = forbiddenAddresses();

function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  return (
    family !== 0 &&
    FORBIDDEN_ADDRESSES.check(address, family === 4 ? 'ipv4' : 'ipv6')
  );
}

/** Resolves a host name to its addresses; an empty list when it cannot be resolved. */
async function resolveWithDns(hostname: string): Promise<string[]> {
  try {
    const addresses = await lookup(hostname, { all: true, verbatim: true });
    return addresses.map(a => a.address);
  } catch {
    // The URL reader reports an unknown host itself, in its own words.
    return [];
  }
}

/**
 * A runbook file as messages name it: relative to the catalog file's folder
 * (`./docs/runbook.md`), because the folder is a path on the backend's disk that callers
 * have no business seeing.
 */
function shownPath(path: string, baseDir: string): string {
  return `./${relative(baseDir, path).split(sep).join('/')}`;
}

function errorCode(error: unknown): string | undefined {
  return isError(error) ? (error as { code?: string }).code : undefined;
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
  readonly #urlReader: UrlReaderService;
  readonly #logger: LoggerService;
  readonly #maxBytes: number;
  readonly #allowLocalFiles: boolean;
  readonly #resolveHost: (hostname: string) => Promise<string[]>;

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
    this.#urlReader = options.urlReader;
    this.#logger = options.logger;
    this.#maxBytes = options.maxBytes;
    this.#allowLocalFiles = options.allowLocalFiles;
    this.#resolveHost = options.resolveHost ?? resolveWithDns;
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
      content = await this.#readUrl(url, annotation);
    } else {
      // Not a file: URL: the browser cannot open it, and it would show the server's disk.
      shown = shownPath(location.path, location.baseDir);
      url = shown;
      content = await this.#readFile(location.path, location.baseDir, shown);
    }
    const markdown = this.#decodeMarkdown(content, shown);
    return { url, markdown, headings: runbookHeadings(markdown) };
  }

  /** The document's URL: a `#section` names a place in it, not something to fetch. */
  #documentUrl(url: string): string {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  }

  async #readUrl(url: string, annotation: string): Promise<Buffer> {
    const parsed = new URL(url);
    this.#checkExtension(parsed.pathname, url);
    await this.#checkHost(parsed, url);

    try {
      const response = await this.#urlReader.readUrl(url);
      return await this.#readCapped(response, url);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        throw error;
      }
      const name = isError(error) ? error.name : undefined;
      const message = isError(error) ? error.message : String(error);
      // The reader's mux throws NotAllowedError for a host no reader takes; the fetch
      // reader throws a plain Error when a redirect leaves backend.reading.allow.
      if (
        name === 'NotAllowedError' ||
        /not allowed by backend\.reading\.allow/.test(message)
      ) {
        throw new NotAllowedError(
          `Runbook ${url} cannot be read: ${parsed.host} is not an allowed host: add it to integrations or backend.reading.allow in app-config.yaml, or move the runbook to a host that is`,
        );
      }
      if (name === 'NotFoundError') {
        throw new NotFoundError(
          `Runbook ${url} does not exist (from ${RUNBOOK_ANNOTATION} "${annotation}"): check the path and the branch, or fix the annotation`,
        );
      }
      this.#logger.warn(`Could not read runbook ${url}`, toLoggable(error));
      throw new ServiceUnavailableError(
        `Runbook ${url} could not be read (${message}): check the integration for ${parsed.host} and its credentials, then try again`,
      );
    }
  }

  /** Refuses metadata and link-local addresses, by name, by address, and by DNS answer. */
  async #checkHost(url: URL, what: string): Promise<void> {
    // `[fd00:ec2::254]` → `fd00:ec2::254`; `metadata.google.internal.` → without the dot.
    const hostname = url.hostname
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/\.$/, '')
      .toLowerCase();
    const refuse = (address: string) =>
      new InputError(
        `Runbook ${what} points at ${address}, an internal or cloud metadata address, which is never read whatever integrations and backend.reading.allow say: give the runbook's URL on your git host or wiki`,
      );
    if (METADATA_HOSTNAMES.has(hostname) || isForbiddenAddress(hostname)) {
      throw refuse(url.hostname);
    }
    if (isIP(hostname) === 0) {
      const forbidden = (await this.#resolveHost(hostname)).find(
        isForbiddenAddress,
      );
      if (forbidden) {
        throw refuse(`${url.hostname} (${forbidden})`);
      }
    }
  }

  #checkExtension(path: string, what: string): void {
    let name: string;
    try {
      name = decodeURIComponent(path);
    } catch {
      name = path;
    }
    const extension = posix.extname(name).toLowerCase();
    if (extension && !MARKDOWN_EXTENSIONS.includes(extension)) {
      throw new InputError(
        `Runbook ${what} is not markdown (its extension is ${extension}): point ${RUNBOOK_ANNOTATION} at a ${MARKDOWN_EXTENSIONS.join(
          ', ',
        )} file`,
      );
    }
  }

  async #readCapped(
    response: UrlReaderServiceReadUrlResponse,
    what: string,
  ): Promise<Buffer> {
    if (!response.stream) {
      const buffer = await response.buffer();
      if (buffer.length > this.#maxBytes) {
        throw this.#tooLarge(what);
      }
      return buffer;
    }
    // Streamed, so that an oversized document is dropped as soon as it is too large.
    const stream = response.stream();
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stream) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        size += bytes.length;
        if (size > this.#maxBytes) {
          throw this.#tooLarge(what);
        }
        chunks.push(bytes);
      }
    } finally {
      stream.destroy();
    }
    return Buffer.concat(chunks);
  }

  async #readFile(
    path: string,
    baseDir: string,
    shown: string,
  ): Promise<Buffer> {
    if (!this.#allowLocalFiles) {
      throw new NotAllowedError(
        `Runbook ${shown} is a file on the backend's disk, next to the entity's local catalog file, and reading local runbook files is turned off: set lambdaOps.runbooks.allowLocalFiles: true in app-config.yaml, or give the runbook as an http(s) URL`,
      );
    }
    this.#checkExtension(path, shown);

    // The annotation was checked as a string; symbolic links are resolved here and the
    // real path checked again, so a link cannot lead out of the catalog file's folder.
    let realBase: string;
    let realPath: string;
    try {
      realBase = await realpath(baseDir);
    } catch (error) {
      throw this.#fileError(error, baseDir, 'folder');
    }
    try {
      realPath = await realpath(path);
    } catch (error) {
      throw this.#fileError(error, path, 'runbook', shown);
    }
    const prefix = realBase.endsWith(sep) ? realBase : `${realBase}${sep}`;
    if (!realPath.startsWith(prefix)) {
      throw new InputError(
        `Runbook ${shown} is a symbolic link that leads out of the catalog file's folder: keep the runbook itself in that folder or below it`,
      );
    }

    let handle: FileHandle;
    try {
      // O_NONBLOCK: opening a named pipe must not hang; it is refused just below.
      handle = await open(
        realPath,
        fsConstants.O_RDONLY |
          (fsConstants.O_NOFOLLOW ?? 0) |
          (fsConstants.O_NONBLOCK ?? 0),
      );
    } catch (error) {
      throw this.#fileError(error, path, 'runbook', shown);
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) {
        throw new InputError(
          `Runbook ${shown} is not a file: point ${RUNBOOK_ANNOTATION} at a markdown file`,
        );
      }
      if (stats.size > this.#maxBytes) {
        throw this.#tooLarge(shown);
      }
      // One byte more than allowed, to notice a file that grew since stat().
      const buffer = Buffer.alloc(stats.size + 1);
      let total = 0;
      while (total < buffer.length) {
        const { bytesRead } = await handle.read(
          buffer,
          total,
          buffer.length - total,
          total,
        );
        if (bytesRead === 0) {
          break;
        }
        total += bytesRead;
      }
      if (total > this.#maxBytes) {
        throw this.#tooLarge(shown);
      }
      return buffer.subarray(0, total);
    } finally {
      await handle.close();
    }
  }

  /**
   * @param path - the absolute path, for the log only
   * @param shown - the runbook's path relative to the catalog file's folder, for callers
   */
  #fileError(
    error: unknown,
    path: string,
    kind: 'runbook' | 'folder',
    shown?: string,
  ): Error {
    const what =
      kind === 'runbook' ? `Runbook ${shown}` : "The catalog file's folder";
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return new NotFoundError(
        kind === 'runbook'
          ? `${what} does not exist: check ${RUNBOOK_ANNOTATION}, which is relative to the entity's catalog file`
          : `${what} does not exist: the entity's location is out of date; refresh the entity, or give the runbook as an http(s) URL`,
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return new NotAllowedError(
        `${what} may not be read by the backend (permission denied): make it readable, or give the runbook as an http(s) URL`,
      );
    }
    if (code === 'ELOOP') {
      return new InputError(
        `${what} is a loop of symbolic links: point ${RUNBOOK_ANNOTATION} at a markdown file`,
      );
    }
    this.#logger.warn(`Could not read runbook ${path}`, toLoggable(error));
    return new ServiceUnavailableError(
      `${what} could not be read (${
        code ?? 'error'
      }): try again, or give the runbook as an http(s) URL`,
    );
  }

  #tooLarge(what: string): PayloadTooLargeError {
    return new PayloadTooLargeError(
      `Runbook ${what} is larger than ${
        this.#maxBytes
      } bytes: split it, or raise lambdaOps.runbooks.maxBytes`,
    );
  }

  /** UTF-8 markdown or plain text; binary data and HTML pages are refused. */
  #decodeMarkdown(content: Buffer, what: string): string {
    if (content.includes(0)) {
      throw new InputError(
        `Runbook ${what} is not markdown: it holds binary data. Point ${RUNBOOK_ANNOTATION} at a markdown file`,
      );
    }
    let text: string;
    try {
      // Drops a byte-order mark.
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw new InputError(
        `Runbook ${what} is not markdown: it is not UTF-8 text. Point ${RUNBOOK_ANNOTATION} at a markdown file saved as UTF-8`,
      );
    }
    if (/^\s*<(?:!doctype\s+html|html)(?=[\s>])/i.test(text)) {
      throw new InputError(
        `Runbook ${what} is an HTML page, not markdown: point ${RUNBOOK_ANNOTATION} at the raw markdown file (on GitHub, the file's blob URL or raw.githubusercontent.com)`,
      );
    }
    return text;
  }
}

/** An error as the logger takes it, without walking a non-Error value. */
function toLoggable(error: unknown): Error | undefined {
  return isError(error) ? (error as Error) : undefined;
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
