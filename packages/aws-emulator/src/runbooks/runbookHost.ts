import { readFile, realpath, stat } from 'node:fs/promises';
import { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';

/** Runbook pages that are not files, by the decoded path segments under `/runbooks/`. */
export type GeneratedRunbooks = (segments: string[]) => string | undefined;

/** Runbooks are served under this path, the way a docs host serves files of a repository. */
const RUNBOOKS_PATH = '/runbooks';

/** What a host serves: files of one extension, under one path. */
export interface ServedFiles {
  path: string;
  extension: string;
  contentType: string;
}

/** Markdown runbooks under `/runbooks/`. */
export const RUNBOOK_FILES: ServedFiles = {
  path: RUNBOOKS_PATH,
  extension: '.md',
  contentType: 'text/markdown; charset=utf-8',
};

/**
 * The YAML files beside the catalog files (the examples' maintenance calendars), under
 * `/catalog/`, as a git host serves the files of the catalog's repository.
 */
export const CATALOG_FILES: ServedFiles = {
  path: '/catalog',
  extension: '.yaml',
  contentType: 'application/yaml; charset=utf-8',
};

/**
 * One decoded path segment of a runbook. Letters, digits, `.`, `_` and `-`, not starting with
 * a dot: this leaves out `.` and `..`, hidden files, separators (`/` or `\` sent as %2F / %5C),
 * drive letters and NUL, whatever encoding they came in.
 */
const SAFE_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Whether a request is for the runbook host. Decided on the request target as sent, before
 * URL parsing removes dot segments: `/runbooks/../x` must be refused here, not turned into a
 * request for `/x`.
 */
export function isRunbookRequest(
  rawTarget: string,
  served: ServedFiles = RUNBOOK_FILES,
): boolean {
  const [rawPath] = rawTarget.split('?');
  return rawPath === served.path || rawPath.startsWith(`${served.path}/`);
}

/**
 * Serves the files of one directory (and its subdirectories) of one extension, as a
 * stand-in for the docs host where runbooks live (or the git host of the catalog files). Everything it will not serve — no directory configured,
 * traversal, symlinks that lead out, other file types, directories — is a plain 404, so a
 * probe learns nothing about the file system; there is no listing.
 */
export class RunbookHost {
  /** The directory's real path; `undefined` when no directory is configured. */
  readonly #root: string | undefined;
  readonly #served: ServedFiles;

  private constructor(root: string | undefined, served: ServedFiles) {
    this.#root = root;
    this.#served = served;
  }

  /** Checks that `directory` exists, so that a wrong path fails at start-up, not on every request. */
  static async open(
    directory: string | undefined,
    served: ServedFiles = RUNBOOK_FILES,
  ): Promise<RunbookHost> {
    if (directory === undefined) {
      return new RunbookHost(undefined, served);
    }
    const root = await realpath(directory).catch(() => undefined);
    if (root === undefined || !(await stat(root)).isDirectory()) {
      throw new Error(
        `The ${served.path.slice(
          1,
        )} directory '${directory}' is not a directory`,
      );
    }
    return new RunbookHost(root, served);
  }

  /**
   * Answers a runbook request. `generated` may supply pages that are not files (the fleet
   * scenario's team runbooks), by their decoded path segments.
   */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    generated?: GeneratedRunbooks,
  ): Promise<void> {
    // A body is of no use here; drain it so that the connection can be reused.
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 });
      res.end();
      return;
    }
    const content = await this.#contentOf(req.url ?? '', generated);
    if (content === undefined) {
      const text = 'Not found\n';
      res.writeHead(404, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    res.writeHead(200, {
      'content-type': this.#served.contentType,
      'content-length': content.length,
      // Markdown is text to render, never a page for the browser to guess at.
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  }

  /** The file a request target names, if it may be served. */
  async #contentOf(
    rawTarget: string,
    generated: GeneratedRunbooks | undefined,
  ): Promise<Buffer | undefined> {
    const [rawPath] = rawTarget.split('?');
    const prefix = `${this.#served.path}/`;
    const extension = this.#served.extension;
    if (!rawPath.startsWith(prefix)) {
      return undefined;
    }
    const segments: string[] = [];
    for (const rawSegment of rawPath.slice(prefix.length).split('/')) {
      const segment = decodeSegment(rawSegment);
      if (segment === undefined) {
        return undefined;
      }
      segments.push(segment);
    }
    if (!segments[segments.length - 1].endsWith(extension)) {
      return undefined;
    }
    const page = generated?.(segments);
    if (page !== undefined) {
      return Buffer.from(page, 'utf8');
    }
    if (this.#root === undefined) {
      return undefined;
    }
    try {
      // A symlink may lead anywhere: what counts is its target, which must be a markdown
      // file inside the directory.
      const real = await realpath(join(this.#root, ...segments));
      const servable =
        real.startsWith(`${this.#root}${sep}`) &&
        real.endsWith(extension) &&
        (await stat(real)).isFile();
      return servable ? await readFile(real) : undefined;
    } catch {
      // Missing, unreadable, or a dangling symlink: nothing to serve.
      return undefined;
    }
  }
}

function decodeSegment(rawSegment: string): string | undefined {
  let segment: string;
  try {
    segment = decodeURIComponent(rawSegment);
  } catch {
    return undefined;
  }
  return SAFE_SEGMENT.test(segment) ? segment : undefined;
}
