import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** The groups of the catalog, as refs, to choose owners from. */
function useGroupRefs(): string[] {
  const catalogApi = useApi(catalogApiRef);
  const { value } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    return items.map(group => stringifyEntityRef(group)).sort();
  }, [catalogApi]);
  return value ?? [];
}

/**
 * Chooses whose entities a fleet view shows: groups from the catalog, or any owner
 * ref typed in (`group:default/payments`, `user:default/mika`). None chosen means the
 * view's default, which `emptyLabel` names.
 */
export function OwnerPicker(props: {
  owners: string[];
  onChange: (owners: string[]) => void;
  emptyLabel: string;
}) {
  const { owners, onChange, emptyLabel } = props;
  const groups = useGroupRefs();
  return (
    <Autocomplete
      multiple
      freeSolo
      size="small"
      options={groups}
      value={owners}
      onChange={(_event, value) => onChange(value as string[])}
      renderInput={params => (
        <TextField
          {...params}
          variant="outlined"
          label="Owners"
          placeholder={owners.length === 0 ? emptyLabel : undefined}
        />
      )}
    />
  );
}
