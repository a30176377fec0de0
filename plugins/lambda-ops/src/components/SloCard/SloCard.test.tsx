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
import { layOutChartsLikeABrowser } from '../../__testUtils__/chartLayout';
import { burnDownChartData } from './burnDownChartModel';
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
  layOutChartsLikeABrowser();

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

  it('greys a row with too little traffic to judge and says so, its high rates not flagged', async () => {
    const [fast, slow] = sloFixture().burnRates;
    const card = await renderCard(
      sloFixture({
        burnRates: [
          {
            ...fast,
            long: 333.3,
            short: 1000,
            insufficientTraffic: true,
            message: 'too little traffic to judge (3 requests in 1 h)',
          },
          slow,
        ],
      }),
    );

    const table = within(card).getByRole('table', { name: 'Burn rates' });
    const [quiet] = within(table).getAllByRole('row').slice(1);
    expect(quiet).toHaveTextContent(
      'Page1h / 5m14.4333.3 / 1,000Notoo little traffic to judge (3 requests in 1 h)',
    );
    expect(quiet.className).toMatch(
      /\bLambdaOpsBurnRateTable-insufficientTrafficRow-/,
    );
    expect(within(quiet).getByText('333.3').className).not.toMatch(/over/);
  });

  it('draws the budget burn-down with its first and last values in the label, and its axes labelled', async () => {
    const burnDown = burnDownFixture(
      Array.from({ length: 31 }, (_, day) => 1 - (0.601 * day) / 30),
    );
    const card = await renderCard(sloFixture({ burnDown }));

    const chart = await within(card).findByRole('img', {
      name: 'Error budget remaining over 30 days: from 100% to 39.9%',
    });
    expect(chart.querySelector('svg .recharts-area-curve')).not.toBeNull();
    // Every date and percentage the chart's data labels, "now" and 0% among them.
    const { dateTicks, percentTicks } = burnDownChartData(burnDown);
    const drawn = Array.from(
      chart.querySelectorAll('.recharts-cartesian-axis-tick'),
      tick => tick.textContent,
    );
    expect(drawn).toEqual(
      [...dateTicks, ...percentTicks].map(tick => tick.label),
    );
    expect(drawn).toEqual(expect.arrayContaining(['now', '100%', '0%']));
  });

  it('draws an overspent budget below a zero line, with the gaps left by days without traffic', async () => {
    const card = await renderCard(
      sloFixture({
        status: 'breached',
        burnDown: burnDownFixture([null, 1, 0.2, null, -0.1, -0.25]),
      }),
    );

    const chart = await within(card).findByRole('img', {
      name: 'Error budget remaining over 30 days: from 100% to -25%',
    });
    expect(within(chart).getByText('-25%')).toBeInTheDocument();
    expect(within(chart).getByText('0%')).toBeInTheDocument();
    // The budget left in the primary colour, the overspent part in the error colour,
    // each a line broken where days had no traffic.
    expect(chart.querySelectorAll('.recharts-area-curve')).toHaveLength(2);
  });

  it('draws a budget known at a single point', async () => {
    const card = await renderCard(
      sloFixture({ burnDown: burnDownFixture([0.95]) }),
    );
    const chart = await within(card).findByRole('img', {
      name: 'Error budget remaining over 30 days: 95%',
    });
    // A line needs two points: the lone one is a dot.
    expect(chart.querySelectorAll('circle')).toHaveLength(1);
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

  describe('with maintenance left out of the budget', () => {
    const weekly = (day: string) => ({
      start: `2026-11-${day}T02:00:00.000Z`,
      end: `2026-11-${day}T04:00:00.000Z`,
      reason: 'Weekly database maintenance',
      source: 'annotation' as const,
      schedule: '0 2 * * SUN',
    });
    const slo = sloFixture({
      exclusionWindows: [
        // Began before the window, which starts Oct 30 00:00.
        {
          start: '2026-10-29T22:00:00.000Z',
          end: '2026-10-30T02:00:00.000Z',
          reason: 'Region migration',
          source: 'annotation',
          schedule: null,
        },
        weekly('15'),
        weekly('22'),
      ],
    });

    it('shades each window on the burn-down, its reason and times in its title', async () => {
      const card = await renderCard(slo);

      const chart = await within(card).findByRole('img', {
        name: 'Error budget remaining over 30 days: from 100% to 80%',
      });
      const titles = Array.from(
        chart.querySelectorAll('.recharts-reference-area title'),
        title => title.textContent,
      );
      expect(titles).toEqual([
        'Excluded from the budget: Region migration, Oct 29, 22:00 UTC – Oct 30, 02:00 UTC',
        'Excluded from the budget: Weekly database maintenance, Nov 15, 02:00 UTC – Nov 15, 04:00 UTC',
        'Excluded from the budget: Weekly database maintenance, Nov 22, 02:00 UTC – Nov 22, 04:00 UTC',
      ]);
      const bands = Array.from(
        chart.querySelectorAll('.recharts-reference-area rect'),
      );
      // The migration is cut at the left edge; a later window sits further right.
      expect(Number(bands[1].getAttribute('x'))).toBeGreaterThan(
        Number(bands[0].getAttribute('x')),
      );
      expect(Number(bands[2].getAttribute('x'))).toBeGreaterThan(
        Number(bands[1].getAttribute('x')),
      );
      expect(chart).toHaveAccessibleDescription(titles.join(' '));
    });

    it('says in words what was left out, by reason', async () => {
      const card = await renderCard(slo);

      expect(
        within(card).getByText(
          'Left out of the budget: Region migration (Oct 29, 22:00 UTC – Oct 30, 02:00 UTC); Weekly database maintenance (2 times)',
        ),
      ).toBeInTheDocument();
    });

    it('lists the exclusion windows of an Application Signals SLO, which has no chart', async () => {
      const card = await renderCard(
        applicationSignalsSloFixture({
          exclusionWindows: [
            {
              ...weekly('24'),
              reason: 'Weekly patching',
              source: 'application-signals',
            },
          ],
        }),
      );

      expect(
        within(card).getByText(
          'Left out of the budget: Weekly patching (Nov 24, 02:00 UTC – Nov 24, 04:00 UTC)',
        ),
      ).toBeInTheDocument();
    });
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

      const chart = await within(card).findByRole('img', {
        name: 'Error budget remaining over 30 days: from 100% to 80%',
      });
      const marks = chart.querySelectorAll('.recharts-reference-line title');
      const titles = Array.from(marks, title => title.textContent);
      expect(titles).toEqual([
        'Deploy: orders-api v42: new payment client at Nov 28, 11:20 UTC',
        'Configuration change: UpdateFunctionConfiguration: MemorySize 512 → 1024 at Nov 27, 09:00 UTC',
        'Burn started at Nov 28, 11:20 UTC',
      ]);
      // Each title belongs to its line: the browser shows it on hover.
      const [deploy, change] = Array.from(
        marks,
        title => title.parentElement!.querySelector('line')!,
      );
      expect(deploy.parentElement!.querySelectorAll('line')).toHaveLength(2);
      // A vertical line each, the deploy of Nov 28 right of the change of Nov 27.
      expect(deploy.getAttribute('x1')).toBe(deploy.getAttribute('x2'));
      expect(Number(deploy.getAttribute('x1'))).toBeGreaterThan(
        Number(change.getAttribute('x1')),
      );
      // Screen readers hear the marks as the chart's description.
      expect(chart).toHaveAccessibleDescription(titles.join(' '));
      // Each line is labelled with its kind, so the kinds do not rest on colour.
      expect(
        Array.from(
          chart.querySelectorAll('.recharts-label'),
          label => label.textContent,
        ),
      ).toEqual(['Deploy', 'Configuration change', 'Burn started']);
    });

    it('says under the burn rates how long before the burn the deploy came', async () => {
      const card = await renderCard(
        {
          ...paging,
          deployBeforeBurn: {
            deployMarkerId: 'gh-run-4242-1',
            changeSummary: 'orders-api v42: new payment client',
            minutes: 0,
          },
        },
        [deployMarkerFixture()],
      );

      expect(
        within(card).getByText('Deployed 0 min before the burn started'),
      ).toBeInTheDocument();
    });

    it('says nothing of a deploy the reply does not name as before the burn', async () => {
      const early = deployMarkerFixture({ ts: '2026-11-28T10:20:00Z' });
      const card = await renderCard(paging, [early]);
      expect(within(card).queryByText(/before the burn started/)).toBeNull();
      // Still on the chart: it is in the window.
      const chart = await within(card).findByRole('img');
      expect(
        chart.querySelectorAll('.recharts-reference-line title'),
      ).toHaveLength(2);

      const calm = await renderCard(
        sloFixture({ id: 'calm', description: 'Calm' }),
        [deployMarkerFixture()],
      );
      expect(within(calm).queryByText(/before the burn started/)).toBeNull();
      expect(within(calm).queryByText('Burn started')).toBeNull();
    });

    it('leaves the chart as it was without changes', async () => {
      const card = await renderCard(sloFixture());

      const chart = await within(card).findByRole('img');
      expect(chart).not.toHaveAttribute('aria-describedby');
      // Only the zero line: no mark, no title, no label.
      expect(chart.querySelectorAll('.recharts-reference-line')).toHaveLength(
        1,
      );
      expect(chart.querySelector('.recharts-reference-line title')).toBeNull();
      expect(chart.querySelectorAll('.recharts-label')).toHaveLength(0);
    });
  });

  it('does not label a CloudWatch SLO with its source', async () => {
    const card = await renderCard(sloFixture());

    expect(
      within(card).queryByText('Application Signals'),
    ).not.toBeInTheDocument();
  });
});
