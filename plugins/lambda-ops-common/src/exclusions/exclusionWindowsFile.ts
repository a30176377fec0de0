import { EXCLUSION_WINDOWS_FILE_ANNOTATION } from '../annotations/constants';
import {
  CatalogDocument,
  resolveCatalogDocumentLocation,
  RunbookLocation,
} from '../runbook/resolveRunbookLocation';
import type { Problem } from '../types';
import {
  EXCLUSION_WINDOWS_EXAMPLE,
  parseExclusionWindows,
  ParsedExclusionWindows,
} from './parseExclusionWindows';

const EXCLUSION_WINDOWS_FILE: CatalogDocument = {
  annotation: EXCLUSION_WINDOWS_FILE_ANNOTATION,
  noun: 'exclusion windows file',
  fileKind: 'YAML file',
  examples:
    'give a path relative to the entity\'s catalog file such as "./maintenance.yaml", or an http(s) URL',
  exampleUrl: 'https://github.com/org/repo/blob/main/maintenance.yaml',
};

/**
 * Where the file named by `lambda-ops/exclusion-windows-file` is, by the same rules as a
 * runbook path: relative to the entity's catalog file, never out of its folder.
 *
 * @param annotation - the value of `lambda-ops/exclusion-windows-file`
 * @param entitySource - the entity's source location, undefined when it has none
 * @public
 */
export function resolveExclusionWindowsFileLocation(
  annotation: string,
  entitySource: string | undefined,
): RunbookLocation {
  return resolveCatalogDocumentLocation(
    annotation,
    entitySource,
    EXCLUSION_WINDOWS_FILE,
  );
}

function label(shown: string): string {
  return `Exclusion windows file ${shown} (${EXCLUSION_WINDOWS_FILE_ANNOTATION})`;
}

/**
 * Reads an exclusion windows file: the same YAML list as `lambda-ops/exclusion-windows`,
 * with problems that name the file.
 *
 * @param text - the file's content
 * @param shown - the file as messages name it: relative to the catalog file's folder, or its URL
 * @public
 */
export function parseExclusionWindowsFile(
  text: string,
  shown: string,
): ParsedExclusionWindows {
  if (text.trim() === '') {
    return {
      windows: [],
      problems: [exclusionWindowsFileProblem(`${label(shown)} is empty`)],
    };
  }
  return parseExclusionWindows(text, {
    annotation: EXCLUSION_WINDOWS_FILE_ANNOTATION,
    label: label(shown),
  });
}

/**
 * The problem for an exclusion windows file that cannot be used, with a valid example; no
 * window of the file applies then.
 *
 * @param message - what is wrong, naming the file
 * @public
 */
export function exclusionWindowsFileProblem(message: string): Problem {
  return {
    code: 'invalid-annotation',
    annotation: EXCLUSION_WINDOWS_FILE_ANNOTATION,
    message: `${message}. The file holds a YAML list, e.g. ${EXCLUSION_WINDOWS_EXAMPLE}; no exclusion from it applies meanwhile`,
  };
}
