import { useState } from 'react';
import Button from '@material-ui/core/Button';
import GetApp from '@material-ui/icons/GetApp';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';

/**
 * Downloads a fleet view as CSV. It is fetched with the user's credentials (a plain link
 * would carry none), then saved from memory under `fileName`.
 */
export function CsvExportButton(props: {
  /** What is exported, for the error message: "the scorecard". */
  what: string;
  fileName: string;
  fetchCsv: () => Promise<Blob>;
}) {
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const url = URL.createObjectURL(await props.fetchCsv());
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = props.fileName;
      anchor.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      alertApi.post({
        message: `Could not export ${props.what}: ${(error as Error).message}`,
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
