import fc from 'fast-check';
/* eslint-disable no-script-url -- hostile URLs are the test input: they must never become links */
import {
  extractRunbookUrl,
  linkSection,
  pointsIntoRunbook,
  runbookSectionProblem,
} from './runbookLink';

const RUNBOOK = 'https://wiki.example.com/runbooks/orders-api.md';

// Hostile input under test: script URLs that must never come back as a runbook link.
// eslint-disable-next-line no-script-url
const SCRIPT_URL = 'javascript:alert(1)';
// eslint-disable-next-line no-script-url
const MIXED_CASE_SCRIPT_URL = 'JaVaScRiPt:alert(document.cookie)';

describe('extractRunbookUrl', () => {
  describe('where the description holds a URL', () => {
    it.each([
      ['a plain URL after a label', `Runbook: ${RUNBOOK}`, RUNBOOK],
      ['a URL ending the sentence', `See ${RUNBOOK}.`, RUNBOOK],
      ['a URL before a comma', `See ${RUNBOOK}, then page.`, RUNBOOK],
      ['a URL in parentheses', `(runbook: ${RUNBOOK})`, RUNBOOK],
      ['a URL in parentheses before a full stop', `(${RUNBOOK}).`, RUNBOOK],
      ['a markdown link', `[runbook](${RUNBOOK}#errors)`, `${RUNBOOK}#errors`],
      [
        'a markdown link whose text is a URL too',
        '[https://a.example/x](https://b.example/y)',
        'https://a.example/x',
      ],
      ['a markdown autolink', `<${RUNBOOK}>`, RUNBOOK],
      ['an HTML link', `<a href="${RUNBOOK}">runbook</a>`, RUNBOOK],
      ['an HTML link in single quotes', `<a href='${RUNBOOK}'>x</a>`, RUNBOOK],
      ['an HTML-escaped autolink', `&lt;${RUNBOOK}&gt;`, RUNBOOK],
      ['a bold URL', `**${RUNBOOK}**`, RUNBOOK],
      ['a URL in backticks', `\`${RUNBOOK}\``, RUNBOOK],
      ['a label without a space', `Runbook:${RUNBOOK}`, RUNBOOK],
      [
        'an upper-case scheme and host',
        'HTTPS://WIKI.EXAMPLE.COM/Ops',
        'https://wiki.example.com/Ops',
      ],
      [
        'plain http',
        'http://localhost:4599/runbooks/timeout.md',
        'http://localhost:4599/runbooks/timeout.md',
      ],
      [
        'a URL with a fragment',
        `Runbook: ${RUNBOOK}#a-triage-in-3-minutes`,
        `${RUNBOOK}#a-triage-in-3-minutes`,
      ],
      [
        'a URL with a query and a fragment',
        'https://wiki.example.com/page?id=42&v=2#step-1.',
        'https://wiki.example.com/page?id=42&v=2#step-1',
      ],
      [
        'a URL with balanced parentheses',
        'https://en.wikipedia.org/wiki/Timeout_(computing)',
        'https://en.wikipedia.org/wiki/Timeout_(computing)',
      ],
      ['two URLs: the first', `${RUNBOOK} or https://other.example/`, RUNBOOK],
      [
        'a URL on the second line, after spaces and tabs',
        `  \n\t orders-api is failing\n\tRunbook:\t${RUNBOOK}\n`,
        RUNBOOK,
      ],
      [
        'a URL after a non-breaking and an ideographic space',
        `Runbook:\u00a0${RUNBOOK}\u3000next`,
        RUNBOOK,
      ],
      [
        'a URL ending a Japanese sentence',
        `手順は https://wiki.example.com/運用/手順。`,
        'https://wiki.example.com/%E9%81%8B%E7%94%A8/%E6%89%8B%E9%A0%86',
      ],
      [
        'a URL in full-width parentheses',
        `手順（https://wiki.example.com/ops）`,
        'https://wiki.example.com/ops',
      ],
      [
        'an internationalised host, as punycode',
        'https://例え.jp/runbook',
        'https://xn--r8jz45g.jp/runbook',
      ],
      [
        'an IPv6 host',
        'http://[::1]:8080/runbook.',
        'http://[::1]:8080/runbook',
      ],
      [
        'a URL after a javascript: link',
        `[x](javascript:alert(1)) then ${RUNBOOK}`,
        RUNBOOK,
      ],
      [
        'the first valid URL after an empty one',
        `https:// then ${RUNBOOK}`,
        RUNBOOK,
      ],
    ])('finds %s', (_case, description, expected) => {
      expect(extractRunbookUrl({ description })).toBe(expected);
    });
  });

  describe('where the description holds no http(s) URL', () => {
    it.each([
      ['a javascript: link only', SCRIPT_URL],
      [
        'the emulator’s hostile description',
        'The nightly report failed. Runbook: [open the runbook](javascript:alert(1)) or <a href="javascript:alert(1)">javascript:alert(1)</a>',
      ],
      ['a mixed-case JavaScript: link', MIXED_CASE_SCRIPT_URL],
      ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
      ['a file: URL', 'file:///etc/passwd'],
      ['a vbscript: URL', 'vbscript:msgbox(1)'],
      ['a relative link', '[runbook](/docs/runbook.md)'],
      ['a protocol-relative link', '//wiki.example.com/runbook'],
      ['an ftp URL', 'ftp://files.example.com/runbook.md'],
      ['a scheme glued to a word', 'xhttps://wiki.example.com/runbook'],
      ['a scheme inside another', 'git+https://example.com/repo.git'],
      ['a scheme without a host', 'https:///runbook'],
      ['backslashes for slashes', 'https:\\\\wiki.example.com\\runbook'],
      ['only whitespace', ' \n\t '],
      ['nothing', ''],
    ])('gives null for %s', (_case, description) => {
      expect(extractRunbookUrl({ description })).toBeNull();
    });

    it('gives null without a description', () => {
      expect(extractRunbookUrl({})).toBeNull();
      expect(extractRunbookUrl({ description: null })).toBeNull();
    });
  });

  describe('where the alarm has a runbook tag', () => {
    it('uses the tag when the description has no URL', () => {
      expect(
        extractRunbookUrl({
          description: 'orders-api fails requests',
          tags: [{ key: 'runbook', value: ` ${RUNBOOK}#errors ` }],
        }),
      ).toBe(`${RUNBOOK}#errors`);
    });

    it.each(['Runbook', 'RUNBOOK'])('reads the tag key %s in any case', key => {
      expect(extractRunbookUrl({ tags: [{ key, value: RUNBOOK }] })).toBe(
        RUNBOOK,
      );
    });

    it('prefers the description to the tag', () => {
      expect(
        extractRunbookUrl({
          description: `Runbook: ${RUNBOOK}`,
          tags: [{ key: 'runbook', value: 'https://other.example/' }],
        }),
      ).toBe(RUNBOOK);
    });

    it.each([
      SCRIPT_URL,
      MIXED_CASE_SCRIPT_URL,
      'data:text/html,x',
      './docs/runbook.md',
      'see https://wiki.example.com/runbook',
      'https:\\\\wiki.example.com',
      'https:///wiki.example.com',
      '',
    ])('ignores a tag value that is not an http(s) URL: %j', value => {
      expect(
        extractRunbookUrl({ tags: [{ key: 'runbook', value }] }),
      ).toBeNull();
    });

    it('ignores other tags', () => {
      expect(
        extractRunbookUrl({ tags: [{ key: 'docs', value: RUNBOOK }] }),
      ).toBeNull();
    });
  });

  it('never returns anything but an absolute http(s) URL, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.string({ maxLength: 40 }),
        (description, tagValue) => {
          const url = extractRunbookUrl({
            description,
            tags: [{ key: 'runbook', value: tagValue }],
          });
          const protocol = url === null ? null : new URL(url).protocol;
          expect([null, 'http:', 'https:']).toContain(protocol);
        },
      ),
    );
  });

  it('finds any http(s) URL placed in prose', () => {
    fc.assert(
      fc.property(
        fc.webUrl({ validSchemes: ['http', 'https'], withFragments: true }),
        fc.constantFrom(' ', '\n', ': ', ' (', ' <'),
        // A closing parenthesis is left out: after a URL that opens one it is ambiguous.
        fc.constantFrom('', ' ', '.', '>', ', more', '\n\nmore'),
        (url, before, after) => {
          const found = extractRunbookUrl({
            description: `Runbook${before}${url}${after}`,
          });
          // Trailing punctuation of the URL itself reads as prose and may be trimmed.
          expect(found).not.toBeNull();
          expect(new URL(url).href.startsWith(found!.replace(/\/$/, ''))).toBe(
            true,
          );
        },
      ),
    );
  });
});

describe('runbookSectionProblem', () => {
  const runbook = {
    url: 'http://localhost:4599/runbooks/orders-api.md',
    headingIds: [
      'runbook-orders-api',
      'errors',
      'a-triage-in-3-minutes',
      'b-stop-the-bleeding-safest-first',
      'c-permanent-fix',
    ],
  };

  it('explains a link to a section the runbook does not have', () => {
    expect(
      runbookSectionProblem(
        'http://localhost:4599/runbooks/orders-api.md#latency',
        runbook,
      ),
    ).toBe(
      'Links to section #latency, which the runbook orders-api.md does not have; link an existing section such as #errors',
    );
  });

  it('suggests the closest heading for a mistyped section', () => {
    expect(
      runbookSectionProblem(
        'http://localhost:4599/runbooks/orders-api.md#a-triage-in-5-minutes',
        runbook,
      ),
    ).toMatch(/such as #a-triage-in-3-minutes$/);
  });

  it.each([
    ['a section the runbook has', `${runbook.url}#errors`],
    ['the runbook without a section', runbook.url],
    ['an empty fragment', `${runbook.url}#`],
    ['another runbook', 'http://localhost:4599/runbooks/timeout.md#latency'],
    ['another host', 'https://wiki.example.com/runbooks/orders-api.md#latency'],
    ['no runbook link', null],
    ['something that is not a URL', 'not a url#latency'],
    ['GitHub’s prefixed anchor', `${runbook.url}#user-content-errors`],
  ])('gives null for %s', (_case, link) => {
    expect(runbookSectionProblem(link, runbook)).toBeNull();
  });

  it('gives null when the entity has no runbook', () => {
    expect(runbookSectionProblem(`${runbook.url}#latency`, null)).toBeNull();
  });

  it('compares the URLs once normalised', () => {
    expect(
      runbookSectionProblem(
        'HTTP://LOCALHOST:4599/runbooks/orders-api.md#errors',
        runbook,
      ),
    ).toBeNull();
    expect(
      runbookSectionProblem(
        'HTTP://LOCALHOST:4599/runbooks/orders-api.md#nope',
        runbook,
      ),
    ).toMatch(/^Links to section #nope, /);
  });

  it('compares percent-encoded sections with unicode heading ids', () => {
    const japanese = {
      url: 'https://wiki.example.com/runbooks/注文.md',
      headingIds: ['概要', '手順'],
    };
    expect(
      runbookSectionProblem(
        'https://wiki.example.com/runbooks/注文.md#手順',
        japanese,
      ),
    ).toBeNull();
    expect(
      runbookSectionProblem(
        'https://wiki.example.com/runbooks/%E6%B3%A8%E6%96%87.md#%E5%BE%A9%E6%97%A7',
        japanese,
      ),
    ).toBe(
      'Links to section #復旧, which the runbook 注文.md does not have; link an existing section such as #概要',
    );
  });

  it('says to link the runbook itself when it has no headings', () => {
    expect(
      runbookSectionProblem(`${runbook.url}#errors`, {
        url: runbook.url,
        headingIds: [],
      }),
    ).toBe(
      'Links to section #errors, which the runbook orders-api.md does not have; it has no headings, so link the runbook without a section',
    );
  });
});

const GITHUB_RUNBOOK =
  'https://github.com/acme/orders-api/blob/main/docs/runbook.md';

describe('pointsIntoRunbook', () => {
  it.each([
    [`${GITHUB_RUNBOOK}#errors`, true],
    [GITHUB_RUNBOOK, true],
    [`${GITHUB_RUNBOOK}#`, true],
    [
      'https://github.com/acme/orders-api/blob/main/docs/timeout.md#errors',
      false,
    ],
    [
      'https://github.com/acme/orders-api/blob/main/docs/runbook.md?plain=1',
      false,
    ],
    ['javascript:alert(1)//#errors', false],
  ])('says %s points into the runbook: %s', (link, expected) => {
    expect(pointsIntoRunbook(link, GITHUB_RUNBOOK)).toBe(expected);
  });

  it('says nothing points into a runbook without a URL', () => {
    expect(pointsIntoRunbook(`${GITHUB_RUNBOOK}#errors`, null)).toBe(false);
  });
});

describe('linkSection', () => {
  it.each([
    [`${GITHUB_RUNBOOK}#a-triage-in-3-minutes`, 'a-triage-in-3-minutes'],
    [`${GITHUB_RUNBOOK}#caf%C3%A9`, 'café'],
    [`${GITHUB_RUNBOOK}#100%`, '100%'],
    [GITHUB_RUNBOOK, null],
    [`${GITHUB_RUNBOOK}#`, null],
  ])('reads the section of %s as %j', (link, expected) => {
    expect(linkSection(link)).toBe(expected);
  });
});
