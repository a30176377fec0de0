import type { ExclusionWindow } from '@lambda-ops/backstage-plugin-common';
import { formatMoment } from '../../deploys/deploys';

/** "Nov 29, 02:00 UTC – Nov 29, 04:00 UTC". */
function span(window: ExclusionWindow): string {
  return `${formatMoment(window.start)} – ${formatMoment(window.end)}`;
}

/** "Excluded from the budget: Weekly database maintenance, Nov 29, 02:00 UTC – …". */
export function exclusionTitle(window: ExclusionWindow): string {
  return `Excluded from the budget: ${window.reason}, ${span(window)}`;
}

/**
 * The maintenance of an SLO's window in one line, by reason: "Weekly database
 * maintenance (5 times); Region migration (Nov 20, 01:00 UTC – Nov 20, 03:00 UTC)".
 */
export function summarizeExclusions(windows: ExclusionWindow[]): string {
  const byReason = new Map<string, ExclusionWindow[]>();
  for (const window of windows) {
    byReason.set(window.reason, [
      ...(byReason.get(window.reason) ?? []),
      window,
    ]);
  }
  return [...byReason]
    .map(
      ([reason, occurrences]) =>
        `${reason} (${
          occurrences.length === 1
            ? span(occurrences[0])
            : `${occurrences.length} times`
        })`,
    )
    .join('; ');
}
