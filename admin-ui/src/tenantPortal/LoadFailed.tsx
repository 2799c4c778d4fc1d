import { Alert, Button } from '@mui/material';
import { useTranslate } from 'react-admin';

/** What a portal page shows in place of what the tenant API did not answer. */
export function LoadFailed({ error, retry }: { error: unknown; retry: () => void }) {
  const translate = useTranslate();
  return (
    <Alert
      severity="error"
      sx={{ my: 2 }}
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
