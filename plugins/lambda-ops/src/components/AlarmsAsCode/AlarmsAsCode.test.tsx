import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  AlarmTemplateResponse,
  generateAlarmTemplate,
  parseLambdaOpsAnnotations,
} from '@lambda-ops/backstage-plugin-common';
import {
  annotatedEntity,
  operationsFixture,
  RUNBOOK_URL,
} from '../../__fixtures__/operations';
import { LambdaOpsApi, lambdaOpsApiRef } from '../../api';
import { AlarmsAsCode } from './AlarmsAsCode';

/** The template as a backend configured with `severity.tagKey` would send it. */
function templateReply(severityTagKey = 'severity'): AlarmTemplateResponse {
  const { functions } = operationsFixture();
  return {
    entityRef: 'component:default/orders-api',
    fileName: 'orders-api-alarms.yaml',
    severityTagKey,
    ...generateAlarmTemplate({
      functions,
      settings: { ...parseLambdaOpsAnnotations(annotatedEntity), functions },
      runbookUrl: RUNBOOK_URL,
      entityName: 'component:default/orders-api',
      severityTagKey,
    }),
  };
}

function renderSection(
  getAlarmTemplate: LambdaOpsApi['getAlarmTemplate'] = jest.fn(async () =>
    templateReply(),
  ),
) {
  return renderInTestApp(
    <TestApiProvider apis={[[lambdaOpsApiRef, { getAlarmTemplate }]]}>
      <AlarmsAsCode entity={annotatedEntity} />
    </TestApiProvider>,
  );
}

describe('AlarmsAsCode', () => {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:http://localhost/1');
  const revokeObjectURL = jest.fn();

  beforeEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  afterEach(() => {
    jest.clearAllMocks();
  });

  it('is collapsed at first and asks for nothing until opened', async () => {
    const getAlarmTemplate = jest.fn(async () => templateReply());
    await renderSection(getAlarmTemplate);

    const toggle = screen.getByRole('button', { name: 'Alarms as code' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(
      screen.getByRole('heading', { name: 'Alarms as code' }),
    ).toContainElement(toggle);
    expect(
      screen.queryByText(/AWS::CloudWatch::Alarm/),
    ).not.toBeInTheDocument();
    expect(createObjectURL).not.toHaveBeenCalled();
    expect(getAlarmTemplate).not.toHaveBeenCalled();
  });

  it("shows the template the backend generated with the portal's tag key", async () => {
    const getAlarmTemplate = jest.fn(async () =>
      templateReply('oncall-severity'),
    );
    await renderSection(getAlarmTemplate);

    await userEvent.click(
      screen.getByRole('button', { name: 'Alarms as code' }),
    );

    expect(
      await screen.findByText(/Each is tagged/, { exact: false }),
    ).toHaveTextContent('Each is tagged oncall-severity page or ticket');
    expect(getAlarmTemplate).toHaveBeenCalledWith({
      namespace: 'default',
      kind: 'Component',
      name: 'orders-api',
    });
    const blob = createObjectURL.mock.calls[0][0];
    expect(await blob.text()).toContain('Key: oncall-severity');
  });

  it('says why the template could not be had, with a retry', async () => {
    const getAlarmTemplate = jest
      .fn()
      .mockRejectedValueOnce(new Error('The backend could not be reached'))
      .mockResolvedValueOnce(templateReply());
    await renderSection(getAlarmTemplate);
    await userEvent.click(
      screen.getByRole('button', { name: 'Alarms as code' }),
    );

    expect(
      await screen.findByText('Could not generate the alarms'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The backend could not be reached'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: 'Generated alarms' }),
    ).toBeInTheDocument();
  });

  it('shows the YAML with a copy button once opened', async () => {
    await renderSection();

    await userEvent.click(
      screen.getByRole('button', { name: 'Alarms as code' }),
    );

    expect(
      screen.getByRole('button', { name: 'Alarms as code' }),
    ).toHaveAttribute('aria-expanded', 'true');
    expect(
      await screen.findByText(
        /# Lambda Ops — alarms as code for component:default\/orders-api/,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Copy text' }),
    ).toBeInTheDocument();
  });

  it('offers the YAML for download as <entity>-alarms.yaml through a Blob URL', async () => {
    await renderSection();
    await userEvent.click(
      screen.getByRole('button', { name: 'Alarms as code' }),
    );

    const download = await screen.findByRole('link', {
      name: 'Download orders-api-alarms.yaml',
    });
    expect(download).toHaveAttribute('href', 'blob:http://localhost/1');
    expect(download).toHaveAttribute('download', 'orders-api-alarms.yaml');

    const blob = createObjectURL.mock.calls[0][0];
    expect(blob.type).toBe('application/yaml');
    const text = await blob.text();
    expect(text).toMatch(/^# Lambda Ops — alarms as code/);
    expect(text).toContain('AlarmName: orders-api-throttles-ticket');
    expect(text).toContain(`${RUNBOOK_URL}#a-triage-in-3-minutes`);
  });

  it('lists the generated alarms with their severity', async () => {
    await renderSection();
    await userEvent.click(
      screen.getByRole('button', { name: 'Alarms as code' }),
    );

    const table = await screen.findByRole('table', {
      name: 'Generated alarms',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    const row = (name: string) =>
      rows.find(r => within(r).queryByText(name) !== null)!;

    expect(row('orders-api-availability-page-1h-5m')).toHaveTextContent(
      /^Pageorders-api-availability-page-1h-5mComposite alarm/,
    );
    expect(row('orders-api-throttles-ticket')).toHaveTextContent(
      /^Ticketorders-api-throttles-ticket/,
    );
    expect(row('orders-api-availability-page-1h-5m-long')).toHaveTextContent(
      'Does not notify on its own: part of a composite alarm',
    );
  });

  it('revokes the Blob URL when the section is closed', async () => {
    await renderSection();
    const toggle = screen.getByRole('button', { name: 'Alarms as code' });
    await userEvent.click(toggle);
    await screen.findByRole('link', { name: /^Download/ });

    await userEvent.click(toggle);

    await waitFor(() =>
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:http://localhost/1'),
    );
  });
});
