import CheckCircleOutlinedIcon from '@mui/icons-material/CheckCircleOutlined';
import { Card, CardHeader, List, ListItemButton, ListItemText, Skeleton, Stack, Typography } from '@mui/material';
import { useCreatePath, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../format';
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
        <Stack spacing={1} sx={{ px: 2, pb: 2 }}>
          <Skeleton />
          <Skeleton />
        </Stack>
      ) : letters.length === 0 ? (
        <Stack direction="row" spacing={1} sx={{ px: 2, pb: 2, alignItems: 'center' }}>
          <CheckCircleOutlinedIcon color="success" />
          <Typography color="text.secondary">{translate('kestrel.dashboard.no_dead_letters')}</Typography>
        </Stack>
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
