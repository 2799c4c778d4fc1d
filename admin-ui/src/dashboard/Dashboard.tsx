import { Alert, Grid, Stack } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { AttentionCard } from './AttentionCard';
import { CallsPerDayChart } from './CallsPerDayChart';
import { DeadLettersCard } from './DeadLettersCard';
import { HealthDistributionChart } from './HealthDistributionChart';
import { MessagesCard } from './MessagesCard';
import { MrrByPlanChart } from './MrrByPlanChart';
import { PastDueCard } from './PastDueCard';
import { StatCards } from './StatCards';
import { SystemStatusCard } from './SystemStatusCard';
import { TrialsEndingCard } from './TrialsEndingCard';
import { useStats } from './useStats';

/** The landing page: tenants by status, revenue (at plan prices and as billed), calls, tenants' health, who is past due, today's texts to companies' customers, what is stuck or failed and needs an operator, and whether the platform is up. */
export function Dashboard() {
  const translate = useTranslate();
  const { data: stats, error } = useStats();
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
      <Title title={translate('kestrel.dashboard.title')} />
      {error && <Alert severity="warning">{translate('kestrel.dashboard.stats_failed', { reason: (error as Error).message })}</Alert>}
      <StatCards stats={stats} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 8 }}>
          <CallsPerDayChart days={stats?.calls_per_day} />
        </Grid>
        <Grid size={{ xs: 12, lg: 4 }}>
          <MrrByPlanChart mrr={stats?.mrr_by_plan} />
        </Grid>
        <Grid size={{ xs: 12, md: 6, lg: 4 }}>
          <HealthDistributionChart distribution={stats?.health_distribution} />
        </Grid>
        <Grid size={{ xs: 12, md: 6, lg: 4 }}>
          <TrialsEndingCard trials={stats?.trials_ending} />
        </Grid>
        <Grid size={{ xs: 12, md: 6, lg: 4 }}>
          <PastDueCard tenants={stats?.past_due_tenants} />
        </Grid>
        <Grid size={{ xs: 12, md: 6, lg: 4 }}>
          <SystemStatusCard />
        </Grid>
        <Grid size={{ xs: 12, md: 6, lg: 4 }}>
          <AttentionCard />
        </Grid>
        <Grid size={{ xs: 12, md: 12, lg: 4 }}>
          <DeadLettersCard letters={stats?.recent_dead_letters} open={stats?.dead_letters_open} />
        </Grid>
        <Grid size={{ xs: 12, lg: 8 }}>
          <MessagesCard />
        </Grid>
      </Grid>
    </Stack>
  );
}
