import { Box, Card, CardContent, CardHeader, Grid, LinearProgress, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { useMemo } from 'react';
import { Link, Title, useCreatePath, useGetList, useGetOne, useTranslate } from 'react-admin';
import type { AppointmentRecord } from '../../appointments/appointmentRecord';
import { AppointmentStatusChip } from '../../appointments/AppointmentStatusChip';
import { formatAddress } from '../../appointments/serviceAddress';
import { useCompanyDateTime } from '../../fields/companyTimeZone';
import type { TenantRecord } from '../../tenants/tenantRecord';
import { UsageBar } from '../../tenants/UsageBar';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { PortalTimeZone } from '../companyTimeZone';
import { MessagesTodayCard } from '../messaging/MessagesTodayCard';
import { PORTAL_RESOURCES, THE_COMPANY } from '../tenantDataProvider';
import { usePortalUsage } from '../usage';

function UsageCard() {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const { data: usage, isPending, error, refetch } = usePortalUsage();
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="portal-usage">
      <CardHeader title={translate('kestrel.portal.calls_this_period')} subheader={usage?.plan_name} />
      <CardContent>
        {error ? <LoadErrorAlert error={error} retry={() => void refetch()} /> : isPending || !usage ? <LinearProgress /> : <UsageBar usage={usage} />}
        {usage?.period_end && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {translate('kestrel.portal.period_ends', { at: companyTime(usage.period_end) })}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

const UPCOMING = 5;

function UpcomingAppointments() {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const createPath = useCreatePath();
  // Fixed for the page's life: a filter made of "now" at every render would be a new query each time.
  const filter = useMemo(() => ({ starts_after: new Date().toISOString(), status: ['scheduled', 'confirmed'] }), []);
  const { data, isPending, error, refetch } = useGetList<AppointmentRecord>(PORTAL_RESOURCES.appointments, {
    pagination: { page: 1, perPage: UPCOMING },
    sort: { field: 'starts_at', order: 'ASC' },
    filter,
  });
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="portal-upcoming">
      <CardHeader title={translate('kestrel.portal.upcoming')} action={<Link to={createPath({ resource: PORTAL_RESOURCES.appointments, type: 'list' })}>{translate('kestrel.portal.all_appointments')}</Link>} />
      <CardContent sx={{ pt: 0 }}>
        {error ? (
          <LoadErrorAlert error={error} retry={() => void refetch()} />
        ) : isPending ? (
          <LinearProgress />
        ) : data.length === 0 ? (
          <Typography color="text.secondary">{translate('kestrel.portal.no_upcoming')}</Typography>
        ) : (
          <List disablePadding>
            {data.map((appointment) => (
              <ListItemButton
                key={appointment.id}
                component={Link}
                to={createPath({ resource: PORTAL_RESOURCES.appointments, id: appointment.id, type: 'edit' })}
                sx={{ px: 1, gap: 1 }}
              >
                <ListItemText
                  primary={appointment.customer_name}
                  secondary={[companyTime(appointment.starts_at, appointment), appointment.service_type, formatAddress(appointment.service_address)].filter(Boolean).join(' · ')}
                />
                <AppointmentStatusChip status={appointment.status} />
              </ListItemButton>
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
}

/** The company's home, at the company's time: how much of the plan the calls have used, the next visits, and today's texts. */
export function PortalDashboard() {
  const translate = useTranslate();
  const { data: settings } = useGetOne<TenantRecord>(PORTAL_RESOURCES.settings, { id: THE_COMPANY });
  return (
    <PortalTimeZone>
      <Box sx={{ mt: 2 }}>
        <Title title={translate('kestrel.portal.dashboard')} />
        <Typography variant="h5" sx={{ mb: 2 }} data-testid="portal-company">
          {settings?.company_name ?? '\u00a0'}
        </Typography>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 5 }}>
            <UsageCard />
          </Grid>
          <Grid size={{ xs: 12, md: 7 }}>
            <UpcomingAppointments />
          </Grid>
          <Grid size={{ xs: 12, md: 7 }}>
            <MessagesTodayCard />
          </Grid>
        </Grid>
      </Box>
    </PortalTimeZone>
  );
}
