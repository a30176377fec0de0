import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { actionsInPolicy, iamActionOf } from './__testUtils__/iamPolicy';

/*
 * docs/iam-policy.json is what an adopter gives the role the backend runs under. It must
 * name exactly the AWS actions the code can send: one missing breaks a part of the tab
 * with AccessDenied, one too many grants what nothing uses. Here the actions are read from
 * the backend's source, where every AWS call is a `…Command` or `paginate…` of an SDK
 * client; iamPolicy.runtime.test.ts checks them against the calls the backend sends.
 */

const SOURCE = resolve(__dirname);

/** The IAM prefix of each SDK client package. */
const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-application-signals': 'application-signals',
  '@aws-sdk/client-lambda': 'lambda',
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
          actions.add(iamActionOf(prefix, operation));
        }
      }
    }
  }
  return [...actions].sort();
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
