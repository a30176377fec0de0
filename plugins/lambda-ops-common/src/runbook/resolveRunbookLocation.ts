import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import { RUNBOOK_ANNOTATION } from '../annotations/constants';

/**
 * Where an entity's runbook is to be read from, or why it cannot be.
 *
 * - `url`: an http(s) URL, to be read through the backend's URL reader.
 * - `file`: an absolute path on the backend's machine, for entities registered from a
 *   local catalog file; `baseDir` is that file's folder, which the runbook may not leave.
 * - `invalid`: the annotation cannot be used; `message` says why and what to write.
 *
 * @public
 */
export type RunbookLocation =
  | { type: 'url'; url: string }
  | { type: 'file'; path: string; baseDir: string }
  | { type: 'invalid'; message: string };

const EXAMPLES =
  'give an http(s) URL, or a path relative to the entity\'s catalog file such as "./docs/runbook.md"';

/** `scheme:` at the start, as URLs have it (RFC 3986). */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

function invalid(message: string): RunbookLocation {
  return { type: 'invalid', message };
}

function quoted(annotation: string): string {
  return `${RUNBOOK_ANNOTATION} "${annotation}"`;
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
        annotation,
      )} cannot be resolved against it: fix the location, or give the runbook's full URL`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    return invalid(
      `The entity's source location "url:${target}" is not an http(s) URL, so ${quoted(
        annotation,
      )} cannot be resolved against it: give the runbook's full URL`,
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
      `${quoted(annotation)} names a folder, not a markdown file: ${EXAMPLES}`,
    );
  }
  if (
    resolved.origin !== folder.origin ||
    !resolved.pathname.startsWith(folder.pathname)
  ) {
    return invalid(
      `${quoted(annotation)} climbs out of the entity's repository (${
        folder.href
      }): keep the runbook in the same repository, below that folder, or give its full URL`,
    );
  }
  return { type: 'url', url: resolved.href };
}

function resolveAgainstFile(
  annotation: string,
  relative: string,
  target: string,
): RunbookLocation {
  if (!target.startsWith('/')) {
    return invalid(
      `The entity's location "file:${target}" is not an absolute path, so ${quoted(
        annotation,
      )} cannot be resolved against it: register the catalog file by its absolute path, or give the runbook's URL`,
    );
  }
  const catalogFile = normalizeAbsolute(target);
  if (catalogFile === undefined || catalogFile === '/') {
    return invalid(
      `The entity's location "file:${target}" does not name a catalog file, so ${quoted(
        annotation,
      )} cannot be resolved against it: give the runbook's URL`,
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
      `${quoted(annotation)} names a folder, not a markdown file: ${EXAMPLES}`,
    );
  }
  const prefix = baseDir === '/' ? '/' : `${baseDir}/`;
  if (path === undefined || !path.startsWith(prefix)) {
    // The folder is a path on the backend's disk, which the message does not show.
    return invalid(
      `${quoted(
        annotation,
      )} climbs out of the catalog file's folder: keep the runbook in that folder or below it, or give its URL`,
    );
  }
  return { type: 'file', path, baseDir };
}

/**
 * Resolves the `lambda-ops/runbook` annotation. Pure and isomorphic: no file system, no
 * network, so the frontend can link to the same place the backend reads.
 *
 * An absolute http(s) URL is used as it is. Any other scheme (`file:`, `javascript:`,
 * `data:`, `ftp:`…) and absolute file paths are refused. A relative path
 * (`./docs/runbook.md`, `docs/runbook.md`) is resolved against the entity's source
 * location (see {@link runbookBaseLocation}): against a `url:` location it becomes a URL on
 * the same origin, under the location's folder; against a `file:` location (a catalog
 * file on the backend's disk) it becomes a path under that file's folder. A path that
 * climbs out of that folder is refused.
 *
 * @param annotation - the value of `lambda-ops/runbook`
 * @param entitySource - the entity's source location (`url:https://…/tree/main/` or
 *   `file:/abs/path/catalog-info.yaml`), undefined when it has none
 * @public
 */
export function resolveRunbookLocation(
  annotation: string,
  entitySource: string | undefined,
): RunbookLocation {
  const value = annotation.trim();
  if (!value) {
    return invalid(`${RUNBOOK_ANNOTATION} is empty: ${EXAMPLES}`);
  }
  if ([...value].some(char => char < ' ' || char === '\x7f')) {
    return invalid(
      `${quoted(annotation)} holds control characters: ${EXAMPLES}`,
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
          annotation,
        )} is not a valid URL: write it in full, e.g. https://github.com/org/repo/blob/main/docs/runbook.md`,
      );
    }
    if (!url.hostname) {
      return invalid(`${quoted(annotation)} has no host: ${EXAMPLES}`);
    }
    return { type: 'url', url: value };
  }
  // A one-letter "scheme" is a Windows drive (`C:\…`): an absolute path, refused below.
  if (scheme !== undefined && scheme.length > 1) {
    return invalid(
      `${quoted(
        annotation,
      )} uses the ${scheme}: scheme, which is not allowed for runbooks: ${EXAMPLES}`,
    );
  }
  if (value.startsWith('//') || value.startsWith('\\\\')) {
    return invalid(
      `${quoted(
        annotation,
      )} has no scheme: write the URL in full with https://, or ${EXAMPLES}`,
    );
  }
  if (scheme !== undefined || value.startsWith('/') || value.startsWith('\\')) {
    return invalid(
      `${quoted(
        annotation,
      )} is an absolute file path, which is not allowed: ${EXAMPLES}`,
    );
  }

  if (!entitySource) {
    return invalid(
      `${quoted(
        annotation,
      )} is a relative path, but the entity has no ${ANNOTATION_SOURCE_LOCATION} or ${ANNOTATION_LOCATION} annotation to resolve it against: give a URL (https://…) or add a source location to the entity`,
    );
  }
  const location = parseLocation(entitySource.trim());
  if (location?.type === 'url') {
    return resolveAgainstUrl(annotation, value, location.target);
  }
  if (location?.type === 'file') {
    return resolveAgainstFile(annotation, value, location.target);
  }
  return invalid(
    `${quoted(
      annotation,
    )} is a relative path, but the entity's source location "${entitySource}" is neither url: nor file:, so it cannot be resolved: give a URL (https://…)`,
  );
}
