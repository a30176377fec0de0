import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { triageFixture } from '../../__fixtures__/operations';
import { TriageChecklist } from './TriageChecklist';

/** The list items of the checklist, as text. */
function items(): HTMLElement[] {
  return within(screen.getByRole('list')).getAllByRole('listitem');
}

describe('TriageChecklist', () => {
  it('puts a recent deploy first, as a warning banner', async () => {
    await renderInTestApp(<TriageChecklist checks={triageFixture()} />);

    expect(
      screen.getByRole('heading', { name: '3-minute triage' }),
    ).toBeInTheDocument();
    const banner = screen.getByRole('alert');
    expect(banner.className).toMatch(/MuiAlert-standardWarning/);
    expect(banner).toHaveTextContent(
      'Deployed 40 min before the alarm: roll back first',
    );
    expect(banner).toHaveTextContent(
      'B.1 Roll back the alias to the previous version',
    );
    expect(
      banner.compareDocumentPosition(screen.getByRole('list')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    // Shown once: in the banner, not again in the list.
    expect(
      screen.getAllByText('Deployed 40 min before the alarm: roll back first'),
    ).toHaveLength(1);
  });

  it('says each result in words as well as colour, with the runbook step', async () => {
    await renderInTestApp(<TriageChecklist checks={triageFixture()} />);

    const [pass, unknown] = items();
    expect(pass).toHaveTextContent(
      'PassDuration and memory do not saturate togetherA.2 Do Duration and memory saturate together?',
    );
    expect(within(pass).getByText('Pass').className).toMatch(
      /\bLambdaOpsTriageChecklist-pass-/,
    );
    expect(unknown).toHaveTextContent(
      'UnknownThrottles could not be readA.3 Are there Throttles?',
    );
    expect(within(unknown).getByText('Unknown').className).toMatch(
      /\bLambdaOpsTriageChecklist-unknown-/,
    );
    for (const item of items()) {
      expect(item.querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
    }
  });

  it('lists a warning that is not about a deploy, without a banner', async () => {
    await renderInTestApp(
      <TriageChecklist
        checks={[
          {
            check: 'throttles',
            result: 'warn',
            message: 'Throttles: 12 in the last hour',
            runbookStep: null,
          },
          {
            check: 'recent-deploy',
            result: 'pass',
            message: 'No deploy in the 60 minutes before the alarm',
            runbookStep: 'A.1 Was there a deploy in the last 60 minutes?',
          },
        ]}
      />,
    );

    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const [throttles, deploy] = items();
    expect(throttles).toHaveTextContent('WarnThrottles: 12 in the last hour');
    expect(within(throttles).getByText('Warn').className).toMatch(
      /\bLambdaOpsTriageChecklist-warn-/,
    );
    expect(deploy).toHaveTextContent(
      'PassNo deploy in the 60 minutes before the alarm',
    );
  });

  it('lists a recent deploy like any other check when the tab already shows the rollback banner', async () => {
    await renderInTestApp(
      <TriageChecklist checks={triageFixture()} deployBanner={false} />,
    );

    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const [deploy, pass, unknown] = items();
    expect(deploy).toHaveTextContent(
      'WarnDeployed 40 min before the alarm: roll back firstB.1 Roll back the alias to the previous version',
    );
    expect(within(deploy).getByText('Warn').className).toMatch(
      /\bLambdaOpsTriageChecklist-warn-/,
    );
    expect(pass).toHaveTextContent(/^Pass/);
    expect(unknown).toHaveTextContent(/^Unknown/);
  });
});
