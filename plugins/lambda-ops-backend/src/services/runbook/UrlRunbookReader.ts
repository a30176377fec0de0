import {
  LoggerService,
  UrlReaderService,
  UrlReaderServiceReadUrlResponse,
} from '@backstage/backend-plugin-api';
import {
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { PayloadTooLargeError } from '../../errors';
import { RunbookHostGuard } from './RunbookHostGuard';
import {
  checkRunbookExtension,
  runbookTooLarge,
  toLoggable,
} from './runbookDocumentChecks';

/**
 * How Backstage's readers word a request that got no HTTP answer (the host down, refusing
 * connections, unknown or too slow): they keep the fetch error's text, not its cause.
 */
const NO_ANSWER =
  /fetch failed|socket hang up|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT/;

/**
 * Reads runbooks by URL, only through Backstage's URL reader, so the `integrations` and
 * `backend.reading.allow` configuration decide which hosts may be read, and never from a
 * host the guard refuses.
 */
export class UrlRunbookReader {
  readonly #urlReader: UrlReaderService;
  readonly #logger: LoggerService;
  readonly #maxBytes: number;
  readonly #hosts: RunbookHostGuard;

  constructor(options: {
    urlReader: UrlReaderService;
    logger: LoggerService;
    maxBytes: number;
    hosts: RunbookHostGuard;
  }) {
    this.#urlReader = options.urlReader;
    this.#logger = options.logger;
    this.#maxBytes = options.maxBytes;
    this.#hosts = options.hosts;
  }

  /**
   * @param url - the document's URL, without a fragment
   * @param annotation - the link as written (an annotation's or an alarm's), for messages
   */
  async read(url: string, annotation: string): Promise<Buffer> {
    const parsed = new URL(url);
    checkRunbookExtension(parsed.pathname, url);
    await this.#hosts.check(parsed, url);

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
        const resolved =
          annotation.split('#')[0] === url
            ? ''
            : ` (resolved from "${annotation}")`;
        throw new NotFoundError(
          `Runbook ${url} does not exist (404)${resolved}: check the path and the branch, or fix the link`,
        );
      }
      this.#logger.warn(`Could not read runbook ${url}`, toLoggable(error));
      // Readers name the URL in their messages; the runbook is named once already.
      const detail = message.split(url).join('it');
      if (NO_ANSWER.test(detail)) {
        throw new ServiceUnavailableError(
          `Runbook ${url} could not be reached (${detail}): check that ${parsed.host} is up and that the backend can reach it, then try again`,
        );
      }
      throw new ServiceUnavailableError(
        `Runbook ${url} could not be read (${detail}): check the integration for ${parsed.host} and its credentials, then try again`,
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
        throw runbookTooLarge(what, this.#maxBytes);
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
          throw runbookTooLarge(what, this.#maxBytes);
        }
        chunks.push(bytes);
      }
    } finally {
      stream.destroy();
    }
    return Buffer.concat(chunks);
  }
}
