import {
  headingSlug,
  RunbookHeading,
} from '@lambda-ops/backstage-plugin-common';

/** One heading of the index with the headings under it. */
export interface HeadingNode {
  heading: RunbookHeading;
  children: HeadingNode[];
}

/**
 * The flat heading list as a tree: each heading goes under the nearest heading
 * before it with a smaller level. A document that skips levels (`#` then `###`)
 * nests by order, not by the number of `#`.
 */
export function headingTree(headings: RunbookHeading[]): HeadingNode[] {
  const roots: HeadingNode[] = [];
  const stack: HeadingNode[] = [];
  for (const heading of headings) {
    const node: HeadingNode = { heading, children: [] };
    while (
      stack.length > 0 &&
      stack[stack.length - 1].heading.level >= heading.level
    ) {
      stack.pop();
    }
    if (stack.length === 0) {
      roots.push(node);
    } else {
      stack[stack.length - 1].children.push(node);
    }
    stack.push(node);
  }
  return roots;
}

const HEADING_SELECTOR = 'h1, h2, h3, h4, h5, h6';

/** The rendered heading with this id inside the container, if any. */
export function findHeading(
  container: HTMLElement,
  id: string,
): HTMLElement | undefined {
  return Array.from(
    container.querySelectorAll<HTMLElement>(HEADING_SELECTOR),
  ).find(element => element.id === id);
}

/**
 * Gives the rendered headings of a runbook the backend's anchors.
 *
 * Backstage's `MarkdownContent` gives a heading the id `text.toLowerCase()` with every
 * non-word character turned into `-` ("A. Triage" → `a--triage`), not GitHub's
 * (`a-triage`), and offers no way to change it; alarm descriptions and the runbook's
 * own links use GitHub's anchors. So once the markdown is in the DOM, each rendered
 * heading is matched, in document order, to the next backend heading with the same
 * slug, and takes its id. A rendered heading the backend does not list (raw HTML)
 * loses its id, so it cannot shadow a listed one.
 *
 * React leaves these ids alone: it only writes an attribute when the prop changes,
 * and the renderer's prop stays the same for the same markdown.
 *
 * @returns the number of rendered headings that were given an id.
 */
export function assignHeadingIds(
  container: HTMLElement,
  headings: RunbookHeading[],
): number {
  let next = 0;
  let assigned = 0;
  for (const element of Array.from(
    container.querySelectorAll<HTMLElement>(HEADING_SELECTOR),
  )) {
    const slug = headingSlug(element.textContent ?? '');
    let match = -1;
    for (let i = next; i < headings.length; i++) {
      if (headingSlug(headings[i].text) === slug) {
        match = i;
        break;
      }
    }
    if (match === -1) {
      element.removeAttribute('id');
      continue;
    }
    if (element.id !== headings[match].id) {
      element.id = headings[match].id;
    }
    next = match + 1;
    assigned++;
  }
  return assigned;
}
