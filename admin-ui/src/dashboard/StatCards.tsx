import BusinessIcon from '@mui/icons-material/Business';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import PendingIcon from '@mui/icons-material/Pending';
import PaidIcon from '@mui/icons-material/Paid';
import { Grid } from '@mui/material';
import type { ReactElement } from 'react';
import { useTranslate } from 'react-admin';
import { formatCents, formatCount } from '../format';
import { StatCard } from './StatCard';
import type { Stats } from './stats';

/** Each status card opens the tenant list filtered on that status. */
const listOf = (status: string) => `/tenants?${new URLSearchParams({ filter: JSON.stringify({ status }) })}`;

const STATUS_CARDS: Array<{ status: string; icon: ReactElement }> = [
  { status: 'active', icon: <CheckCircleIcon color="success" fontSize="large" /> },
  { status: 'trial', icon: <HourglassTopIcon color="primary" fontSize="large" /> },
  { status: 'pending', icon: <PendingIcon color="action" fontSize="large" /> },
  { status: 'suspended', icon: <PauseCircleIcon color="error" fontSize="large" /> },
];

export function StatCards({ stats }: { stats?: Stats }) {
  const translate = useTranslate();
  const count = (n: number | undefined) => (stats ? formatCount(n ?? 0) : undefined);
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, sm: 6, md: 4, lg: 2 }}>
        <StatCard id="total" label={translate('kestrel.dashboard.total')} value={count(stats?.tenants.total)} icon={<BusinessIcon color="action" fontSize="large" />} to="/tenants" />
      </Grid>
      {STATUS_CARDS.map(({ status, icon }) => (
        <Grid key={status} size={{ xs: 12, sm: 6, md: 4, lg: 2 }}>
          <StatCard id={status} label={translate(`kestrel.status.${status}`)} value={count(stats?.tenants.by_status[status])} icon={icon} to={listOf(status)} />
        </Grid>
      ))}
      <Grid size={{ xs: 12, sm: 6, md: 4, lg: 2 }}>
        <StatCard id="mrr" label={translate('kestrel.dashboard.mrr')} value={stats ? formatCents(stats.mrr_cents) : undefined} icon={<PaidIcon color="success" fontSize="large" />} />
      </Grid>
    </Grid>
  );
}
