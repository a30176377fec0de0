import { useState } from 'react';
import Button from '@material-ui/core/Button';
import GetApp from '@material-ui/icons/GetApp';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { lambdaOpsApiRef } from '../../api';

/** The name the downloaded scorecard is saved under. */
export const COVERAGE_CSV_FILE = 'lambda-ops-coverage.csv';

/**
 * Downloads the scorecard as CSV for the same owners as the page. It is fetched with
 * the user's credentials (a plain link would carry none), then saved from memory.
 */
export function CsvExportButton(props: { owners: string[] }) {
  const api = useApi(lambdaOpsApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const csv = await api.getCoverageCsv({ owners: props.owners });
      const url = URL.createObjectURL(csv);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = COVERAGE_CSV_FILE;
      anchor.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      alertApi.post({
        message: `Could not export the scorecard: ${(error as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetApp />}
      disabled={busy}
      onClick={download}
    >
      Export CSV
    </Button>
  );
}
