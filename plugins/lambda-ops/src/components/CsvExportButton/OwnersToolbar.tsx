import Box from '@material-ui/core/Box';
import { ComponentProps } from 'react';
import { OwnerPicker } from '../OwnerPicker';
import { CsvExportButton } from './CsvExportButton';

/**
 * The bar above a fleet table that has a CSV export: the owners it shows, and the export of
 * the same rows.
 */
export function OwnersToolbar(props: {
  owners: string[];
  onOwnersChange: (owners: string[]) => void;
  /** What the picker says while no owner is chosen. */
  emptyLabel: string;
  csv: ComponentProps<typeof CsvExportButton>;
}) {
  return (
    <Box display="flex" alignItems="center" mb={2} gridGap={16}>
      <Box flexGrow={1} maxWidth={640}>
        <OwnerPicker
          owners={props.owners}
          onChange={props.onOwnersChange}
          emptyLabel={props.emptyLabel}
        />
      </Box>
      <CsvExportButton {...props.csv} />
    </Box>
  );
}
