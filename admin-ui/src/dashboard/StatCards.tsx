import BusinessIcon from '@mui/icons-material/Business';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import PendingIcon from '@mui/icons-material/Pending';
import PaidIcon from '@mui/icons-material/Paid';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { Grid } from '@mui/material';
import type { ReactElement } from 'react';
import { useTranslate } from 'react-admin';
import { formatCents, formatCount } from '../format';
import { StatCard } from './StatCard';
import type { Stats } from './stats';

/** Each card with a list behind it opens that list, filtered on what it counts. */
const listOf = (resource: string, filter: Record<string, unknown>) => `/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`;

const STATUS_CARDS: Array<{ status: string; icon: ReactElement }> = [
  { status: 'active', icon: <CheckCircleIcon color="success" fontSize="large" /> },
  { status: 'trial', icon: <HourglassTopIcon color="primary" fontSize="large" /> },
  { status: 'pending', icon: <PendingIcon color="action" fontSize="large" /> },
  { status: 'suspended', icon: <PauseCircleIcon color="error" fontSize="large" /> },
];

/** Four to a row on a laptop, two on a phone, all eight on a wide screen. */
const COLUMNS = { xs: 2, sm: 4, xl: 8 };

export function StatCards({ stats }: { stats?: Stats }) {
  const translate = useTranslate();
  const count = (n: number | undefined) => (stats ? formatCount(n ?? 0) : undefined);
  return (
    <Grid container spacing={2} columns={COLUMNS}>
      <Grid size={1}>
        <StatCard id="total" label={translate('kestrel.dashboard.total')} value={count(stats?.tenants.total)} icon={<BusinessIcon color="action" fontSize="large" />} to="/tenants" />
      </Grid>
      {STATUS_CARDS.map(({ status, icon }) => (
        <Grid key={status} size={1}>
          <StatCard id={status} label={translate(`kestrel.status.${status}`)} value={count(stats?.tenants.by_status[status])} icon={icon} to={listOf('tenants', { status })} />
        </Grid>
      ))}
      <Grid size={1}>
        <StatCard
          id="mrr"
          label={translate('kestrel.dashboard.mrr')}
          value={stats ? formatCents(stats.mrr_cents) : undefined}
          detail={{ id: 'billed_mrr', text: stats ? translate('kestrel.dashboard.billed_mrr', { amount: formatCents(stats.billed_mrr_cents ?? 0) }) : undefined }}
          icon={<PaidIcon color="success" fontSize="large" />}
        />
      </Grid>
      <Grid size={1}>
        <StatCard id="calls_this_month" label={translate('kestrel.dashboard.calls_this_month')} value={count(stats?.calls_this_month)} icon={<PhoneInTalkIcon color="primary" fontSize="large" />} to="/calls" />
      </Grid>
      <Grid size={1}>
        <StatCard
          id="dead_letters_open"
          label={translate('kestrel.dashboard.dead_letters_open')}
          value={count(stats?.dead_letters_open)}
          icon={<ReportProblemIcon color={stats?.dead_letters_open ? 'warning' : 'disabled'} fontSize="large" />}
          to={listOf('dead-letters', { state: 'open' })}
        />
      </Grid>
    </Grid>
  );
}
