import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import {
  lowestBudgetSlo,
  OperationsResponse,
  worstSloStatus,
} from '@lambda-ops/backstage-plugin-common';
import { formatBudgetRemaining } from '../../slo/format';
import { FigureList } from '../FigureList';
import { NoSlosEmptyState } from '../NoSlosEmptyState';
import { StatusChip } from '../StatusChip';

/**
 * Relative to the entity page, where the Operations tab lives by default. An app that
 * moves the tab (`entity-content:lambda-ops` config `path`) moves it away from this link.
 */
const OPERATIONS_TAB_PATH = './operations';

/**
 * The entity's SLOs at a glance: the worst status, the number of SLOs and the least
 * error budget left, with a link to the Operations tab for the rest.
 */
export function OperationsOverview(props: { operations: OperationsResponse }) {
  const {
    slos,
    problems,
    stale,
    generatedAt,
    staleCause = null,
  } = props.operations;
  const status = worstSloStatus(slos.map(slo => slo.status));
  const lowest = lowestBudgetSlo(slos);

  return (
    <>
      {status ? (
        <FigureList
          figures={[
            { label: 'Worst status', value: <StatusChip status={status} /> },
            { label: 'SLOs', value: slos.length },
            {
              label: 'Lowest budget remaining',
              value: lowest ? (
                <>
                  {formatBudgetRemaining(lowest.errorBudget.remaining)}
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    display="block"
                  >
                    {lowest.description}
                  </Typography>
                </>
              ) : (
                'No data'
              ),
            },
          ]}
        />
      ) : (
        <NoSlosEmptyState hasProblems={problems.length > 0} />
      )}
      {stale && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Stale data
          {staleCause ? ` (${staleCause.message})` : ': AWS could not be read'},
          so these figures come from the cache (as of {generatedAt}).
        </Typography>
      )}
      <Link to={OPERATIONS_TAB_PATH}>View the Operations tab</Link>
    </>
  );
}
