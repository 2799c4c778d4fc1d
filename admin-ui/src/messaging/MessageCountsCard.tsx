import { Card, CardActionArea, CardContent, CardHeader, Grid, Skeleton, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { LoadErrorAlert } from '../feedback/LoadError';
import { formatCount } from '../format';

/** A count, and whether there are more than were counted (a company's figures are read a few pages deep). */
export interface Count {
  n: number;
  atLeast?: boolean;
}

export interface MessageCounts {
  sent: Count;
  delivered: Count;
  failed: Count;
  optedOut: Count;
}

const FIGURES = [
  { key: 'sent', colour: 'text.primary' },
  { key: 'delivered', colour: 'success.main' },
  { key: 'failed', colour: 'error.main' },
  { key: 'optedOut', colour: 'warning.main' },
] as const;

function Figure({ label, count, colour, testId }: { label: string; count?: Count; colour: string; testId: string }) {
  return (
    <>
      <Typography variant="h5" component="p" sx={{ color: count?.n ? colour : 'text.secondary', fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {count ? `${formatCount(count.n)}${count.atLeast ? '+' : ''}` : <Skeleton width={40} />}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
    </>
  );
}

/**
 * Today's texts at a glance: sent, delivered, failed (or undelivered), and the contacts who
 * opted out. The operator's dashboard counts every company's; the portal's, the company's own.
 */
export function MessageCountsCard({ subheader, counts, error, retry, to, testId }: { subheader: ReactNode; counts?: MessageCounts; error?: unknown; retry: () => void; to?: string; testId: string }) {
  const translate = useTranslate();
  const body = (
    <CardContent sx={{ pt: 0 }}>
      {error ? (
        <LoadErrorAlert error={error} retry={retry} />
      ) : (
        <Grid container spacing={2} columns={{ xs: 2, sm: 4 }}>
          {FIGURES.map(({ key, colour }) => (
            <Grid key={key} size={1}>
              <Figure label={translate(`kestrel.messages_card.${key}`)} count={counts?.[key]} colour={colour} testId={`messages-${key}`} />
            </Grid>
          ))}
        </Grid>
      )}
    </CardContent>
  );
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid={testId}>
      <CardHeader title={translate('kestrel.messages_card.title')} subheader={subheader} />
      {to ? (
        <CardActionArea component={Link} to={to}>
          {body}
        </CardActionArea>
      ) : (
        body
      )}
    </Card>
  );
}
