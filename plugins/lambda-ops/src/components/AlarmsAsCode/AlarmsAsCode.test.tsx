import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/test-utils';
import {
  annotatedEntity,
  operationsFixture,
  RUNBOOK_URL,
} from '../../__fixtures__/operations';
import { AlarmsAsCode, alarmsFileName } from './AlarmsAsCode';

const { functions } = operationsFixture();

function renderSection(entity: Entity = annotatedEntity) {
  return renderInTestApp(
    <AlarmsAsCode
      entity={entity}
      functions={functions}
      pattern="api"
      runbookUrl={RUNBOOK_URL}
    />,
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

  it('is collapsed at first and generates nothing until opened', async () => {
    await renderSection();

    const toggle = screen.getByRole('button', { name: 'Alarms as code' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(
      screen.getByRole('heading', { name: 'Alarms as code' }),
    ).toContainElement(toggle);
    expect(
      screen.queryByText(/AWS::CloudWatch::Alarm/),
    ).not.toBeInTheDocument();
    expect(createObjectURL).not.toHaveBeenCalled();
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

  it('names the file after the entity, safely', () => {
    expect(
      alarmsFileName({
        ...annotatedEntity,
        metadata: { name: 'orders/../api name' },
      }),
    ).toBe('orders-..-api-name-alarms.yaml');
  });
});
