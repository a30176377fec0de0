import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type {
  DeployMarker,
  Slo,
  SloStatus,
} from '@lambda-ops/backstage-plugin-common';
import {
  applicationSignalsSloFixture,
  burnDownFixture,
  changeEventFixture,
  deployMarkerFixture,
  failedDeliveriesSloFixture,
  sloFixture,
} from '../../__fixtures__/operations';
import { SloCard } from './SloCard';

async function renderCard(slo: Slo, deployMarkers?: DeployMarker[]) {
  await renderInTestApp(<SloCard slo={slo} deployMarkers={deployMarkers} />);
  return screen.getByRole('region', { name: slo.description });
}

/** The value shown next to a label in the card's description list. */
function valueOf(card: HTMLElement, label: string): string | null {
  return within(card).getByText(label).nextElementSibling?.textContent ?? null;
}

/** The status chip, found by the words screen readers hear before its label. */
function statusChip(card: HTMLElement): HTMLElement {
  return within(card).getByText('Status:').closest('.MuiChip-root')!;
}

describe('SloCard', () => {
  // The tone names the colour: success green, warning amber, error red, critical
  // dark red, neutral grey. jsdom does not resolve JSS colours, so the class says it.
  it.each<[SloStatus, string, string]>([
    ['ok', 'OK', 'success'],
    ['warning', 'Warning', 'warning'],
    ['breached', 'Breached', 'error'],
    ['page', 'Page', 'critical'],
    ['no-data', 'No data', 'neutral'],
  ])(
    'shows the status %p as the chip %p, chip and card edge in the %p tone',
    async (status, label, tone) => {
      const card = await renderCard(sloFixture({ status }));
      const chip = statusChip(card);

      expect(chip).toHaveTextContent(`Status: ${label}`);
      expect(chip.className).toMatch(
        new RegExp(`\\bLambdaOpsToneChip-${tone}-`),
      );
      expect(card.className).toMatch(
        new RegExp(`\\bLambdaOpsSloCard-${tone}-`),
      );
    },
  );

  it('lists the burn-rate rows with Page/Ticket chips, thresholds and long / short rates, and marks the firing one', async () => {
    const card = await renderCard(
      sloFixture({
        status: 'page',
        burnRates: [
          {
            severity: 'page',
            longWindow: '1h',
            shortWindow: '5m',
            threshold: 14.4,
            long: 30,
            short: 28.5,
            firing: true,
            state: 'firing',
          },
          {
            severity: 'page',
            longWindow: '6h',
            shortWindow: '30m',
            threshold: 6,
            long: 5.8,
            short: 30,
            firing: false,
            state: 'not-firing',
          },
          {
            severity: 'ticket',
            longWindow: '3d',
            shortWindow: '6h',
            threshold: 1,
            long: 0.49,
            short: null,
            firing: false,
            state: 'not-firing',
          },
        ],
      }),
    );

    const table = within(card).getByRole('table', { name: 'Burn rates' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(row => row.textContent)).toEqual([
      'Page1h / 5m14.430 / 28.5Firing',
      'Page6h / 30m65.8 / 30No',
      'Ticket3d / 6h10.49 / –No',
    ]);
    expect(
      within(rows[0]).getByText('Page').closest('.MuiChip-root')!.className,
    ).toMatch(/\bLambdaOpsToneChip-critical-/);
    expect(
      within(rows[2]).getByText('Ticket').closest('.MuiChip-root')!.className,
    ).toMatch(/\bLambdaOpsToneChip-warning-/);
    expect(rows[0].className).toMatch(/\bLambdaOpsBurnRateTable-firingRow-/);
    expect(rows[1].className).not.toMatch(/firingRow/);
    expect(rows[2].className).not.toMatch(/firingRow/);
  });

  it('shows a row whose window holds no published data as No data, greyed, not as No', async () => {
    const [fast, slow] = sloFixture().burnRates;
    const card = await renderCard(
      sloFixture({
        status: 'no-data',
        burnRates: [{ ...fast, short: null, state: 'no-data' }, slow],
      }),
    );

    const table = within(card).getByRole('table', { name: 'Burn rates' });
    const [noData, quiet] = within(table).getAllByRole('row').slice(1);
    expect(noData).toHaveTextContent('Page1h / 5m14.40.2 / –No data');
    expect(noData.className).toMatch(/\bLambdaOpsBurnRateTable-noDataRow-/);
    expect(quiet).toHaveTextContent('Page6h / 30m60.3 / 0.2No');
    expect(quiet.className).not.toMatch(/noDataRow|firingRow/);
    expect(statusChip(card)).toHaveTextContent('Status: No data');
  });

  it('draws the budget burn-down with its first and last values in the label', async () => {
    const card = await renderCard(
      sloFixture({
        burnDown: burnDownFixture([1, 0.7, 0.399]),
      }),
    );

    const chart = within(card).getByRole('img', {
      name: 'Error budget remaining over 30 days: from 100% to 39.9%',
    });
    expect(chart.tagName.toLowerCase()).toBe('svg');
  });

  it('draws an overspent budget below a zero line, with the gaps left by days without traffic', async () => {
    const card = await renderCard(
      sloFixture({
        status: 'breached',
        burnDown: burnDownFixture([null, 1, 0.2, null, -0.1, -0.25]),
      }),
    );

    const chart = within(card).getByRole('img', {
      name: 'Error budget remaining over 30 days: from 100% to -25%',
    });
    expect(within(chart).getByText('-25%')).toBeInTheDocument();
    expect(within(chart).getByText('0%')).toBeInTheDocument();
  });

  it('draws a budget known at a single point', async () => {
    const card = await renderCard(
      sloFixture({ burnDown: burnDownFixture([0.95]) }),
    );
    expect(
      within(card).getByRole('img', {
        name: 'Error budget remaining over 30 days: 95%',
      }),
    ).toBeInTheDocument();
  });

  it('leaves the chart out when there are no points', async () => {
    const card = await renderCard(sloFixture({ burnDown: [] }));

    expect(within(card).queryByRole('img')).not.toBeInTheDocument();
    expect(
      within(card).queryByText('Budget burn-down'),
    ).not.toBeInTheDocument();
  });

  it.each([
    [
      'a batch completion objective in runs',
      sloFixture({
        objective: 'completion',
        description: '85% of runs finish by 06:00 over 10 days',
        target: 0.85,
        window: '10d',
        errorBudget: {
          total: 1.5,
          consumed: 2,
          remaining: -0.333,
          unit: 'runs',
        },
      }),
      '2 of 1.5 runs',
    ],
    [
      'a latency objective in minutes',
      sloFixture({
        objective: 'latency',
        description: 'p95 Duration < 500 ms in 99% of 5-minute periods',
        target: 0.99,
        evaluation: 'period',
        errorBudget: {
          total: 432,
          consumed: 65,
          remaining: 0.85,
          unit: 'minutes',
        },
      }),
      '65 of 432 minutes',
    ],
  ])(
    'says what was consumed in the unit of %s',
    async (_name, slo, expected) => {
      const card = await renderCard(slo);

      expect(valueOf(card, 'Error budget consumed')).toBe(expected);
    },
  );

  it('shows a zero-tolerance failed-deliveries SLO as failures and counts, not as a percentage budget', async () => {
    const card = await renderCard(failedDeliveriesSloFixture());

    expect(valueOf(card, 'Target')).toBe('Zero failures');
    expect(valueOf(card, 'Observed')).toBe('20 failed deliveries');
    expect(statusChip(card)).toHaveTextContent('Status: Breached');
    expect(within(card).queryByText(/%/)).not.toBeInTheDocument();
    expect(within(card).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(within(card).queryByRole('img')).not.toBeInTheDocument();

    const counts = within(card).getByRole('list', { name: 'Counts' });
    expect(
      within(counts)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'DeadLetterErrors: 10',
      'DestinationDeliveryFailures: 0',
      'AsyncEventsDropped: 0',
      'Messages in DLQ billing-events-dlq: 10',
    ]);
  });

  it('says "Zero failed deliveries" while nothing has failed', async () => {
    const card = await renderCard(
      failedDeliveriesSloFixture({
        status: 'ok',
        errorBudget: { total: 0, consumed: 0, remaining: 1, unit: 'events' },
        counts: [{ label: 'DeadLetterErrors', value: 0 }],
      }),
    );

    expect(valueOf(card, 'Observed')).toBe('Zero failed deliveries');
    expect(statusChip(card)).toHaveTextContent('Status: OK');
  });

  it('labels an Application Signals SLO and explains why it has no burn rates or chart', async () => {
    const slo = applicationSignalsSloFixture();
    const card = await renderCard(slo);

    expect(within(card).getByText('Application Signals')).toBeInTheDocument();
    expect(valueOf(card, 'Target')).toBe('99.5%');
    expect(valueOf(card, 'Error budget remaining')).toBe('60.0%');
    expect(within(card).queryByRole('table')).not.toBeInTheDocument();
    expect(within(card).queryByRole('img')).not.toBeInTheDocument();
    expect(
      within(card).getByText(/reports no burn rates or budget history/),
    ).toBeInTheDocument();
  });

  describe('with deploys and a burn', () => {
    // The fixture's deploy is at Nov 28 11:20 UTC; "now" of the chart is 12:00.
    const paging = sloFixture({
      status: 'page',
      burningSince: '2026-11-28T11:20:40Z',
    });

    it('draws the deploys and the start of the burn on the burn-down, with their titles', async () => {
      const card = await renderCard(paging, [
        deployMarkerFixture(),
        changeEventFixture(),
        // Before the window: left out.
        deployMarkerFixture({ id: 'old', ts: '2026-10-01T00:00:00Z' }),
      ]);

      const chart = within(card).getByRole('img', {
        name: 'Error budget remaining over 30 days: from 100% to 80%',
      });
      const titles = Array.from(chart.querySelectorAll('title')).map(
        title => title.textContent,
      );
      expect(titles).toEqual([
        'Deploy: orders-api v42: new payment client at Nov 28, 11:20 UTC',
        'Configuration change: UpdateFunctionConfiguration: MemorySize 512 → 1024 at Nov 27, 09:00 UTC',
        'Burn started at Nov 28, 11:20 UTC',
      ]);
      // Each title belongs to its line: the browser shows it on hover.
      const deployLine = chart.querySelector('title')!.parentElement!;
      expect(deployLine.querySelectorAll('line')).toHaveLength(2);
      expect(deployLine.querySelector('line')).toHaveAttribute('y1', '10');
      // Screen readers hear the marks as the chart's description.
      expect(chart).toHaveAccessibleDescription(titles.join(' '));
      expect(within(card).getByText('Deploy')).toBeInTheDocument();
      expect(
        within(card).getByText('Configuration change'),
      ).toBeInTheDocument();
      expect(within(card).getByText('Burn started')).toBeInTheDocument();
    });

    it('says under the burn rates how long before the burn the deploy came', async () => {
      const card = await renderCard(paging, [deployMarkerFixture()]);

      expect(
        within(card).getByText('Deployed 0 min before the burn started'),
      ).toBeInTheDocument();
    });

    it('says nothing about a deploy more than 60 minutes before the burn, or without a burn', async () => {
      const early = deployMarkerFixture({ ts: '2026-11-28T10:20:00Z' });
      const card = await renderCard(paging, [early]);
      expect(within(card).queryByText(/before the burn started/)).toBeNull();
      // Still on the chart: it is in the window.
      expect(card.querySelectorAll('title')).toHaveLength(2);

      const calm = await renderCard(
        sloFixture({ id: 'calm', description: 'Calm' }),
        [deployMarkerFixture()],
      );
      expect(within(calm).queryByText(/before the burn started/)).toBeNull();
      expect(within(calm).queryByText('Burn started')).toBeNull();
    });

    it('leaves the chart as it was without changes', async () => {
      const card = await renderCard(sloFixture());

      const chart = within(card).getByRole('img');
      expect(chart.querySelector('title')).toBeNull();
      expect(chart).not.toHaveAttribute('aria-describedby');
      expect(within(card).queryByText('Deploy')).toBeNull();
    });
  });

  it('does not label a CloudWatch SLO with its source', async () => {
    const card = await renderCard(sloFixture());

    expect(
      within(card).queryByText('Application Signals'),
    ).not.toBeInTheDocument();
  });
});
