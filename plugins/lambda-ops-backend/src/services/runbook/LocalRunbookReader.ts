import { constants as fsConstants } from 'node:fs';
import { FileHandle, open, realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { RUNBOOK_ANNOTATION } from '@lambda-ops/backstage-plugin-common';
import {
  checkRunbookExtension,
  runbookTooLarge,
  toLoggable,
} from './runbookDocumentChecks';

function errorCode(error: unknown): string | undefined {
  return isError(error) ? (error as { code?: string }).code : undefined;
}

/**
 * Reads runbooks next to local catalog files, when `lambdaOps.runbooks.allowLocalFiles`
 * is set, and never outside the catalog file's folder.
 */
export class LocalRunbookReader {
  readonly #logger: LoggerService;
  readonly #maxBytes: number;
  readonly #allowLocalFiles: boolean;

  constructor(options: {
    logger: LoggerService;
    maxBytes: number;
    allowLocalFiles: boolean;
  }) {
    this.#logger = options.logger;
    this.#maxBytes = options.maxBytes;
    this.#allowLocalFiles = options.allowLocalFiles;
  }

  /**
   * @param path - the runbook's absolute path
   * @param baseDir - the catalog file's folder, which the runbook may not leave
   * @param shown - the runbook's path relative to that folder, as messages name it
   */
  async read(path: string, baseDir: string, shown: string): Promise<Buffer> {
    if (!this.#allowLocalFiles) {
      throw new NotAllowedError(
        `Runbook ${shown} is a file on the backend's disk, next to the entity's local catalog file, and reading local runbook files is turned off: set lambdaOps.runbooks.allowLocalFiles: true in app-config.yaml, or give the runbook as an http(s) URL`,
      );
    }
    checkRunbookExtension(path, shown);

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
        throw runbookTooLarge(shown, this.#maxBytes);
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
        throw runbookTooLarge(shown, this.#maxBytes);
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
}
