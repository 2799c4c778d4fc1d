import { Alert, Button } from '@mui/material';
import { useListContext, useShowContext, useTranslate } from 'react-admin';

/** What a page shows in place of what the API did not answer, with a way to ask again. */
export function LoadErrorAlert({ error, retry }: { error: unknown; retry: () => void }) {
  const translate = useTranslate();
  return (
    <Alert
      severity="error"
      sx={{ m: 2 }}
      data-testid="load-error"
      action={
        <Button color="inherit" size="small" onClick={retry}>
          {translate('kestrel.feedback.retry')}
        </Button>
      }
    >
      {translate('kestrel.feedback.load_failed', { reason: (error as Error | null)?.message ?? '' })}
    </Alert>
  );
}

/** What a list shows in place of its rows when the API did not answer them. */
export function ListLoadError() {
  const { error, refetch } = useListContext();
  return <LoadErrorAlert error={error} retry={() => void refetch()} />;
}

/** What a show page shows when its record could not be read. */
export function RecordLoadError() {
  const { error, refetch } = useShowContext();
  return <LoadErrorAlert error={error} retry={() => void refetch()} />;
}
