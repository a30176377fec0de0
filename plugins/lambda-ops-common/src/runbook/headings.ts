import type { RunbookHeading } from '../types';

/**
 * Characters GitHub drops from a heading's text to make its anchor: every punctuation mark
 * except connector punctuation (`_`) and a plain `-`, every symbol (emoji included), control
 * and format characters, separators other than a plain space, and "other" numbers (`²`,
 * `½`). Letters, marks and digits stay. Same categories as github-slugger
 * (https://github.com/Flet/github-slugger, script/generate-regex.mjs), which emulates
 * GitHub's renderer.
 */
const SLUG_REMOVE =
  /(?![\p{Alphabetic} -])[\p{No}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{Pd}\p{S}\p{Cc}\p{Co}\p{Cf}\p{Cn}\p{Z}]/gu;

/** An ATX heading: up to three spaces, one to six `#`, then a space, a tab or the end. */
const ATX_HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/;
/** The optional closing sequence of an ATX heading (`## Title ##`). */
const ATX_CLOSING = /(?:^|[ \t]+)#+[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/**
 * GitHub's anchor for a heading's text, before duplicates are numbered
 * (`A. Triage in 3 minutes` becomes `a-triage-in-3-minutes`). Also tells which rendered
 * heading a listed one is.
 *
 * @public
 */
export function headingSlug(text: string): string {
  return text.trim().toLowerCase().replace(SLUG_REMOVE, '').replace(/ /g, '-');
}

function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g,
    (whole, decimal?: string, hex?: string, name?: string) => {
      if (name !== undefined) {
        return ENTITIES[name] ?? whole;
      }
      const codePoint = parseInt(decimal ?? hex ?? '', decimal ? 10 : 16);
      return codePoint > 0 && codePoint <= 0x10ffff
        ? String.fromCodePoint(codePoint)
        : '\ufffd';
    },
  );
}

/** Removes repeatedly, since emphasis nests (`***a***`, `**_a_**`). */
function replaceUntilStable(
  text: string,
  pattern: RegExp,
  replacement: string,
): string {
  let current = text;
  for (;;) {
    const next = current.replace(pattern, replacement);
    if (next === current) {
      return current;
    }
    current = next;
  }
}

/** Inline markdown of a stretch of text that holds no code span, reduced to its text. */
function stripInline(source: string): string {
  // Backslash escapes are set aside first so that `\*` is never taken for emphasis.
  const escaped: string[] = [];
  let text = source.replace(/\\([!-/:-@[-`{-~])/g, (_whole, char: string) => {
    escaped.push(char);
    return `\ue000${escaped.length - 1}\ue001`;
  });
  text = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/g, '$1')
    .replace(/<([^\s<>@]+@[^\s<>@]+)>/g, '$1')
    .replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/g, '');
  text = replaceUntilStable(text, /~~?(?=\S)(.*?\S)~~?/g, '$1');
  text = replaceUntilStable(text, /(\*{1,3})(?=\S)(.*?\S)\1/g, '$2');
  // `_` is emphasis only at a word's edge: snake_case_names keep their underscores.
  text = replaceUntilStable(
    text,
    /(^|[^\p{L}\p{N}_])(_{1,3})(?=\S)(.*?\S)\2(?![\p{L}\p{N}_])/gu,
    '$1$3',
  );
  text = decodeEntities(text);
  return text.replace(
    /\ue000(\d+)\ue001/g,
    (_whole, index: string) => escaped[Number(index)],
  );
}

/** A heading's inline markdown reduced to the text a reader sees. */
function plainText(source: string): string {
  let text = '';
  let last = 0;
  // A code span: a run of backticks, then anything up to a run of the same length.
  const codeSpan = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  for (const match of source.matchAll(codeSpan)) {
    text += stripInline(source.slice(last, match.index));
    const code = match[2];
    text +=
      code.length > 2 && code.startsWith(' ') && code.endsWith(' ')
        ? code.slice(1, -1)
        : code;
    last = match.index + match[0].length;
  }
  return (text + stripInline(source.slice(last))).trim();
}

/**
 * The ATX headings (`#` to `######`) of a markdown document, in order, with the anchors
 * GitHub gives them: lowercase, punctuation other than `-` and `_` dropped, spaces turned
 * to `-`, and a repeated anchor numbered `-1`, `-2`… (`## A. Triage in 3 minutes` →
 * `a-triage-in-3-minutes`). Fenced code blocks and YAML front matter are skipped; the text
 * is what a reader sees, without inline markdown. Setext headings (underlined with `===`)
 * and headings inside block quotes or list items are not taken.
 *
 * @public
 */
export function runbookHeadings(markdown: string): RunbookHeading[] {
  const lines = markdown.replace(/\0/g, '\ufffd').split(/\r\n|\r|\n/);
  const headings: RunbookHeading[] = [];
  const occurrences = new Map<string, number>();
  let fence: { char: string; length: number } | undefined;
  let start = 0;

  if (lines[0]?.trimEnd() === '---') {
    const end = lines.findIndex(
      (line, index) =>
        index > 0 && (line.trimEnd() === '---' || line.trimEnd() === '...'),
    );
    if (end > 0) {
      start = end + 1;
    }
  }

  for (const line of lines.slice(start)) {
    if (fence) {
      const close = FENCE_CLOSE.exec(line);
      if (
        close &&
        close[1][0] === fence.char &&
        close[1].length >= fence.length
      ) {
        fence = undefined;
      }
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    // A backtick fence's info string may not hold a backtick (that is inline code).
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = { char: open[1][0], length: open[1].length };
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (!heading) {
      continue;
    }
    const text = plainText(heading[2].replace(ATX_CLOSING, ''));
    if (!text) {
      continue;
    }
    // Numbered as github-slugger does: "a", "a", "a-1" give "a", "a-1", "a-1-1".
    const base = headingSlug(text);
    let id = base;
    while (occurrences.has(id)) {
      const count = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, count);
      id = `${base}-${count}`;
    }
    occurrences.set(id, 0);
    headings.push({ id, text, level: heading[1].length });
  }
  return headings;
}
