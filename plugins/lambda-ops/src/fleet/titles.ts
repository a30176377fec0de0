/** The titles and subtitles the fleet pages and cards go by, in both frontend systems. */
export const ON_CALL_TITLE = 'On-call';
export const ON_CALL_SUBTITLE =
  'Every service your groups own, worst first, with the runbook of each firing page';
export const COVERAGE_TITLE = 'Runbook coverage';
export const COVERAGE_SUBTITLE =
  'Which services alarm without a runbook, and which teams lag';
export const SLO_REVIEW_TITLE = 'SLO review';
export const SLO_REVIEW_SUBTITLE =
  'The last three months per SLO: met, missed or never burning, with what changed in the missed ones';
