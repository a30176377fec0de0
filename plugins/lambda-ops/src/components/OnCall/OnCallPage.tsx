import Box from '@material-ui/core/Box';
import { Content } from '@backstage/core-components';
import { useOnCall } from '../../hooks/useFleetViews';
import { FleetState } from '../FleetState';
import { OwnerPicker, useOwnersParam } from '../OwnerPicker';
import { OnCallView } from './OnCallView';

/**
 * The on-call page's content: every entity the chosen owners own (the signed-in
 * user's groups by default), worst first. The owners live in the address
 * (`?owner=group:default/payments`), so a team's view can be shared.
 */
export function OnCallPageContent() {
  const [owners, setOwners] = useOwnersParam();
  const request = useOnCall(owners);
  return (
    <Content>
      <Box maxWidth={640} mb={2}>
        <OwnerPicker
          owners={owners}
          onChange={setOwners}
          emptyLabel="You and your groups"
        />
      </Box>
      <FleetState view="on-call view" request={request}>
        {reply => <OnCallView reply={reply} />}
      </FleetState>
    </Content>
  );
}
