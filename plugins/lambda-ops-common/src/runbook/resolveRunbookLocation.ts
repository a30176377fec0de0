import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import { RUNBOOK_ANNOTATION } from '../annotations/constants';

/**
 * Where a document beside an entity's catalog file (its runbook, say) is to be read
 * from, or why it cannot be.
 *
 * - `url`: an http(s) URL, to be read through the backend's URL reader.
 * - `file`: an absolute path on the backend's machine, for entities registered from a
 *   local catalog file; `baseDir` is that file's folder, which the document may not leave.
 * - `invalid`: the annotation cannot be used; `message` says why and what to write.
 *
 * @public
 */
export type RunbookLocation =
  | { type: 'url'; url: string }
  | { type: 'file'; path: string; baseDir: string }
  | { type: 'invalid'; message: string };

/**
 * A document an annotation names by a path beside the entity's catalog file (or by URL),
 * as messages speak of it.
 *
 * @public
 */
export interface CatalogDocument {
  /** The annotation naming it, e.g. `lambda-ops/runbook`. */
  annotation: string;
  /** What it is, e.g. `runbook`. */
  noun: string;
  /** The kind of file it must be, e.g. `markdown file`. */
  fileKind: string;
  /** What to write instead, e.g. `give an http(s) URL, or a path relative to …`. */
  examples: string;
  /** A full URL of such a document. */
  exampleUrl: string;
}

const RUNBOOK_DOCUMENT: CatalogDocument = {
  annotation: RUNBOOK_ANNOTATION,
  noun: 'runbook',
  fileKind: 'markdown file',
  examples:
    'give an http(s) URL, or a path relative to the entity\'s catalog file such as "./docs/runbook.md"',
  exampleUrl: 'https://github.com/org/repo/blob/main/docs/runbook.md',
};

/** `scheme:` at the start, as URLs have it (RFC 3986). */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

function invalid(message: string): RunbookLocation {
  return { type: 'invalid', message };
}

function quoted(document: CatalogDocument, annotation: string): string {
  return `${document.annotation} "${annotation}"`;
}

/**
 * The location a relative runbook path is resolved against: the entity's
 * `backstage.io/source-location`, else its `backstage.io/managed-by-location`.
 *
 * @public
 */
export function runbookBaseLocation(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[ANNOTATION_SOURCE_LOCATION]?.trim() ||
    annotations[ANNOTATION_LOCATION]?.trim() ||
    undefined
  );
}

/** Splits a `type:target` location reference, as the catalog writes them. */
function parseLocation(
  location: string,
): { type: string; target: string } | undefined {
  const colon = location.indexOf(':');
  if (colon <= 0) {
    return undefined;
  }
  return {
    type: location.slice(0, colon),
    target: location.slice(colon + 1),
  };
}

/**
 * A POSIX path with `.`, `..` and repeated slashes folded away, or undefined when `..`
 * climbs above the root.
 */
function normalizeAbsolute(path: string): string | undefined {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (segments.length === 0) {
        return undefined;
      }
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return `/${segments.join('/')}`;
}

function resolveAgainstUrl(
  document: CatalogDocument,
  annotation: string,
  relative: string,
  target: string,
): RunbookLocation {
  let base: URL;
  try {
    base = new URL(target);
  } catch {
    return invalid(
      `The entity's source location "url:${target}" is not a valid URL, so ${quoted(
        document,
        annotation,
      )} cannot be resolved against it: fix the location, or give the ${
        document.noun
      }'s full URL`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    return invalid(
      `The entity's source location "url:${target}" is not an http(s) URL, so ${quoted(
        document,
        annotation,
      )} cannot be resolved against it: give the ${document.noun}'s full URL`,
    );
  }
  // The folder of the location: itself when it ends in `/` (source locations do),
  // else the folder of the file it names (a managed-by location names catalog-info.yaml).
  base.search = '';
  base.hash = '';
  const folder = new URL('./', base);
  // The URL parser folds `.`, `..`, `%2e%2e` and `\` as browsers do, so checking the
  // result is enough: it must stay on the same origin and under the folder.
  const resolved = new URL(relative, folder);
  if (
    resolved.origin === folder.origin &&
    resolved.pathname === folder.pathname
  ) {
    return invalid(
      `${quoted(document, annotation)} names a folder, not a ${
        document.fileKind
      }: ${document.examples}`,
    );
  }
  if (
    resolved.origin !== folder.origin ||
    !resolved.pathname.startsWith(folder.pathname)
  ) {
    return invalid(
      `${quoted(document, annotation)} climbs out of the entity's repository (${
        folder.href
      }): keep the ${
        document.noun
      } in the same repository, below that folder, or give its full URL`,
    );
  }
  return { type: 'url', url: resolved.href };
}

function resolveAgainstFile(
  document: CatalogDocument,
  annotation: string,
  relative: string,
  target: string,
): RunbookLocation {
  if (!target.startsWith('/')) {
    return invalid(
      `The entity's location "file:${target}" is not an absolute path, so ${quoted(
        document,
        annotation,
      )} cannot be resolved against it: register the catalog file by its absolute path, or give the ${
        document.noun
      }'s URL`,
    );
  }
  const catalogFile = normalizeAbsolute(target);
  if (catalogFile === undefined || catalogFile === '/') {
    return invalid(
      `The entity's location "file:${target}" does not name a catalog file, so ${quoted(
        document,
        annotation,
      )} cannot be resolved against it: give the ${document.noun}'s URL`,
    );
  }
  // A location ending in `/` is a folder; otherwise it names the catalog file.
  const baseDir = target.endsWith('/')
    ? catalogFile
    : catalogFile.slice(0, catalogFile.lastIndexOf('/')) || '/';
  // A `#section` names a place in the document, not part of the file's name; `\` is
  // taken for `/`, as URLs take it, so `..\..\` cannot slip past the check below.
  const cleaned = relative.replace(/#.*$/, '').replace(/\\/g, '/');
  const path = normalizeAbsolute(`${baseDir}/${cleaned}`);
  if (path === baseDir) {
    return invalid(
      `${quoted(document, annotation)} names a folder, not a ${
        document.fileKind
      }: ${document.examples}`,
    );
  }
  const prefix = baseDir === '/' ? '/' : `${baseDir}/`;
  if (path === undefined || !path.startsWith(prefix)) {
    // The folder is a path on the backend's disk, which the message does not show.
    return invalid(
      `${quoted(
        document,
        annotation,
      )} climbs out of the catalog file's folder: keep the ${
        document.noun
      } in that folder or below it, or give its URL`,
    );
  }
  return { type: 'file', path, baseDir };
}

/**
 * Resolves an annotation naming a document beside the entity's catalog file. Pure and
 * isomorphic: no file system, no network, so the frontend can link to the same place the
 * backend reads.
 *
 * An absolute http(s) URL is used as it is. Any other scheme (`file:`, `javascript:`,
 * `data:`, `ftp:`…) and absolute file paths are refused. A relative path
 * (`./docs/runbook.md`, `docs/runbook.md`) is resolved against the entity's source
 * location (see {@link runbookBaseLocation}): against a `url:` location it becomes a URL on
 * the same origin, under the location's folder; against a `file:` location (a catalog
 * file on the backend's disk) it becomes a path under that file's folder. A path that
 * climbs out of that folder is refused.
 *
 * @param annotation - the annotation's value
 * @param entitySource - the entity's source location (`url:https://…/tree/main/` or
 *   `file:/abs/path/catalog-info.yaml`), undefined when it has none
 * @param document - the document the annotation names, as messages speak of it
 * @public
 */
export function resolveCatalogDocumentLocation(
  annotation: string,
  entitySource: string | undefined,
  document: CatalogDocument,
): RunbookLocation {
  const value = annotation.trim();
  if (!value) {
    return invalid(`${document.annotation} is empty: ${document.examples}`);
  }
  if ([...value].some(char => char < ' ' || char === '\x7f')) {
    return invalid(
      `${quoted(document, annotation)} holds control characters: ${
        document.examples
      }`,
    );
  }

  const scheme = SCHEME.exec(value)?.[1].toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return invalid(
        `${quoted(
          document,
          annotation,
        )} is not a valid URL: write it in full, e.g. ${document.exampleUrl}`,
      );
    }
    if (!url.hostname) {
      return invalid(
        `${quoted(document, annotation)} has no host: ${document.examples}`,
      );
    }
    return { type: 'url', url: value };
  }
  // A one-letter "scheme" is a Windows drive (`C:\…`): an absolute path, refused below.
  if (scheme !== undefined && scheme.length > 1) {
    return invalid(
      `${quoted(
        document,
        annotation,
      )} uses the ${scheme}: scheme, which is not allowed for ${
        document.noun
      }s: ${document.examples}`,
    );
  }
  if (value.startsWith('//') || value.startsWith('\\\\')) {
    return invalid(
      `${quoted(
        document,
        annotation,
      )} has no scheme: write the URL in full with https://, or ${
        document.examples
      }`,
    );
  }
  if (scheme !== undefined || value.startsWith('/') || value.startsWith('\\')) {
    return invalid(
      `${quoted(
        document,
        annotation,
      )} is an absolute file path, which is not allowed: ${document.examples}`,
    );
  }

  if (!entitySource) {
    return invalid(
      `${quoted(
        document,
        annotation,
      )} is a relative path, but the entity has no ${ANNOTATION_SOURCE_LOCATION} or ${ANNOTATION_LOCATION} annotation to resolve it against: give a URL (https://…) or add a source location to the entity`,
    );
  }
  const location = parseLocation(entitySource.trim());
  if (location?.type === 'url') {
    return resolveAgainstUrl(document, annotation, value, location.target);
  }
  if (location?.type === 'file') {
    return resolveAgainstFile(document, annotation, value, location.target);
  }
  return invalid(
    `${quoted(
      document,
      annotation,
    )} is a relative path, but the entity's source location "${entitySource}" is neither url: nor file:, so it cannot be resolved: give a URL (https://…)`,
  );
}

/**
 * Resolves the `lambda-ops/runbook` annotation (see {@link resolveCatalogDocumentLocation}).
 *
 * @param annotation - the value of `lambda-ops/runbook`
 * @param entitySource - the entity's source location, undefined when it has none
 * @public
 */
export function resolveRunbookLocation(
  annotation: string,
  entitySource: string | undefined,
): RunbookLocation {
  return resolveCatalogDocumentLocation(
    annotation,
    entitySource,
    RUNBOOK_DOCUMENT,
  );
}
