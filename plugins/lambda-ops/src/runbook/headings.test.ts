import { assignHeadingIds, headingTree } from './headings';

describe('headingTree', () => {
  it('nests headings under the nearest one with a smaller level', () => {
    const tree = headingTree([
      { id: 'runbook', text: 'Runbook', level: 1 },
      { id: 'a', text: 'A', level: 2 },
      { id: 'a1', text: 'A1', level: 3 },
      { id: 'b', text: 'B', level: 2 },
      { id: 'deep', text: 'Deep', level: 4 },
    ]);

    const shape = (nodes: typeof tree): unknown =>
      nodes.map(node => [node.heading.id, shape(node.children)]);
    expect(shape(tree)).toEqual([
      [
        'runbook',
        [
          ['a', [['a1', []]]],
          ['b', [['deep', []]]],
        ],
      ],
    ]);
  });

  it('keeps headings without a parent at the top', () => {
    const tree = headingTree([
      { id: 'a', text: 'A', level: 2 },
      { id: 'b', text: 'B', level: 2 },
    ]);
    expect(tree.map(node => node.heading.id)).toEqual(['a', 'b']);
  });
});

describe('assignHeadingIds', () => {
  function container(html: string): HTMLElement {
    const div = document.createElement('div');
    div.innerHTML = html;
    return div;
  }

  it('gives the rendered headings the backend ids, duplicates included', () => {
    const div = container(
      '<h1 id="runbook">Runbook</h1><h2 id="a--triage">A. Triage</h2><p>x</p><h2 id="a--triage">A. Triage</h2>',
    );

    const assigned = assignHeadingIds(div, [
      { id: 'runbook', text: 'Runbook', level: 1 },
      { id: 'a-triage', text: 'A. Triage', level: 2 },
      { id: 'a-triage-1', text: 'A. Triage', level: 2 },
    ]);

    expect(assigned).toBe(3);
    expect(
      Array.from(div.querySelectorAll('h1, h2')).map(element => element.id),
    ).toEqual(['runbook', 'a-triage', 'a-triage-1']);
  });

  it('matches headings whose markup the backend dropped from the text', () => {
    const div = container(
      '<h2>Do <code>Duration</code> and memory saturate?</h2>',
    );

    assignHeadingIds(div, [
      {
        id: 'do-duration-and-memory-saturate',
        text: 'Do Duration and memory saturate?',
        level: 2,
      },
    ]);

    expect(div.querySelector('h2')!.id).toBe('do-duration-and-memory-saturate');
  });

  it('takes the id away from a heading the backend does not list', () => {
    const div = container(
      '<h2 id="errors">Errors</h2><h2 id="errors">Errors</h2>',
    );

    assignHeadingIds(div, [{ id: 'errors', text: 'Errors', level: 2 }]);

    const [first, second] = Array.from(div.querySelectorAll('h2'));
    expect(first.id).toBe('errors');
    expect(second.hasAttribute('id')).toBe(false);
  });
});
