import RefreshIcon from '@mui/icons-material/Refresh';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@mui/material';
import { useDataProvider, useNotify, useRefresh, useTranslate, type Identifier } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';

/** Scores the tenant now, as the daily run would (an alert included, if the score falls below 50). */
export function RecomputeHealthButton({ tenantId }: { tenantId: Identifier }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.recomputeHealth(tenantId),
    onSuccess: (result) => {
      if ('latest' in result && result.latest) {
        notify(result.alerted ? 'kestrel.health.recomputed_alerted' : 'kestrel.health.recomputed', { type: 'success', messageArgs: { score: result.latest.score } });
      } else {
        notify('kestrel.health.recompute_running', { type: 'info' });
      }
      refresh();
    },
    onError: (error) => notify('kestrel.health.recompute_failed', { type: 'error', messageArgs: { reason: (error as Error).message } }),
  });
  return (
    // A labelled button at every width: react-admin's shrinks to an icon on a phone.
    <Button onClick={() => mutate()} disabled={isPending} variant="outlined" size="small" startIcon={<RefreshIcon />} data-testid="recompute-health">
      {translate(isPending ? 'kestrel.health.recomputing' : 'kestrel.health.recompute')}
    </Button>
  );
}
