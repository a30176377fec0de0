import type { Alarm, AlertSeverity } from '../types';

/**
 * The tag that carries an alarm's severity unless `lambdaOps.severity.tagKey` says otherwise.
 *
 * @public
 */
export const DEFAULT_SEVERITY_TAG_KEY = 'severity';

/** What an alarm is classified by: its name and its tags. @public */
export interface ClassifiableAlarm {
  name: string;
  tags: ReadonlyArray<{ key: string; value: string }>;
}

/** An alarm's temperature and how it was found. @public */
export interface AlarmSeverityClassification {
  severity: Alarm['severity'];
  source: Alarm['severitySource'];
}

const SEVERITIES: readonly AlertSeverity[] = ['page', 'ticket'];

/** The severity a tag value or a name word stands for, or null. */
function severityOf(word: string): AlertSeverity | null {
  const normalised = word.trim().toLowerCase();
  return SEVERITIES.find(severity => severity === normalised) ?? null;
}

/**
 * Words of an alarm name: the runs of letters and digits, so that every other character
 * (`-`, `_`, `.`, `:`, `/`, space, brackets, …) separates words.
 */
const NAME_WORD = /[\p{L}\p{N}]+/gu;

/**
 * Whether an alarm is a Page (users are hurt now: wake someone) or a Ticket (a sign, no
 * user impact yet: next business day), else `unclassified` — a defect, since an alarm that
 * is neither is noise.
 *
 * In order:
 *
 * 1. **The severity tag.** The tag whose key is exactly `tagKey` (default `severity`; keys are
 *    compared as written, like AWS does). Its value counts when it is `page` or `ticket`,
 *    ignoring case and surrounding spaces (`PAGE`, ` Ticket `). Any other value (`critical`,
 *    `P1`) is not guessed at: the naming convention is tried next.
 * 2. **The naming convention.** The alarm name, cut into words at every character that is
 *    not a letter or a digit, contains the word `page` or `ticket`, in any case:
 *    `orders-api-errors-page`, `orders_api.errors:Page`, `[Ticket] checkout-api throttles`,
 *    `PAGE/orders-api`. Only whole words count: `pager-duty-sync`, `paged`, `OrdersPage`
 *    and `tickets` do not. A name with both words (`ticket-service-page`) is ambiguous and
 *    stays unclassified; tag such an alarm instead.
 * 3. Else `unclassified`, with source null.
 *
 * @param alarm - the alarm's name and its tags (key, value)
 * @param options - `tagKey`: the tag that carries the severity
 * @public
 */
export function classifyAlarmSeverity(
  alarm: ClassifiableAlarm,
  options: { tagKey?: string } = {},
): AlarmSeverityClassification {
  const tagKey = options.tagKey ?? DEFAULT_SEVERITY_TAG_KEY;
  const tag = alarm.tags.find(t => t.key === tagKey);
  const tagged = tag ? severityOf(tag.value) : null;
  if (tagged) {
    return { severity: tagged, source: 'tag' };
  }

  const named = new Set<AlertSeverity>();
  for (const word of alarm.name.match(NAME_WORD) ?? []) {
    const severity = severityOf(word);
    if (severity) {
      named.add(severity);
    }
  }
  if (named.size === 1) {
    const [severity] = named;
    return { severity, source: 'name' };
  }
  return { severity: 'unclassified', source: null };
}
