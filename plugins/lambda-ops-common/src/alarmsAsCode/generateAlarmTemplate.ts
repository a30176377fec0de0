import { Document, isScalar, YAMLMap } from 'yaml';
import { DEFAULT_SEVERITY_TAG_KEY } from '../alarms/classifyAlarm';
import { RUNBOOK_ANNOTATION } from '../annotations/constants';
import type { LambdaOpsEntitySettings } from '../annotations/parseLambdaOpsAnnotations';
import { formatDurationSeconds } from '../duration';
import {
  burnRateThreshold,
  WORKBOOK_BURN_RATE_WINDOWS,
} from '../slo/burnRates';
import type { LambdaFunctionRef } from '../types';
import { LogicalIds } from './alarmNames';
import {
  AlarmEntry,
  availabilityBurnRateRow,
  FunctionAlarmContext,
  latencyAlarm,
  roundThreshold,
  windowEvaluation,
} from './alarmResources';
import { singleMetricAlarm } from './singleMetricAlarms';
import type { AlarmTemplate, GenerateAlarmTemplateOptions } from './types';

export type { AlarmTemplate, GenerateAlarmTemplateOptions } from './types';
export { alarmTemplateFileName } from './alarmNames';

/** The runbook heading alarms link to unless told otherwise. @public */
export const DEFAULT_RUNBOOK_SECTION = 'a-triage-in-3-minutes';

const WORKBOOK_URL = 'https://sre.google/workbook/alerting-on-slos/';
const COMMENT_WIDTH = 92;

/**
 * Generates the entity's alarms as code: a CloudFormation / SAM `Resources:` snippet with
 * the SRE Workbook's multiwindow burn-rate alarms for each request-based SLO of the
 * pattern and a few ticket alarms that catch trouble before it costs budget. Every alarm
 * has a deterministic name, a severity tag and its runbook link in the description, so
 * that Lambda Ops classifies and links it once it is deployed.
 *
 * Pure: the same input gives the same YAML, so regenerating shows a clean diff.
 *
 * @public
 */
export function generateAlarmTemplate(
  options: GenerateAlarmTemplateOptions,
): AlarmTemplate {
  const { settings, functions } = options;
  const warnings: string[] = [];
  const runbookUrl = runbookSectionUrl(
    options.runbookUrl,
    options.runbookSection ?? DEFAULT_RUNBOOK_SECTION,
    warnings,
  );
  const ids = new LogicalIds();
  const bases = nameBases(functions);
  const groups = functions.map((fn, index) => {
    const ctx: FunctionAlarmContext = {
      fn,
      nameBase: bases[index],
      ids,
      entityName: options.entityName,
      severityTagKey:
        options.severityTagKey?.trim() || DEFAULT_SEVERITY_TAG_KEY,
      runbookUrl,
      noRunbookText: `(none — set ${RUNBOOK_ANNOTATION} on the entity)`,
      alarmActions: options.alarmActions ?? {},
    };
    const { comment, entries } = functionAlarms(ctx, settings, options);
    if (index === 0 && settings.deadLetterQueue) {
      entries.push(dlqAlarm(ctx, settings.deadLetterQueue, warnings));
    }
    return { comment, entries };
  });

  if (functions.length === 0) {
    warnings.push(
      'The entity names no Lambda function, so the template has no alarms.',
    );
  }
  warnings.push(...placementWarnings(functions));
  const alarms = groups.flatMap(group => group.entries.map(e => e.alarm));
  const duplicates = alarms
    .map(alarm => alarm.name)
    .filter((name, i, names) => names.indexOf(name) !== i);
  if (duplicates.length > 0) {
    warnings.push(
      `Some alarm names repeat (${duplicates.join(
        ', ',
      )}): CloudWatch would keep only one of each.`,
    );
  }

  return {
    yaml: render(header(options, runbookUrl), groups),
    alarms,
    warnings,
  };
}

function functionAlarms(
  ctx: FunctionAlarmContext,
  settings: LambdaOpsEntitySettings,
  options: GenerateAlarmTemplateOptions,
): { comment: string; entries: AlarmEntry[] } {
  const where = describeFunction(ctx.fn);
  switch (settings.pattern) {
    case 'api':
      return {
        comment: `${where}, api: availability ${percent(
          settings.availabilityTarget,
        )} over ${
          settings.windowDays
        }d as burn-rate alarms (three Workbook rows), then ticket alarms.`,
        entries: [
          ...WORKBOOK_BURN_RATE_WINDOWS.flatMap(row =>
            availabilityBurnRateRow(
              ctx,
              {
                target: settings.availabilityTarget,
                windowDays: settings.windowDays,
              },
              row,
            ),
          ),
          latencyAlarm(ctx, settings.latency),
          singleMetricAlarm(ctx, 'throttles'),
        ],
      };
    case 'async':
      return {
        comment: `${where}, async. No burn-rate alarms: failed deliveries are zero-tolerance (a dead letter is a lost event), so there is no budget to burn; a plain DeadLetterErrors > 0 alarm stands in. Event age is period-based, so a ticket alarm watches it directly.`,
        entries: [
          singleMetricAlarm(ctx, 'dead-letter-errors'),
          eventAgeAlarm(ctx, settings),
          singleMetricAlarm(ctx, 'throttles'),
        ],
      };
    case 'batch':
    default:
      return {
        comment: `${where}, batch. No burn-rate alarms: a job that runs a few times a day has too few events for windows of minutes to days (one failed run is a 100 % error rate), and its deadline is judged by Lambda Ops, not by a CloudWatch metric. Errors over the last day open a ticket instead.`,
        entries: [
          singleMetricAlarm(ctx, 'errors', {
            severity: options.batchErrorsSeverity ?? 'ticket',
          }),
          singleMetricAlarm(ctx, 'throttles'),
        ],
      };
  }
}

/** Event age from the source the entity's settings name, at the objective's threshold. */
function eventAgeAlarm(
  ctx: FunctionAlarmContext,
  settings: LambdaOpsEntitySettings,
): AlarmEntry {
  const objectiveSeconds = settings.eventAge.thresholdSeconds;
  if (settings.eventAgeSource === 'source-queue' && settings.sourceQueue) {
    return singleMetricAlarm(ctx, 'source-queue-age', {
      queue: settings.sourceQueue.name,
      objectiveSeconds,
    });
  }
  return singleMetricAlarm(
    ctx,
    settings.eventAgeSource === 'iterator-age'
      ? 'iterator-age'
      : 'async-event-age',
    { objectiveSeconds },
  );
}

/** The entity's dead-letter queue is watched once, under the first function's name. */
function dlqAlarm(
  ctx: FunctionAlarmContext,
  queue: NonNullable<LambdaOpsEntitySettings['deadLetterQueue']>,
  warnings: string[],
): AlarmEntry {
  if (
    (queue.region && queue.region !== ctx.fn.region) ||
    (queue.accountId &&
      ctx.fn.accountId &&
      queue.accountId !== ctx.fn.accountId)
  ) {
    warnings.push(
      `The dead-letter queue ${queue.name} is not in the account and region of ${ctx.fn.name}: deploy its alarm (${ctx.nameBase}-dlq-messages-ticket) where the queue lives.`,
    );
  }
  return singleMetricAlarm(ctx, 'dlq-messages', { queue: queue.name });
}

/**
 * The runbook link of every alarm: the runbook URL with the section as its fragment (a
 * fragment already in the URL is replaced). Only http(s) URLs can be followed from an
 * alarm, so anything else counts as no runbook.
 */
function runbookSectionUrl(
  url: string | null,
  section: string,
  warnings: string[],
): string | null {
  const trimmed = url?.trim();
  if (!trimmed) {
    warnings.push(
      `No runbook: every alarm's description says "Runbook: (none)". Set ${RUNBOOK_ANNOTATION} on the entity and generate again — an alarm without a runbook is noise.`,
    );
    return null;
  }
  if (!/^https?:\/\/\S+$/i.test(trimmed)) {
    warnings.push(
      `The runbook "${trimmed}" is not an http(s) URL, so no alarm can link to it; the descriptions say "Runbook: (none)".`,
    );
    return null;
  }
  return `${trimmed.split('#')[0]}#${section}`;
}

/**
 * Alarm names start with the function name; functions that share a name (two aliases,
 * two regions) get their qualifier, region or account added until the names differ.
 */
function nameBases(functions: LambdaFunctionRef[]): string[] {
  const keys: Array<(fn: LambdaFunctionRef) => string> = [
    fn => fn.name,
    fn => [fn.name, fn.qualifier].filter(Boolean).join('-'),
    fn => [fn.name, fn.qualifier, fn.region].filter(Boolean).join('-'),
    fn =>
      [fn.name, fn.qualifier, fn.region, fn.accountId]
        .filter(Boolean)
        .join('-'),
  ];
  return functions.map(fn => {
    const unique = keys.find(
      key => functions.filter(other => key(other) === key(fn)).length === 1,
    );
    return (unique ?? keys[keys.length - 1])(fn);
  });
}

/** A stack, and the alarms in it, live in one account and region. */
function placementWarnings(functions: LambdaFunctionRef[]): string[] {
  const places = [
    ...new Set(
      functions.map(fn =>
        fn.accountId ? `${fn.accountId}/${fn.region}` : fn.region,
      ),
    ),
  ];
  return places.length > 1
    ? [
        `The functions live in ${places.length} places (${places.join(
          ', ',
        )}); a CloudFormation stack and its alarms live in one account and region, so deploy each function's alarms where it runs.`,
      ]
    : [];
}

function describeFunction(fn: LambdaFunctionRef): string {
  const details = [
    fn.region,
    fn.accountId ? `account ${fn.accountId}` : undefined,
    fn.qualifier ? `alias ${fn.qualifier}` : undefined,
  ].filter(Boolean);
  return `${fn.name} (${details.join(', ')})`;
}

function percent(fraction: number): string {
  return `${+(fraction * 100).toFixed(6)} %`;
}

function objectives(settings: LambdaOpsEntitySettings): string {
  switch (settings.pattern) {
    case 'api':
      return `Availability: ${percent(
        settings.availabilityTarget,
      )} of requests succeed (bad = Errors + Throttles, total = Invocations + Throttles). Latency: ${
        settings.latency.statistic
      } Duration < ${settings.latency.thresholdMs} ms in ${percent(
        settings.latency.target,
      )} of periods.`;
    case 'async':
      return `Event age: < ${formatDurationSeconds(
        settings.eventAge.thresholdSeconds,
      )} in ${percent(settings.eventAge.target)} of periods (${
        settings.eventAgeSource
      }). Failed deliveries: zero tolerance.`;
    case 'batch':
    default: {
      const deadline = settings.batchDeadline;
      const time = (n: number) => String(n).padStart(2, '0');
      return `Batch: success rate ${percent(
        settings.successRateTarget,
      )} of runs${
        deadline
          ? `, done by ${time(deadline.hour)}:${time(deadline.minute)} ${
              deadline.zone
            }`
          : ''
      }.`;
    }
  }
}

function header(
  options: GenerateAlarmTemplateOptions,
  runbookUrl: string | null,
): string[] {
  const { settings } = options;
  const windowSeconds = settings.windowDays * 86_400;
  const lines = [
    `Lambda Ops — alarms as code for ${options.entityName}`,
    '',
    ...wrap(
      'A CloudFormation / SAM "Resources:" snippet: add it to the template that deploys the function. Every value is literal (no Ref, no Fn::Sub), so each alarm can also be applied as is with PutMetricAlarm / PutCompositeAlarm. Generated from the entity\'s annotations; regenerate rather than edit, and the diff shows what changed.',
    ),
    '',
    `Pattern: ${settings.pattern}. SLO window: ${settings.windowDays}d.`,
    ...wrap(objectives(settings)),
    `Functions: ${
      options.functions.map(describeFunction).join('; ') || '(none)'
    }.`,
    `Dead-letter queue: ${settings.deadLetterQueue?.name ?? '(none)'}.`,
    `Runbook: ${
      runbookUrl ?? `(none — set ${RUNBOOK_ANNOTATION} on the entity)`
    }`,
    ...wrap(
      `Severity: tag ${
        options.severityTagKey?.trim() || DEFAULT_SEVERITY_TAG_KEY
      } = page | ticket. Page: users are hurt now. Ticket: a sign, for the next business day.`,
    ),
  ];
  if (settings.pattern === 'api') {
    lines.push(
      '',
      `Burn-rate thresholds from the Google SRE Workbook, "Alerting on SLOs",`,
      WORKBOOK_URL,
      `threshold = budget fraction × SLO window / long window (${settings.windowDays}d):`,
      ...WORKBOOK_BURN_RATE_WINDOWS.map(row => {
        const windows = `${formatDurationSeconds(
          row.longWindowSeconds,
        )} / ${formatDurationSeconds(row.shortWindowSeconds)}`;
        const threshold = roundThreshold(burnRateThreshold(windowSeconds, row));
        return `  ${row.severity.padEnd(7)}${windows.padEnd(10)}${String(
          threshold,
        ).padEnd(12)}(${+(row.budgetFraction * 100).toFixed(
          4,
        )} % of the budget)`;
      }),
      '',
      ...wrap(
        `Periods: CloudWatch metric math has no rolling sum, and an alarm Period is at most a day (Period × EvaluationPeriods ≤ 7 days; ≤ 1 day under an hour). A window up to a day is one datapoint with Period = window, so its burn rate is exact. ${longWindowNote()}`,
      ),
    );
  }
  return lines;
}

function longWindowNote(): string {
  return WORKBOOK_BURN_RATE_WINDOWS.filter(
    row => !windowEvaluation(row.longWindowSeconds).exact,
  )
    .map(row => {
      const evaluation = windowEvaluation(row.longWindowSeconds);
      const window = formatDurationSeconds(row.longWindowSeconds);
      const unit = evaluation.period === 86_400 ? 'day' : 'hour';
      return `The ${window} window is Period ${evaluation.period} × EvaluationPeriods ${evaluation.evaluationPeriods} with DatapointsToAlarm ${evaluation.datapointsToAlarm}: each of its ${evaluation.evaluationPeriods} ${unit}s must burn over the threshold. That never fires before the exact ${window} rate would, but a burn packed into fewer ${unit}s is left to the page rows.`;
    })
    .join(' ');
}

function wrap(text: string, width = COMMENT_WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

function asComment(lines: string[]): string {
  return lines.map(line => (line ? ` ${line}` : '')).join('\n');
}

function render(
  headerLines: string[],
  groups: { comment: string; entries: AlarmEntry[] }[],
): string {
  // YAML 1.1 output quotes the strings CloudFormation's parser would read as booleans
  // (a function named `on` or `yes`).
  const doc = new Document({ Resources: {} }, { version: '1.1' });
  doc.commentBefore = asComment(headerLines);
  const resources = doc.get('Resources') as YAMLMap;
  for (const group of groups) {
    group.entries.forEach((entry, index) => {
      const pair = doc.createPair(entry.alarm.logicalId, entry.resource);
      const comment = [
        ...(index === 0 ? [...wrap(group.comment), ''] : []),
        ...(entry.comment ? entry.comment.split('\n') : []),
      ];
      if (isScalar(pair.key)) {
        pair.key.spaceBefore = resources.items.length > 0;
        if (comment.length > 0) {
          pair.key.commentBefore = asComment(comment);
        }
      }
      resources.items.push(pair);
    });
  }
  return doc.toString({ lineWidth: 0 });
}
