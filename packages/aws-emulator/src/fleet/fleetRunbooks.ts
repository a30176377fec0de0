import { FleetTeam } from './layout';

/**
 * The runbook of a team that has written one: the three parts every runbook has, then a
 * section per kind of alarm, whose anchors (`#errors`, `#event-age`, …) the alarms link to.
 */
export function teamRunbook(team: FleetTeam, accountName: string): string {
  return `# Runbook: ${team.title} Lambda functions

Every alarm of a ${team.title} function links a section below. The functions run in the
\`${accountName}\` account; roll back by pointing the \`PROD\` alias at the previous version.

## A. Triage in 3 minutes

1. **Was there a deploy in the last 60 minutes?** The Operations tab shows it on the change
   timeline. If yes: roll back first (B.1), ask why later.
2. **Do \`Duration\` and memory saturate together?** Then the function is starved: B.2.
3. **Are there \`Throttles\`?** Compare \`ConcurrentExecutions\` with the reserved
   concurrency: B.3.

## B. Stop the bleeding, safest first

1. **Roll back the alias**:
   \`aws lambda update-alias --function-name <function> --name PROD --function-version <previous>\`.
2. **Give it more memory**, which also gives it more CPU.
3. **Raise reserved concurrency** if throttles come from our own limit.
4. **Lengthen the timeout** only as a stopgap.

## C. Permanent fix

- Find the cause in the traces of the failed requests, fix it, canary the fix.
- Revisit the SLO once the fix has held for a full window.

## Errors

The function fails requests faster than its error budget allows. Start with A.1: most
error bursts follow a deploy.

## Latency

p95 \`Duration\` is above 500 ms. Check a slow dependency before adding memory.

## Event age

Events wait more than 5 minutes. Look for a failing consumer (errors, throttles) before
raising concurrency.

## Dead letters

Events went to the dead-letter queue. Read a message, fix the cause, then redrive the
queue.

## Failed runs

A scheduled run failed. Rerun it by hand once the cause is fixed; check that it finishes
before its deadline.
`;
}
