import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The policy an adopter gives the role the backend runs under. */
export const IAM_POLICY = resolve(
  __dirname,
  '../../../../docs/iam-policy.json',
);

/** The actions docs/iam-policy.json allows, sorted. */
export function actionsInPolicy(): string[] {
  const policy = JSON.parse(readFileSync(IAM_POLICY, 'utf8')) as {
    Statement: Array<{ Effect: string; Action: string[] }>;
  };
  return policy.Statement.filter(s => s.Effect === 'Allow')
    .flatMap(s => s.Action)
    .sort();
}

/** Where an operation's IAM action has another name than the operation. */
const ACTION_OF_OPERATION: Record<string, string> = {
  'lambda:ListTagsForResource': 'lambda:ListTags',
};

/** The IAM action of an operation, e.g. `cloudwatch:GetMetricData`. */
export function iamActionOf(prefix: string, operation: string): string {
  const action = `${prefix}:${operation}`;
  return ACTION_OF_OPERATION[action] ?? action;
}
