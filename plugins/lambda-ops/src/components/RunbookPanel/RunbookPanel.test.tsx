import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { RunbookResponse } from '@lambda-ops/backstage-plugin-common';
import type { Entity } from '@backstage/catalog-model';
import {
  annotatedEntity,
  noRunbookEntity,
  RUNBOOK_URL,
  runbookFixture,
  runbookReferenceFixture,
} from '../../__fixtures__/operations';
import { LambdaOpsApi, lambdaOpsApiRef } from '../../api';
import { useRunbook } from '../../hooks/useRunbook';
import { RunbookPanel } from './RunbookPanel';
import type { RunbookTarget } from './RunbookView';

const entityRef = {
  namespace: 'default',
  kind: 'Component',
  name: 'orders-api',
};

/** The panel with the runbook request the tab starts for the entity. */
function PanelForEntity(props: {
  entity: Entity;
  runbook: ReturnType<typeof runbookReferenceFixture> | null;
  target?: RunbookTarget;
}) {
  return (
    <RunbookPanel
      request={useRunbook(props.entity)}
      runbook={props.runbook}
      target={props.target}
    />
  );
}

function renderPanel(
  getRunbook: LambdaOpsApi['getRunbook'],
  options: {
    entity?: Entity;
    runbook?: ReturnType<typeof runbookReferenceFixture> | null;
    target?: RunbookTarget;
  } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[lambdaOpsApiRef, { getRunbook }]]}>
      <PanelForEntity
        entity={options.entity ?? annotatedEntity}
        runbook={
          options.runbook === undefined
            ? runbookReferenceFixture()
            : options.runbook
        }
        target={options.target}
      />
    </TestApiProvider>,
  );
}

function respondWith(runbook: RunbookResponse) {
  return jest.fn<Promise<RunbookResponse>, any[]>(async () => runbook);
}

async function errorResponse(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

/** The rendered markdown, once its lazily loaded renderer is in. */
async function renderedMarkdown(): Promise<HTMLElement> {
  await screen.findByRole('heading', { name: 'C. Permanent fix' });
  return screen.getByTestId('lambda-ops-runbook-content');
}

function headingIds(container: HTMLElement): Array<string | null> {
  return Array.from(container.querySelectorAll('h1, h2, h3, h4, h5, h6')).map(
    heading => heading.getAttribute('id'),
  );
}

describe('RunbookPanel', () => {
  it('says how to annotate a runbook when there is none, without asking the backend', async () => {
    const getRunbook = respondWith(runbookFixture());
    await renderPanel(getRunbook, {
      entity: noRunbookEntity,
      runbook: null,
    });

    expect(
      screen.getByRole('heading', { name: 'Runbook' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No runbook annotated — add lambda-ops/runbook'),
    ).toBeInTheDocument();
    expect(getRunbook).not.toHaveBeenCalled();
  });

  it('shows progress while the runbook is on its way, and asks for the entity in context', async () => {
    const getRunbook = jest.fn(() => new Promise<RunbookResponse>(() => {}));
    await renderPanel(getRunbook);

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(getRunbook).toHaveBeenCalledWith(entityRef);
    expect(screen.getByText('./docs/runbook.md')).toBeInTheDocument();
  });

  it('shows a nested index of the sections', async () => {
    await renderPanel(respondWith(runbookFixture()));

    const index = await screen.findByRole('navigation', { name: 'Sections' });
    const top = within(index).getAllByRole('list')[0];
    const topItems = Array.from(top.children);
    expect(topItems).toHaveLength(1);
    expect(
      within(topItems[0] as HTMLElement).getByRole('link', {
        name: 'Runbook: orders-api',
      }),
    ).toHaveAttribute('href', '#runbook-orders-api');

    const second = (topItems[0] as HTMLElement).querySelector('ul')!;
    expect(
      Array.from(second.children).map(
        item => item.firstElementChild!.textContent,
      ),
    ).toEqual([
      'Errors',
      'A. Triage in 3 minutes',
      'B. Stop the bleeding, safest first',
      'C. Permanent fix',
    ]);
    const triage = second.children[1] as HTMLElement;
    expect(
      within(triage).getByRole('link', { name: 'Throttles?' }),
    ).toHaveAttribute('href', '#throttles');
  });

  it('renders the markdown with the GitHub anchors the backend reports', async () => {
    await renderPanel(respondWith(runbookFixture()));

    const content = await renderedMarkdown();
    await waitFor(() =>
      expect(headingIds(content)).toEqual([
        'runbook-orders-api',
        'errors',
        'a-triage-in-3-minutes',
        'throttles',
        'b-stop-the-bleeding-safest-first',
        'c-permanent-fix',
      ]),
    );
    expect(
      within(content).getByText('Roll back the alias to the previous version.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the source' }),
    ).toHaveAttribute('href', RUNBOOK_URL);
  });

  it('renders raw HTML and hostile links inert', async () => {
    const markdown = `# Runbook

<script>window.pwned = true</script>

<img src="x" onerror="window.pwned = true">

<svg onload="window.pwned = true"><circle r="1"></circle></svg>

<iframe src="https://evil.example.com"></iframe>

<a href="javascript:alert(1)" onclick="window.pwned = true">raw link</a>

[markdown link](javascript:alert(1)) and [data link](data:text/html,hi)
and [mail](mailto:oncall@example.com) and [spaced](  javascript:alert(1))

![pixel](javascript:alert(1))

## After
`;
    await renderPanel(
      respondWith(
        runbookFixture({
          markdown,
          headings: [
            { id: 'runbook', text: 'Runbook', level: 1 },
            { id: 'after', text: 'After', level: 2 },
          ],
        }),
      ),
    );

    await screen.findByRole('heading', { name: 'After' });
    const content = screen.getByTestId('lambda-ops-runbook-content');

    expect(document.querySelector('script')).toBeNull();
    expect(content.querySelector('iframe')).toBeNull();
    for (const attribute of ['onerror', 'onload', 'onclick']) {
      expect(document.querySelector(`[${attribute}]`)).toBeNull();
    }
    for (const element of Array.from(
      content.querySelectorAll('[href], [src]'),
    )) {
      const url =
        element.getAttribute('href') ?? element.getAttribute('src') ?? '';
      expect(url).not.toMatch(/^\s*(javascript|data|vbscript|mailto):/i);
    }
    // Every link of this runbook is hostile: the words stay, none is a link.
    expect(content.querySelectorAll('a')).toHaveLength(0);
    for (const name of [
      'raw link',
      'markdown link',
      'data link',
      'mail',
      'spaced',
    ]) {
      expect(content).toHaveTextContent(name);
    }
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
  });

  describe('renders hostile markdown inert', () => {
    /** Nothing in the rendered runbook can run script, load a frame or leave http(s). */
    function expectInert(content: HTMLElement) {
      expect(
        content.querySelectorAll(
          'script, iframe, frame, object, embed, form, base, meta, link, style',
        ),
      ).toHaveLength(0);
      // GitHub's schema keeps task-list checkboxes, disabled.
      for (const input of Array.from(content.querySelectorAll('input'))) {
        expect(input).toHaveAttribute('type', 'checkbox');
        expect(input).toBeDisabled();
      }
      for (const element of Array.from(content.querySelectorAll('*'))) {
        for (const attribute of Array.from(element.attributes)) {
          expect(attribute.name).not.toMatch(/^on/i);
          if (
            ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(
              attribute.name,
            )
          ) {
            expect(attribute.value).toMatch(/^(https?:|#|$)/i);
          }
        }
      }
      expect((window as { pwned?: boolean }).pwned).toBeUndefined();
    }

    it.each([
      [
        'a style tag and a style attribute',
        '<style>body{display:none}</style><p style="position:fixed;inset:0">cover</p>',
        'cover',
      ],
      [
        'a form posting elsewhere',
        '<form action="https://evil.example.com"><input name="token"><button formaction="javascript:alert(1)">send</button></form>',
        'send',
      ],
      [
        'object and embed',
        '<object data="https://evil.example.com/x.swf">object</object><embed src="https://evil.example.com/x.swf">',
        'object',
      ],
      [
        'a meta refresh and a base href',
        '<meta http-equiv="refresh" content="0;url=https://evil.example.com"><base href="https://evil.example.com/">after base',
        'after base',
      ],
      ['a vbscript: link', '<a href="vbscript:msgbox(1)">vb</a>', 'vb'],
      [
        'an entity-encoded javascript: link',
        '<a href="javascript&#58;alert(1)">encoded</a> [md](&#106;avascript:alert(1))',
        'encoded',
      ],
      [
        'a details element with ontoggle',
        '<details open ontoggle="window.pwned = true"><summary>toggle</summary></details>',
        'toggle',
      ],
      [
        'markup nested to confuse the sanitizer',
        '<math><mtext><table><mglyph><style><img src=x onerror="window.pwned = true">',
        'Runbook',
      ],
      [
        'an svg with a script link',
        '<svg><a xlink:href="javascript:alert(1)"><text>svg link</text></a></svg>',
        'Runbook',
      ],
      [
        'a table of 200 rows, each cell hostile',
        `| a | b |\n|---|---|\n${'| 1 | <img src=x onerror="window.pwned = true"> |\n'.repeat(
          200,
        )}`,
        'Runbook',
      ],
    ])('%s', async (_, fragment, text) => {
      await renderPanel(
        respondWith(
          runbookFixture({
            markdown: `# Runbook\n\n${fragment}\n\n## After\n`,
            headings: [
              { id: 'runbook', text: 'Runbook', level: 1 },
              { id: 'after', text: 'After', level: 2 },
            ],
          }),
        ),
      );
      // By text, not role: computing roles over a large table takes seconds.
      await screen.findByText('After', { selector: 'h2' });
      const content = screen.getByTestId('lambda-ops-runbook-content');
      expectInert(content);
      expect(content).toHaveTextContent(text);
    });
  });

  it('resolves relative links against the runbook and keeps in-page links', async () => {
    await renderPanel(respondWith(runbookFixture()));

    const content = await renderedMarkdown();
    expect(
      within(content).getByRole('link', { name: /the timeout runbook/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/orders-api/blob/main/docs/timeout.md',
    );
    expect(
      within(content).getByRole('link', { name: /^Errors/ }),
    ).toHaveAttribute('href', `${RUNBOOK_URL}#errors`);
  });

  it('scrolls to and highlights the section an alarm points to', async () => {
    await renderPanel(respondWith(runbookFixture()), {
      target: { section: 'a-triage-in-3-minutes', seq: 1 },
    });

    const heading = await screen.findByRole('heading', {
      name: 'A. Triage in 3 minutes',
    });
    await waitFor(() =>
      expect(heading).toHaveAttribute('data-lambda-ops-highlight', 'true'),
    );
    expect(heading).toHaveAttribute('id', 'a-triage-in-3-minutes');
    expect(heading).toHaveFocus();
  });

  it('says so when an alarm points to a section the runbook does not have', async () => {
    await renderPanel(respondWith(runbookFixture()), {
      target: { section: 'erors', seq: 1 },
    });

    expect(
      await screen.findByText('The runbook has no section #erors'),
    ).toBeInTheDocument();
  });

  it('moves the highlight with the index and with in-page links', async () => {
    await renderPanel(respondWith(runbookFixture()));
    const content = await renderedMarkdown();
    const index = screen.getByRole('navigation', { name: 'Sections' });

    await userEvent.click(
      within(index).getByRole('link', { name: 'C. Permanent fix' }),
    );
    const fix = within(content).getByRole('heading', {
      name: 'C. Permanent fix',
    });
    expect(fix).toHaveAttribute('data-lambda-ops-highlight', 'true');

    await userEvent.click(
      within(content).getByRole('link', { name: /^Errors/ }),
    );
    expect(
      within(content).getByRole('heading', { name: 'Errors' }),
    ).toHaveAttribute('data-lambda-ops-highlight', 'true');
    expect(fix).not.toHaveAttribute('data-lambda-ops-highlight');
  });

  it('follows in-page links of a runbook without an http(s) URL inside the panel', async () => {
    await renderPanel(
      respondWith(runbookFixture({ url: 'file:///srv/catalog/runbook.md' })),
      { runbook: runbookReferenceFixture({ url: null }) },
    );
    const content = await renderedMarkdown();

    // No base to resolve against: the relative link is inert.
    expect(
      within(content)
        .getByText(/the timeout runbook/)
        .closest('a'),
    ).toBeNull();
    expect(
      screen.queryByRole('link', { name: 'Open the source' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      within(content).getByRole('link', { name: /^Errors/ }),
    );
    expect(
      within(content).getByRole('heading', { name: 'Errors' }),
    ).toHaveAttribute('data-lambda-ops-highlight', 'true');
  });

  it.each([
    [
      400,
      'InputError',
      'Annotation lambda-ops/runbook: "../../etc/passwd" leaves the source location',
    ],
    [
      403,
      'NotAllowedError',
      'wiki.internal.example is not an allowed host: add it to integrations or backend.reading.allow',
    ],
    [404, 'NotFoundError', 'No runbook at ./docs/runbook.md'],
    [413, 'PayloadTooLargeError', 'The runbook is larger than 1 MB'],
  ])(
    'shows the backend message of a %i reply',
    async (status, name, message) => {
      const error = await errorResponse(status, name, message);
      await renderPanel(async () => {
        throw error;
      });

      expect(
        await screen.findByText('Could not load the runbook'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(`${message} (HTTP ${status})`),
      ).toBeInTheDocument();
    },
  );

  it('asks again on Retry', async () => {
    const getRunbook = jest
      .fn<Promise<RunbookResponse>, any[]>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(runbookFixture());
    await renderPanel(getRunbook);

    expect(await screen.findByText('Failed to fetch')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await renderedMarkdown()).toBeInTheDocument();
    expect(getRunbook).toHaveBeenCalledTimes(2);
  });
});
