// The install steps of the plugin READMEs, read from their fenced code blocks and applied
// to an app, so that a README that drifts from what works fails the adopter test. A block
// names the file it is for on its first line (`// packages/backend/src/index.ts`,
// `# app-config.yaml`); the headings above it say which step it belongs to.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/** Every fenced block of a markdown file, with its language, caption and headings. */
export function readBlocks(readmePath) {
  const blocks = [];
  const headings = [];
  let open;
  for (const line of readFileSync(readmePath, 'utf8').split('\n')) {
    const fence = /^\s*```(\w*)\s*$/.exec(line);
    if (open) {
      if (fence) {
        const [first = '', ...rest] = open.lines;
        const caption = /^\s*(?:\/\/|#)\s*(\S+)\s*$/.exec(first)?.[1];
        const body = caption ? rest : open.lines;
        blocks.push({ ...open, caption, code: body.join('\n') });
        open = undefined;
      } else {
        open.lines.push(line);
      }
    } else if (fence) {
      open = { lang: fence[1], headings: [...headings], lines: [] };
    } else {
      const heading = /^(#{2,4}) (.*)$/.exec(line);
      if (heading) {
        headings.length = heading[1].length - 2;
        headings.push(heading[2].trim());
      }
    }
  }
  return blocks;
}

/** The blocks under a heading, optionally for one file; fails when the README has none. */
export function blocksUnder(blocks, heading, { caption, lang, readme } = {}) {
  const found = blocks.filter(
    block =>
      block.headings.includes(heading) &&
      (caption === undefined || block.caption === caption) &&
      (lang === undefined || block.lang === lang),
  );
  if (found.length === 0) {
    throw new Error(
      `${readme ?? 'The README'} has no ${lang ?? ''} block${
        caption ? ` for ${caption}` : ''
      } under "${heading}" any more: the adopter test follows that step`,
    );
  }
  return found;
}

function mergeDeep(target, source) {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current)
    ) {
      mergeDeep(current, value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

const stripLineComments = jsonc =>
  jsonc
    .split('\n')
    .filter(line => !/^\s*\/\//.test(line))
    .join('\n');

/** Merges a README's `jsonc` block into the package.json it names. */
export function mergePackageJson(appDir, block) {
  const file = join(appDir, block.caption);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  mergeDeep(json, JSON.parse(stripLineComments(block.code)));
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  return json;
}

/** Merges a README's YAML block into the app's config file it names. */
export function mergeConfig(appDir, block, adjust = config => config) {
  const file = join(appDir, block.caption);
  const config = parseYaml(readFileSync(file, 'utf8')) ?? {};
  mergeDeep(config, adjust(parseYaml(block.code)));
  writeFileSync(file, stringifyYaml(config));
}

/** Adds the README's `backend.add(...)` lines before `backend.start()`. */
export function addToBackend(appDir, block) {
  const file = join(appDir, block.caption);
  const source = readFileSync(file, 'utf8');
  const additions = block.code
    .split('\n')
    .filter(line => line.trim().startsWith('backend.add('));
  if (additions.length === 0 || !source.includes('backend.start();')) {
    throw new Error(
      `Cannot add ${block.caption}: the README block has no backend.add(...) or the app's file no backend.start()`,
    );
  }
  writeFileSync(
    file,
    source.replace(
      'backend.start();',
      `${additions.join('\n')}\n\nbackend.start();`,
    ),
  );
}

/**
 * Applies a README block of the legacy `EntityPage.tsx`: its imports, and the elements it
 * shows after `{/* ...other … *\/}` placed at the end of the same constant in the app's
 * file (`const serviceEntityPage = (<EntityLayout> … </EntityLayout>);`).
 */
export function addToEntityPage(appDir, block) {
  const file = join(appDir, block.caption);
  let source = readFileSync(file, 'utf8');

  const importMatch = /import \{([^}]*)\} from '([^']+)';/.exec(block.code);
  const constMatch = /const (\w+) = \(\s*<([\w.]+)[^>]*>/.exec(block.code);
  const placeholder = block.code.indexOf('{/* ...other');
  if (!importMatch || !constMatch || placeholder < 0) {
    throw new Error(
      `The README block for ${block.caption} no longer shows an import, a constant and a {/* ...other */} placeholder`,
    );
  }
  const [, constName, container] = constMatch;
  const closing = `</${container}>`;
  const afterPlaceholder = block.code.slice(
    block.code.indexOf('\n', placeholder) + 1,
  );
  // Whole lines, up to the line that closes the container.
  const elements = afterPlaceholder.slice(
    0,
    afterPlaceholder.lastIndexOf('\n', afterPlaceholder.lastIndexOf(closing)) +
      1,
  );

  const names = importMatch[1]
    .split(',')
    .map(name => name.trim())
    .filter(Boolean);
  const existing = new RegExp(
    `import \\{([^}]*)\\} from '${importMatch[2]}';\\n`,
  ).exec(source);
  if (existing) {
    const merged = new Set([
      ...existing[1]
        .split(',')
        .map(n => n.trim())
        .filter(Boolean),
      ...names,
    ]);
    source = source.replace(
      existing[0],
      `import { ${[...merged].join(', ')} } from '${importMatch[2]}';\n`,
    );
  } else {
    source = `import { ${names.join(', ')} } from '${
      importMatch[2]
    }';\n${source}`;
  }

  const start = source.indexOf(`const ${constName} = (`);
  const end = source.indexOf('\n);', start);
  const at = source.lastIndexOf('\n', source.lastIndexOf(closing, end)) + 1;
  if (start < 0 || end < 0 || at <= start) {
    throw new Error(
      `The app's ${block.caption} has no "const ${constName} = (<${container}> … ${closing})" for the README's step`,
    );
  }
  writeFileSync(file, source.slice(0, at) + elements + source.slice(at));
}
