import { Card, CardContent, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Labeled, Title, useTranslate } from 'react-admin';
import { formatDateTime } from '../../format';
import { UsageBar } from '../../tenants/UsageBar';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { usePortalUsage } from '../usage';

const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <Grid size={{ xs: 12, sm: 4 }}>
    <Labeled label={label}>
      <Typography component="span" variant="body1">
        {children}
      </Typography>
    </Labeled>
  </Grid>
);

/** The plan, the open billing period and how much of it the calls have used. */
export function PortalBilling() {
  const translate = useTranslate();
  const { data: usage, isPending, error, refetch } = usePortalUsage();
  return (
    <Card sx={{ mt: 2 }} data-testid="portal-billing">
      <Title title={translate('kestrel.portal.billing')} />
      <CardContent>
        {error ? (
          <LoadErrorAlert error={error} retry={() => void refetch()} />
        ) : isPending || !usage ? (
          <LinearProgress />
        ) : (
          <Stack spacing={3}>
            <Grid container spacing={2}>
              <Fact label="kestrel.portal.plan">
                <span data-testid="billing-plan">{usage.plan_name}</span>
              </Fact>
              <Fact label="kestrel.portal.period_start">{usage.period_start ? formatDateTime(usage.period_start) : translate('kestrel.portal.no_period')}</Fact>
              <Fact label="kestrel.portal.period_end">{usage.period_end ? formatDateTime(usage.period_end) : '—'}</Fact>
            </Grid>
            <Stack spacing={1} sx={{ maxWidth: 560 }}>
              <Typography variant="subtitle1">{translate('kestrel.portal.calls_this_period')}</Typography>
              <UsageBar usage={usage} />
            </Stack>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
