import { headingSlug, runbookHeadings } from './headings';

describe('runbookHeadings', () => {
  it('finds the three parts of a runbook with the anchors GitHub gives them', () => {
    const markdown = [
      '# Orders API runbook',
      '',
      '## A. Triage in 3 minutes',
      'Was there a deploy in the last 60 minutes?',
      '## B. Stop the bleeding, safest first',
      '### Roll back (1st choice)',
      '## C. Permanent fix',
    ].join('\n');
    expect(runbookHeadings(markdown)).toEqual([
      { id: 'orders-api-runbook', text: 'Orders API runbook', level: 1 },
      { id: 'a-triage-in-3-minutes', text: 'A. Triage in 3 minutes', level: 2 },
      {
        id: 'b-stop-the-bleeding-safest-first',
        text: 'B. Stop the bleeding, safest first',
        level: 2,
      },
      {
        id: 'roll-back-1st-choice',
        text: 'Roll back (1st choice)',
        level: 3,
      },
      { id: 'c-permanent-fix', text: 'C. Permanent fix', level: 2 },
    ]);
  });

  it.each([
    ['## Timeout', 'timeout'],
    ['## DLQ growth / replay', 'dlq-growth--replay'],
    ['## snake_case and kebab-case', 'snake_case-and-kebab-case'],
    ['## What’s “throttling”?', 'whats-throttling'],
    ['## Déploiement échoué', 'déploiement-échoué'],
    ['## 障害対応 手順', '障害対応-手順'],
    ['## 🚀 Deploy', '-deploy'],
    ['## p95 > 500 ms & memory', 'p95--500-ms--memory'],
    ['## Step 1: check `Throttles`', 'step-1-check-throttles'],
    ['## Spaces   kept  as dashes', 'spaces---kept--as-dashes'],
  ])('gives %j the anchor %j', (line, id) => {
    expect(runbookHeadings(line)[0].id).toBe(id);
  });

  it.each([
    ['## **Bold** and *italic* and _under_', 'Bold and italic and under'],
    ['## ***Both*** and __strong__', 'Both and strong'],
    ['## Use `aws lambda update-function`', 'Use aws lambda update-function'],
    ['## ``code with ` tick``', 'code with ` tick'],
    ['## `**not emphasis**`', '**not emphasis**'],
    ['## [Dashboards](https://example.com/d) first', 'Dashboards first'],
    ['## ![icon](icon.png) Alarms', 'icon Alarms'],
    ['## See [the guide][guide]', 'See the guide'],
    ['## Press <kbd>Ctrl</kbd>+<kbd>C</kbd>', 'Press Ctrl+C'],
    ['## Link <https://example.com>', 'Link https://example.com'],
    ['## ~~Old~~ New', 'Old New'],
    ['## Escaped \\*stars\\* stay', 'Escaped *stars* stay'],
    ['## R&amp;D &#8212; notes', 'R&D — notes'],
    ['## keep_snake_case', 'keep_snake_case'],
    ['## Closing hashes ##', 'Closing hashes'],
    ['## Hash#tag', 'Hash#tag'],
    ['   ### Indented by three', 'Indented by three'],
  ])('reads %j as the text %j', (line, text) => {
    expect(runbookHeadings(line)[0].text).toBe(text);
  });

  it('numbers repeated anchors as GitHub does', () => {
    const markdown = [
      '## Checks',
      '## Checks',
      '## Checks',
      '## Checks-1',
      '## checks!',
    ].join('\n');
    expect(runbookHeadings(markdown).map(h => h.id)).toEqual([
      'checks',
      'checks-1',
      'checks-2',
      'checks-1-1',
      'checks-3',
    ]);
  });

  it('skips fenced code blocks, whichever fence they use', () => {
    const markdown = [
      '# Runbook',
      '```bash',
      '# not a heading: a shell comment',
      '```',
      '~~~~',
      '# still code',
      '~~~',
      '# still code: the fence is four tildes',
      '~~~~',
      '````md',
      '```',
      '# nested fence is still code',
      '```',
      '````',
      '## After the code',
    ].join('\n');
    expect(runbookHeadings(markdown).map(h => h.text)).toEqual([
      'Runbook',
      'After the code',
    ]);
  });

  it('treats an unclosed fence as code to the end', () => {
    expect(
      runbookHeadings('# Top\n```\n# inside\n## more').map(h => h.text),
    ).toEqual(['Top']);
  });

  it('does not take inline code with backticks for a fence', () => {
    expect(
      runbookHeadings('```js `x` ```\n# Heading').map(h => h.text),
    ).toEqual(['Heading']);
  });

  it('takes only ATX headings', () => {
    const markdown = [
      '#hashtag',
      '####### seven is too many',
      '    # indented four: code',
      '\\# escaped',
      '> # quoted',
      'Setext',
      '======',
      '#',
      '## ##',
      '###### Six',
    ].join('\n');
    expect(runbookHeadings(markdown)).toEqual([
      { id: 'six', text: 'Six', level: 6 },
    ]);
  });

  it('skips YAML front matter and reads any line ending', () => {
    const markdown =
      '---\r\n# comment: x\r\ntitle: Runbook\r\n---\r\n# One\r## Two';
    expect(runbookHeadings(markdown).map(h => h.id)).toEqual(['one', 'two']);
  });

  it('gives nothing for a document without headings', () => {
    expect(runbookHeadings('')).toEqual([]);
    expect(runbookHeadings('Just text.\n\nMore text.')).toEqual([]);
  });
});

describe('headingSlug', () => {
  it.each([
    ['Errors', 'errors'],
    ['A. Triage in 3 minutes', 'a-triage-in-3-minutes'],
    ['B. Stop the bleeding, safest first', 'b-stop-the-bleeding-safest-first'],
    ['Runbook: orders-api', 'runbook-orders-api'],
    ['Throttles?', 'throttles'],
    [
      'Do Duration and memory saturate together?',
      'do-duration-and-memory-saturate-together',
    ],
    ['snake_case and Café', 'snake_case-and-café'],
  ])('makes %j into %j', (text, slug) => {
    expect(headingSlug(text)).toBe(slug);
  });
});
