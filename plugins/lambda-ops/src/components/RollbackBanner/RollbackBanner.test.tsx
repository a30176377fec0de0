import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import {
  deployMarkerFixture,
  rollbackFixture,
} from '../../__fixtures__/operations';
import { ChangeTimeline } from '../ChangeTimeline';
import { RollbackBanner } from './RollbackBanner';

const COMMAND =
  'aws lambda update-alias --function-name orders-api --name PROD --function-version 41';

describe('RollbackBanner', () => {
  it('says to roll back first, in the backend words, as an error, with the command to copy', async () => {
    await renderInTestApp(
      <RollbackBanner rollback={rollbackFixture()} changeListed />,
    );

    const banner = screen.getByRole('alert');
    expect(banner.className).toMatch(/MuiAlert-standardError/);
    expect(
      within(banner).getByText(
        'orders-api: deployed 0 min before the burn started — roll back PROD to version 41 first',
      ),
    ).toBeInTheDocument();
    expect(
      await within(banner).findByRole('button', { name: 'Copy text' }),
    ).toBeInTheDocument();
    expect(banner.querySelector('code')).toHaveTextContent(COMMAND);
  });

  it('gives no command when the version to go back to is unknown', async () => {
    await renderInTestApp(
      <RollbackBanner
        rollback={rollbackFixture({
          toVersion: null,
          command: null,
          message:
            'orders-api: deployed 3 min before the burn started — roll back to the previous version first',
        })}
        changeListed
      />,
    );

    const banner = screen.getByRole('alert');
    expect(banner).toHaveTextContent('roll back to the previous version first');
    expect(within(banner).queryByText(/aws lambda/)).toBeNull();
    expect(within(banner).queryByRole('button')).toBeNull();
  });

  it('leads to the change in the timeline, which it scrolls to and focuses', async () => {
    const scrollIntoView = jest.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    try {
      await renderInTestApp(
        <>
          <RollbackBanner rollback={rollbackFixture()} changeListed />
          <ChangeTimeline
            markers={[deployMarkerFixture()]}
            highlightId="gh-run-4242-1"
          />
        </>,
      );

      const link = screen.getByRole('link', { name: 'See the change' });
      expect(link).toHaveAttribute('href', '#lambda-ops-change-gh-run-4242-1');
      await userEvent.click(link);

      const change = document.getElementById('lambda-ops-change-gh-run-4242-1');
      expect(change).toHaveFocus();
      expect(scrollIntoView).toHaveBeenCalledTimes(1);
      expect(scrollIntoView.mock.instances[0]).toBe(change);
    } finally {
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    }
  });

  it('has no link when the timeline does not list the change', async () => {
    await renderInTestApp(
      <RollbackBanner rollback={rollbackFixture()} changeListed={false} />,
    );

    expect(screen.queryByRole('link', { name: 'See the change' })).toBeNull();
  });
});
