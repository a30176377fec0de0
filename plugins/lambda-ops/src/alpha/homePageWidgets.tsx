import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { ON_CALL_TITLE } from '../fleet/titles';

/**
 * The on-call card of the home page (`@backstage/plugin-home`): the services the
 * signed-in user's groups own, worst first.
 *
 * @alpha
 */
export const homePageOnCallWidget = HomePageWidgetBlueprint.make({
  name: 'on-call',
  params: {
    name: 'LambdaOpsOnCall',
    title: ON_CALL_TITLE,
    description:
      'The services your groups own, worst first, with the runbook of each firing page',
    components: () =>
      import('../components/OnCall').then(m => ({
        Content: m.HomePageOnCallContent,
      })),
    layout: {
      width: { defaultColumns: 6, minColumns: 4 },
      height: { defaultRows: 4, minRows: 3 },
    },
  },
});
