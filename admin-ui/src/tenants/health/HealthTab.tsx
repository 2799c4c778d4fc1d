import { Alert, Card, CardContent, CardHeader, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { formatDateTime } from '../../format';
import type { TenantRecord } from '../tenantRecord';
import { HealthBreakdown } from './HealthBreakdown';
import { HealthChip } from './HealthChip';
import { HealthTrendChart } from './HealthTrendChart';
import { RecomputeHealthButton } from './RecomputeHealthButton';
import { HISTORY_DAYS, useTenantHealth } from './useTenantHealth';

/** The latest score, large, with its band and when it was computed. */
function ScoreSummary({ tenant, score }: { tenant: TenantRecord; score: { score: number; band: TenantRecord['health_band']; computed_at: string } | null }) {
  const translate = useTranslate();
  const scorable = !tenant.erased_at && tenant.status !== 'deleted';
  return (
    <Stack spacing={1.5} sx={{ alignItems: 'flex-start' }}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'baseline' }}>
        <Typography variant="h3" component="p" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="health-score">
          {score ? score.score : '—'}
        </Typography>
        <HealthChip score={score?.score} band={score?.band} size="medium" withScore={false} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {score ? translate('kestrel.health.computed_at', { at: formatDateTime(score.computed_at) }) : translate('kestrel.health.never_scored')}
      </Typography>
      {scorable && <RecomputeHealthButton tenantId={tenant.id} />}
    </Stack>
  );
}

/**
 * The tenant's health: the latest score, the trend of its daily scores, and what each
 * rule read and deducted. Support tickets are support sessions until a ticket source
 * exists, and the page says so.
 */
export function HealthTab() {
  const translate = useTranslate();
  const record = useRecordContext<TenantRecord>();
  const { data: health, error, isPending, refetch } = useTenantHealth(record?.id);
  if (!record) return null;
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending || !health) return <LinearProgress sx={{ my: 2 }} />;
  const latest = health.latest;
  return (
    <Grid container spacing={2} sx={{ py: 1 }} data-testid="health-tab">
      <Grid size={{ xs: 12, md: 4 }}>
        <Card variant="outlined" sx={{ height: '100%' }}>
          <CardHeader title={translate('kestrel.health.score')} />
          <CardContent sx={{ pt: 0 }}>
            <ScoreSummary tenant={record} score={latest} />
          </CardContent>
        </Card>
      </Grid>
      <Grid size={{ xs: 12, md: 8 }}>
        <Card variant="outlined" sx={{ height: '100%' }}>
          <CardHeader title={translate('kestrel.health.trend')} subheader={translate('kestrel.health.trend_hint', { days: HISTORY_DAYS })} />
          <CardContent sx={{ pt: 0 }}>
            <HealthTrendChart history={health.history} />
          </CardContent>
        </Card>
      </Grid>
      <Grid size={12}>
        <Card variant="outlined">
          <CardHeader title={translate('kestrel.health.breakdown')} subheader={translate('kestrel.health.breakdown_hint')} />
          <CardContent sx={{ pt: 0 }}>
            <Stack spacing={2}>
              {latest ? <HealthBreakdown breakdown={latest.breakdown} inputs={latest.inputs} /> : <Typography color="text.secondary">{translate('kestrel.health.never_scored')}</Typography>}
              <Alert severity="info" data-testid="support-tickets-note">
                {translate('kestrel.health.support_note')}
              </Alert>
            </Stack>
          </CardContent>
        </Card>
      </Grid>
    </Grid>
  );
}
