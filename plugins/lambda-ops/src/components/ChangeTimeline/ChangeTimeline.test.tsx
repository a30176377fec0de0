/* eslint-disable no-script-url -- hostile URLs are the test input: they must never become links */
import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { DeployRisk } from '@lambda-ops/backstage-plugin-common';
import {
  changeEventFixture,
  deployMarkerFixture,
} from '../../__fixtures__/operations';
import { ChangeTimeline } from './ChangeTimeline';

/** 40 minutes after the fixture's deploy. */
const NOW = Date.parse('2026-11-28T12:00:00Z');

function items(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Changes' }))
    .getAllByRole('listitem')
    .filter(item => item.parentElement?.tagName === 'OL');
}

/** The value next to a label in a change's description list. */
function fact(item: HTMLElement, label: string): HTMLElement | null {
  const term = within(item)
    .queryAllByText(label)
    .find(element => element.tagName === 'DT');
  return (term?.nextElementSibling as HTMLElement | null) ?? null;
}

describe('ChangeTimeline', () => {
  it('lists a CI deploy with what, when, who, why, how risky, which commit and how to roll back', async () => {
    await renderInTestApp(
      <ChangeTimeline markers={[deployMarkerFixture()]} now={NOW} />,
    );

    expect(
      screen.getByRole('heading', { name: 'Changes' }),
    ).toBeInTheDocument();
    const [item] = items();
    const time = within(item).getByText('40 min ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('title', '2026-11-28T11:20:00Z');
    expect(time).toHaveAttribute('dateTime', '2026-11-28T11:20:00Z');
    expect(within(item).getByText('Deploy')).toBeInTheDocument();
    expect(within(item).getByText('CI')).toBeInTheDocument();
    expect(within(item).getByText('Medium risk')).toBeInTheDocument();
    expect(
      within(item).getByText('orders-api v42: new payment client'),
    ).toBeInTheDocument();
    expect(fact(item, 'Who')).toHaveTextContent('alice');
    expect(fact(item, 'Why')).toHaveTextContent(
      'Move to the payment provider API v3 before v2 is retired',
    );
    const commit = fact(item, 'Commit')!;
    expect(commit).toHaveTextContent(/^3f9c2e1$/);
    expect(within(commit).getByText('3f9c2e1')).toHaveAttribute(
      'title',
      '3f9c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0',
    );
    expect(fact(item, 'Ref')).toHaveTextContent('refs/tags/v42');
    expect(fact(item, 'Env')).toHaveTextContent('PROD');
    expect(fact(item, 'Artifact')).toHaveTextContent(
      'lambda:function:orders-api:PROD',
    );
    expect(fact(item, 'Rollback')).toHaveTextContent(
      'Point the PROD alias back at version 41',
    );
    const links = within(fact(item, 'Links')!).getAllByRole('link');
    expect(links.map(link => link.getAttribute('href'))).toEqual([
      'https://github.com/acme/orders-api/pull/417',
      'https://github.com/acme/orders-api/actions/runs/4242',
    ]);
    for (const link of links) {
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    }
    expect(links[0]).toHaveAccessibleName(
      'https://github.com/acme/orders-api/pull/417 (opens in a new tab)',
    );
  });

  it('lists a change AWS reported with what it knows, and no empty fields', async () => {
    await renderInTestApp(
      <ChangeTimeline markers={[changeEventFixture()]} now={NOW} />,
    );

    const [item] = items();
    // Nov 27 09:00 is 27 hours before now.
    expect(within(item).getByText('27 h ago')).toHaveAttribute(
      'title',
      '2026-11-27T09:00:00Z',
    );
    expect(within(item).getByText('Configuration')).toBeInTheDocument();
    expect(
      within(item).getByText('AWS').closest('.MuiChip-root'),
    ).toHaveAttribute(
      'title',
      'Reported by AWS (Application Signals change event)',
    );
    expect(
      within(item).getByText(
        'UpdateFunctionConfiguration: MemorySize 512 → 1024',
      ),
    ).toBeInTheDocument();
    expect(item.querySelector('dl')).toBeNull();
    expect(within(item).queryByText(/risk$/)).toBeNull();
  });

  it.each<[DeployRisk, string, string]>([
    ['low', 'Low risk', 'success'],
    ['medium', 'Medium risk', 'warning'],
    ['high', 'High risk', 'error'],
  ])(
    'shows the risk %p in words, as %p, in the %p tone',
    async (risk, label, tone) => {
      await renderInTestApp(
        <ChangeTimeline markers={[deployMarkerFixture({ risk })]} now={NOW} />,
      );

      const chip = screen.getByText(label).closest('.MuiChip-root')!;
      expect(chip.className).toMatch(
        new RegExp(`\\bLambdaOpsToneChip-${tone}-`),
      );
    },
  );

  it('marks a deploy made against the deploy gate and says why it went ahead', async () => {
    await renderInTestApp(
      <ChangeTimeline
        markers={[
          deployMarkerFixture({
            gateOverride: { reason: 'Hotfix for the outage, approved by Kim' },
          }),
        ]}
        now={NOW}
      />,
    );
    const [item] = items();
    expect(
      within(item).getByText('Deployed past the gate'),
    ).toBeInTheDocument();
    expect(fact(item, 'Gate override')).toHaveTextContent(
      'Hotfix for the outage, approved by Kim',
    );
  });

  it('shows a link that is not http(s) as plain text', async () => {
    await renderInTestApp(
      <ChangeTimeline
        markers={[
          deployMarkerFixture({
            links: [
              'javascript:alert(document.cookie)',
              'file:///etc/passwd',
              'https://ci.example.com/runs/1',
            ],
          }),
        ]}
        now={NOW}
      />,
    );

    const [item] = items();
    const links = fact(item, 'Links')!;
    expect(within(links).getAllByRole('link')).toHaveLength(1);
    expect(
      within(links).getByText('javascript:alert(document.cookie)').closest('a'),
    ).toBeNull();
    expect(
      within(links).getByText('file:///etc/passwd').closest('a'),
    ).toBeNull();
    expect(item.querySelector('a[href^="javascript:"]')).toBeNull();
  });

  it('lists the changes newest first', async () => {
    await renderInTestApp(
      <ChangeTimeline
        markers={[
          changeEventFixture(),
          deployMarkerFixture(),
          deployMarkerFixture({
            id: 'v41',
            ts: '2026-11-21T10:00:00Z',
            changeSummary: 'orders-api v41',
          }),
        ]}
        now={NOW}
      />,
    );

    expect(
      items().map(
        item => item.querySelector('.MuiTypography-body1')?.textContent,
      ),
    ).toEqual([
      'orders-api v42: new payment client',
      'UpdateFunctionConfiguration: MemorySize 512 → 1024',
      'orders-api v41',
    ]);
  });

  it('highlights the change the rollback hint names, in words too, and gives it an id to link to', async () => {
    await renderInTestApp(
      <ChangeTimeline
        markers={[
          deployMarkerFixture(),
          deployMarkerFixture({ id: 'v41', ts: '2026-11-21T10:00:00Z' }),
        ]}
        highlightId="gh-run-4242-1"
        now={NOW}
      />,
    );

    const [candidate, other] = items();
    expect(candidate).toHaveAttribute('id', 'lambda-ops-change-gh-run-4242-1');
    expect(candidate).toHaveAttribute('data-lambda-ops-highlight', 'true');
    expect(candidate.className).toMatch(
      /\bLambdaOpsChangeTimeline-highlighted-/,
    );
    expect(
      within(candidate).getByText('Rollback candidate'),
    ).toBeInTheDocument();
    expect(other).not.toHaveAttribute('data-lambda-ops-highlight');
    expect(other.className).not.toMatch(/highlighted/);
    expect(within(other).queryByText('Rollback candidate')).toBeNull();
  });

  it('says how to record deploys when there is no change', async () => {
    await renderInTestApp(<ChangeTimeline markers={[]} />);

    expect(
      screen.getByRole('heading', { name: 'Changes' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No deploys or configuration changes in the last 7 days',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Record deploys from CI: see the Lambda Ops backend README (POST /api/lambda-ops/v1/deploy-markers)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list')).toBeNull();
  });
});
