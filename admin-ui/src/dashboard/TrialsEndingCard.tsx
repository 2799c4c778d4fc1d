import { Card, CardHeader, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { useCreatePath, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { formatDateTime, formatRemaining } from '../format';
import { LoadingRows } from './ListCardStates';
import type { Stats } from './stats';

/** Trials that end within 7 days: the tenants to call before they are suspended. */
export function TrialsEndingCard({ trials }: { trials?: Stats['trials_ending'] }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <Card sx={{ height: '100%' }}>
      <CardHeader title={translate('kestrel.dashboard.trials_ending')} subheader={translate('kestrel.dashboard.trials_ending_hint')} />
      {!trials ? (
        <LoadingRows />
      ) : trials.length === 0 ? (
        <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
          {translate('kestrel.dashboard.no_trials_ending')}
        </Typography>
      ) : (
        <List dense data-testid="trials-ending">
          {trials.map((t) => (
            <ListItemButton key={t.id} component={Link} to={createPath({ resource: 'tenants', id: t.id, type: 'show' })}>
              <ListItemText
                primary={t.company_name}
                secondary={translate('kestrel.dashboard.trial_ends', {
                  at: formatDateTime(t.trial_ends_at),
                  left: formatRemaining(Date.parse(t.trial_ends_at) - Date.now()),
                })}
              />
            </ListItemButton>
          ))}
        </List>
      )}
    </Card>
  );
}
