import { Card, CardActionArea, CardContent, Skeleton, Stack, Typography } from '@mui/material';
import type { ReactElement } from 'react';
import { Link } from 'react-router-dom';

/** One figure with its label (and a second figure beside it, under it); a card that has a list behind it links there. */
export function StatCard({ id, label, value, detail, icon, to }: { id: string; label: string; value?: string; detail?: { id: string; text?: string }; icon: ReactElement; to?: string }) {
  const body = (
    <CardContent>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        {icon}
        <Stack>
          <Typography variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography variant="h5" component="p" data-testid={`stat-${id}`}>
            {value ?? <Skeleton width={48} />}
          </Typography>
          {detail && (
            <Typography variant="caption" color="text.secondary" data-testid={`stat-${detail.id}`}>
              {detail.text ?? <Skeleton width={96} />}
            </Typography>
          )}
        </Stack>
      </Stack>
    </CardContent>
  );
  return (
    <Card sx={{ height: '100%' }}>
      {to ? (
        <CardActionArea component={Link} to={to} sx={{ height: '100%' }}>
          {body}
        </CardActionArea>
      ) : (
        body
      )}
    </Card>
  );
}
