import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Alert, Card, CardHeader, List, ListItem, ListItemButton, ListItemText, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useAuthState, useDataProvider, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../dataProvider';
import { formatDateTime } from '../format';
import type { AttentionItem } from './attention';
import { AllClear, LoadingRows } from './ListCardStates';

/** Work that has not failed for good but is not moving: activities still retrying, workflows running past their bound. */
export function AttentionCard() {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const { authenticated } = useAuthState();
  const { data, error } = useQuery({ queryKey: ['attention'], queryFn: () => dataProvider.attention(), refetchInterval: 15_000, enabled: authenticated === true });
  const items = data?.items;
  return (
    <Card sx={{ height: '100%' }} data-testid="needs-attention">
      <CardHeader
        title={translate('kestrel.dashboard.attention')}
        subheader={
          items === undefined
            ? ' '
            : items.length === 0
              ? translate('kestrel.dashboard.attention_none')
              : translate('kestrel.dashboard.attention_hint', { smart_count: items.length, count: items.length })
        }
      />
      {error ? (
        <Alert severity="warning" sx={{ mx: 2, mb: 2 }}>
          {translate('kestrel.dashboard.attention_failed', { reason: (error as Error).message })}
        </Alert>
      ) : !items ? (
        <LoadingRows />
      ) : items.length === 0 ? (
        <AllClear message="kestrel.dashboard.nothing_stuck" />
      ) : (
        <List dense>
          {items.map((item) => (
            <AttentionRow key={`${item.kind}:${item.workflow_id}:${item.activity_type ?? ''}`} item={item} />
          ))}
        </List>
      )}
      {data && !data.complete && (
        <Typography variant="body2" color="text.secondary" sx={{ px: 2, pb: 2 }}>
          {translate('kestrel.dashboard.attention_incomplete')}
        </Typography>
      )}
    </Card>
  );
}

function AttentionRow({ item }: { item: AttentionItem }) {
  const translate = useTranslate();
  const primary =
    item.kind === 'retrying_activity'
      ? translate('kestrel.dashboard.retrying', { activity: item.activity_type, workflow: item.workflow_type, attempt: item.attempt })
      : translate('kestrel.dashboard.overdue', { workflow: item.workflow_type, since: formatDateTime(item.since) });
  const secondary = `${item.workflow_id}${item.error ? ` — ${item.error}` : ''}`;
  const text = (
    <ListItemText
      primary={primary}
      secondary={secondary}
      // Two lines at most, wrapped: a long error or workflow id must not widen a phone's dashboard.
      slotProps={{ secondary: { sx: { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', overflowWrap: 'anywhere' } } }}
    />
  );
  if (!item.temporal_ui) return <ListItem>{text}</ListItem>;
  return (
    <ListItemButton component="a" href={item.temporal_ui} target="_blank" rel="noreferrer" title={translate('kestrel.dashboard.open_in_temporal')}>
      {text}
      <OpenInNewIcon fontSize="small" color="action" sx={{ ml: 1 }} />
    </ListItemButton>
  );
}
