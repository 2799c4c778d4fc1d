import { Alert, Grid, Stack } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { StatCards } from './StatCards';
import { SystemStatusCard } from './SystemStatusCard';
import { TrialsEndingCard } from './TrialsEndingCard';
import { useStats } from './useStats';

/** The landing page: tenants by status, MRR, trials about to end, and whether the platform is up. */
export function Dashboard() {
  const translate = useTranslate();
  const { data: stats, error } = useStats();
  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      <Title title={translate('kestrel.dashboard.title')} />
      {error && <Alert severity="warning">{(error as Error).message}</Alert>}
      <StatCards stats={stats} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <TrialsEndingCard trials={stats?.trials_ending} />
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <SystemStatusCard />
        </Grid>
      </Grid>
    </Stack>
  );
}
