/* eslint-disable no-script-url -- hostile URLs are the test input: they must never become links */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { Alarm } from '@lambda-ops/backstage-plugin-common';
import { alarmFixture, RUNBOOK_URL } from '../../__fixtures__/operations';
import { AlarmsTable } from './AlarmsTable';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const minutesAgo = (minutes: number) =>
  new Date(NOW - minutes * 60_000).toISOString();

function renderTable(
  alarms: Alarm[],
  options: {
    runbookUrl?: string | null;
    onOpenRunbook?: (section: string | null) => void;
  } = {},
) {
  return renderInTestApp(
    <AlarmsTable
      alarms={alarms}
      runbookUrl={
        options.runbookUrl === undefined ? RUNBOOK_URL : options.runbookUrl
      }
      onOpenRunbook={options.onOpenRunbook ?? jest.fn()}
      now={NOW}
    />,
  );
}

/** The body rows of the alarms table. */
function bodyRows(): HTMLElement[] {
  const table = screen.getByRole('table', { name: 'Alarms' });
  return within(table).getAllByRole('row').slice(1);
}

/** The cell of a row under a column header. */
function cell(row: HTMLElement, column: string): HTMLElement {
  const headers = within(screen.getByRole('table', { name: 'Alarms' }))
    .getAllByRole('columnheader')
    .map(header => header.textContent);
  return within(row).getAllByRole('cell')[headers.indexOf(column)];
}

describe('AlarmsTable', () => {
  it('shows firing pages first, in the order the backend sends, with the summary line', async () => {
    await renderTable([
      alarmFixture({ name: 'orders-api-errors', stateSince: minutesAgo(35) }),
      alarmFixture({
        name: 'orders-api-throttles',
        metric: 'Throttles',
        severity: 'ticket',
        stateSince: minutesAgo(38),
        runbookUrl: null,
      }),
      alarmFixture({
        name: 'orders-api-duration',
        metric: 'Duration',
        state: 'OK',
        severity: 'unclassified',
        severitySource: null,
        stateSince: minutesAgo(2 * 24 * 60),
      }),
    ]);

    expect(screen.getByRole('heading', { name: 'Alarms' })).toBeInTheDocument();
    expect(
      screen.getByText('2 firing · 1 Page · 1 Ticket · 2 defects'),
    ).toBeInTheDocument();

    const rows = bodyRows();
    expect(rows.map(row => cell(row, 'Alarm').textContent)).toEqual([
      'orders-api-errors',
      'orders-api-throttles',
      'orders-api-duration',
    ]);
    const [page, ticket, ok] = rows;
    expect(cell(page, 'State')).toHaveTextContent('ALARM');
    expect(page.className).toMatch(/\bLambdaOpsAlarmsTable-firingRow-/);
    expect(
      within(cell(page, 'State')).getByText('ALARM').closest('.MuiChip-root')!
        .className,
    ).toMatch(/\bLambdaOpsToneChip-error-/);
    expect(cell(page, 'Severity')).toHaveTextContent('Page');
    expect(
      within(cell(page, 'Severity')).getByText('Page').closest('.MuiChip-root')!
        .className,
    ).toMatch(/\bLambdaOpsToneChip-critical-/);
    expect(cell(ticket, 'Severity')).toHaveTextContent('Ticket');
    expect(
      within(cell(ticket, 'Severity'))
        .getByText('Ticket')
        .closest('.MuiChip-root')!.className,
    ).toMatch(/\bLambdaOpsToneChip-warning-/);
    expect(cell(page, 'Metric')).toHaveTextContent('Errors');
    expect(cell(ok, 'State')).toHaveTextContent('OK');
    expect(ok.className).not.toMatch(/firingRow/);
  });

  it('says since when in relative time, with the ISO time in the title', async () => {
    const since = minutesAgo(35);
    await renderTable([alarmFixture({ stateSince: since })]);

    const time = within(cell(bodyRows()[0], 'Since')).getByText('35 min ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', since);
    expect(time).toHaveAttribute('title', since);
  });

  it('marks an unclassified alarm as a defect, and says how to fix it', async () => {
    await renderTable([
      alarmFixture({ severity: 'unclassified', severitySource: null }),
    ]);

    const chip = within(cell(bodyRows()[0], 'Severity'))
      .getByText('Unclassified')
      .closest('.MuiChip-root') as HTMLElement;
    expect(chip.className).toMatch(/\bLambdaOpsDefectChip-defect-/);

    await userEvent.hover(chip);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Neither Page nor Ticket: tag the alarm severity=page|ticket',
    );
    expect(
      screen.getByText('1 firing · 0 Pages · 0 Tickets · 1 defect'),
    ).toBeInTheDocument();
  });

  it('marks an alarm without a runbook as a defect, not a link', async () => {
    await renderTable([alarmFixture({ runbookUrl: null })]);

    const runbook = cell(bodyRows()[0], 'Runbook');
    expect(
      within(runbook)
        .getByText('No runbook — alarm without runbook is noise')
        .closest('.MuiChip-root')!.className,
    ).toMatch(/\bLambdaOpsDefectChip-defect-/);
    expect(within(runbook).queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows a runbook problem as a warning under the link', async () => {
    await renderTable([
      alarmFixture({
        runbookUrl: `${RUNBOOK_URL}#erors`,
        runbookProblem: 'The runbook has no section #erors',
      }),
    ]);

    const runbook = cell(bodyRows()[0], 'Runbook');
    expect(
      within(runbook).getByRole('link', { name: 'Runbook #erors' }),
    ).toBeInTheDocument();
    expect(runbook).toHaveTextContent(
      'Warning: The runbook has no section #erors',
    );
    expect(
      screen.getByText('1 firing · 1 Page · 0 Tickets · 1 defect'),
    ).toBeInTheDocument();
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(document.cookie)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
  ])('never renders the runbook URL %j as a link', async runbookUrl => {
    const { container } = await renderTable([alarmFixture({ runbookUrl })]);

    const runbook = cell(bodyRows()[0], 'Runbook');
    expect(within(runbook).queryByRole('link')).not.toBeInTheDocument();
    expect(
      within(runbook).getByText('No runbook — alarm without runbook is noise'),
    ).toBeInTheDocument();
    expect(runbook).toHaveTextContent(
      'Ignored a runbook link that is not http(s).',
    );
    for (const element of Array.from(container.querySelectorAll('[href]'))) {
      expect(element.getAttribute('href')).not.toMatch(
        /^\s*(javascript|data|vbscript):/i,
      );
    }
    expect(container.innerHTML).not.toContain('alert(');
  });

  it('opens a link into the entity runbook in the runbook panel', async () => {
    const onOpenRunbook = jest.fn();
    await renderTable(
      [
        alarmFixture({ runbookUrl: `${RUNBOOK_URL}#a-triage-in-3-minutes` }),
        alarmFixture({ name: 'top', arn: 'arn:top', runbookUrl: RUNBOOK_URL }),
      ],
      { onOpenRunbook },
    );

    const link = screen.getByRole('link', {
      name: 'Runbook #a-triage-in-3-minutes',
    });
    expect(link).toHaveAttribute(
      'href',
      `${RUNBOOK_URL}#a-triage-in-3-minutes`,
    );
    expect(link).not.toHaveAttribute('target');
    await userEvent.click(link);
    expect(onOpenRunbook).toHaveBeenLastCalledWith('a-triage-in-3-minutes');

    await userEvent.click(screen.getByRole('link', { name: 'Runbook' }));
    expect(onOpenRunbook).toHaveBeenLastCalledWith(null);
  });

  it('opens any other runbook in a new tab, without opener or referrer', async () => {
    const onOpenRunbook = jest.fn();
    const elsewhere = 'https://wiki.example.com/runbooks/timeout#triage';
    await renderTable([alarmFixture({ runbookUrl: elsewhere })], {
      onOpenRunbook,
    });

    const link = screen.getByRole('link', {
      name: 'Runbook #triage (opens in a new tab)',
    });
    expect(link).toHaveAttribute('href', elsewhere);
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(onOpenRunbook).not.toHaveBeenCalled();
  });

  it('opens the entity runbook in a new tab too when the tab has no runbook panel', async () => {
    await renderInTestApp(
      <AlarmsTable alarms={[alarmFixture()]} runbookUrl={null} now={NOW} />,
    );

    expect(
      screen.getByRole('link', {
        name: 'Runbook #errors (opens in a new tab)',
      }),
    ).toHaveAttribute('target', '_blank');
  });

  it('says which alarms are composite or metric math', async () => {
    await renderTable([
      alarmFixture({
        name: 'orders-api-user-impact',
        arn: 'arn:composite',
        type: 'composite',
        metric: 'ALARM("orders-api-errors") OR ALARM("orders-api-duration")',
      }),
      alarmFixture({
        name: 'orders-api-error-rate',
        arn: 'arn:math',
        kind: 'metric-math',
        metric: '100*e/i',
      }),
      alarmFixture({ name: 'orders-api-errors', arn: 'arn:plain' }),
    ]);

    const [composite, math, plain] = bodyRows();
    expect(cell(composite, 'Alarm')).toHaveTextContent(
      'orders-api-user-impactComposite alarm',
    );
    expect(cell(composite, 'Metric')).toHaveTextContent(
      'ALARM("orders-api-errors") OR ALARM("orders-api-duration")',
    );
    expect(cell(math, 'Alarm')).toHaveTextContent(
      'orders-api-error-rateMetric math',
    );
    expect(cell(plain, 'Alarm')).toHaveTextContent(/^orders-api-errors$/);
  });

  it('shows "Insufficient data" and a dash for a missing metric and time', async () => {
    await renderTable([
      alarmFixture({
        state: 'INSUFFICIENT_DATA',
        metric: null,
        stateSince: null,
      }),
    ]);

    const [row] = bodyRows();
    expect(cell(row, 'State')).toHaveTextContent('Insufficient data');
    expect(cell(row, 'Metric')).toHaveTextContent('–');
    expect(cell(row, 'Since')).toHaveTextContent('–');
  });

  it('says no alarm was found and points at alarms as code', async () => {
    await renderTable([]);

    expect(
      screen.getByText('No CloudWatch alarms found for these functions'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The Alarms as code section below generates them/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
