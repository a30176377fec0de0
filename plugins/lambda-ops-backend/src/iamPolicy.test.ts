import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/*
 * docs/iam-policy.json is what an adopter gives the role the backend runs under. It must
 * name exactly the AWS actions the code can send: one missing breaks a part of the tab
 * with AccessDenied, one too many grants what nothing uses. The actions are read from the
 * backend's source, where every AWS call is a `…Command` or `paginate…` of an SDK client.
 */

const SOURCE = resolve(__dirname);
const POLICY = resolve(__dirname, '../../../docs/iam-policy.json');

/** The IAM prefix of each SDK client package. */
const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-application-signals': 'application-signals',
  '@aws-sdk/client-lambda': 'lambda',
};

/** Where an operation's IAM action has another name than the operation. */
const ACTION_OF_OPERATION: Record<string, string> = {
  'lambda:ListTagsForResource': 'lambda:ListTags',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('__') ? [] : sourceFiles(path);
    }
    return /(?<!\.test)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Every AWS action the backend's source can send, as IAM names it. */
function actionsInSource(): string[] {
  const actions = new Set<string>();
  const imports =
    /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z-]+)'/g;
  for (const file of sourceFiles(SOURCE)) {
    for (const [, names, pkg] of readFileSync(file, 'utf8').matchAll(imports)) {
      const prefix = IAM_PREFIX[pkg];
      if (!prefix) {
        throw new Error(`${file} imports ${pkg}, which has no IAM prefix here`);
      }
      for (const name of names.split(',').map(n => n.trim())) {
        const operation =
          /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        if (operation) {
          const action = `${prefix}:${operation}`;
          actions.add(ACTION_OF_OPERATION[action] ?? action);
        }
      }
    }
  }
  return [...actions].sort();
}

function actionsInPolicy(): string[] {
  const policy = JSON.parse(readFileSync(POLICY, 'utf8')) as {
    Statement: Array<{ Effect: string; Action: string[] }>;
  };
  return policy.Statement.filter(s => s.Effect === 'Allow')
    .flatMap(s => s.Action)
    .sort();
}

describe('docs/iam-policy.json', () => {
  it('names exactly the AWS actions the backend sends', () => {
    const sent = actionsInSource();
    const granted = actionsInPolicy();
    expect({
      missingFromPolicy: sent.filter(a => !granted.includes(a)),
      neverSent: granted.filter(a => !sent.includes(a)),
    }).toEqual({ missingFromPolicy: [], neverSent: [] });
    expect(sent.length).toBeGreaterThan(0);
  });

  it('grants nothing that writes', () => {
    expect(
      actionsInPolicy().filter(a => !/:(Get|List|Describe|BatchGet)/.test(a)),
    ).toEqual([]);
  });
});
