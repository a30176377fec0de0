import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/** The one way the tab offers to try a failed load again. */
export function RetryButton(props: { onRetry: () => void }) {
  return (
    <Box mt={2}>
      <Button variant="outlined" color="primary" onClick={props.onRetry}>
        Retry
      </Button>
    </Box>
  );
}
