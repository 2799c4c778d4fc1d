import { Card, CardActionArea, CardContent, Skeleton, Stack, Typography } from '@mui/material';
import type { ReactElement } from 'react';
import { Link } from 'react-router-dom';

/** One figure with its label; a card that has a list behind it links there. */
export function StatCard({ id, label, value, icon, to }: { id: string; label: string; value?: string; icon: ReactElement; to?: string }) {
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
