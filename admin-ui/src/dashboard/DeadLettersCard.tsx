import { Card, CardHeader, List, ListItemButton, ListItemText } from '@mui/material';
import { useCreatePath, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../format';
import { AllClear, LoadingRows } from './ListCardStates';
import type { Stats } from './stats';

/** The newest steps that failed for good and wait for an operator to replay or resolve them. */
export function DeadLettersCard({ letters, open }: { letters?: Stats['recent_dead_letters']; open?: number }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <Card sx={{ height: '100%' }}>
      <CardHeader
        title={translate('kestrel.dashboard.dead_letters')}
        subheader={open === undefined ? ' ' : translate('kestrel.dashboard.dead_letters_hint', { smart_count: open, count: open })}
      />
      {!letters ? (
        <LoadingRows />
      ) : letters.length === 0 ? (
        <AllClear message="kestrel.dashboard.no_dead_letters" />
      ) : (
        <List dense data-testid="recent-dead-letters">
          {letters.map((letter) => (
            <ListItemButton key={letter.id} component={Link} to={createPath({ resource: 'dead-letters', id: letter.id, type: 'show' })}>
              <ListItemText
                primary={`${letter.company_name ?? translate('kestrel.dead_letters.no_tenant')} · ${letter.step}`}
                secondary={`${formatDateTime(letter.created_at)} — ${letter.error}`}
                // Two lines at most, wrapped: a long error must not widen a phone's dashboard.
                slotProps={{ secondary: { sx: { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' } } }}
              />
            </ListItemButton>
          ))}
        </List>
      )}
    </Card>
  );
}
