import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { Alert, Box, Button, ButtonBase, IconButton, LinearProgress, Stack, Tooltip, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { useCreatePath, useGetList, useListContext, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { useCompanyZone } from '../fields/companyTimeZone';
import { dayIn, formatDateTime, formatPhone, formatTime } from '../format';
import type { AppointmentRecord } from './appointmentRecord';
import { APPOINTMENT_COLOURS, AppointmentStatusChip } from './AppointmentStatusChip';
import { formatAddress } from './serviceAddress';
import { addDays, formatDayHeading, formatWeek, startOfWeek, today, weekQueryRange } from './week';

/** A week holds far fewer visits than this; the calendar reads them in one request. */
const WEEK_LIMIT = 500;

/** Everything the card has no room for, on hover or focus: the visit's full time, address and callback number. */
function VisitDetails({ appointment, zone }: { appointment: AppointmentRecord; zone: string }) {
  const translate = useTranslate();
  const address = formatAddress(appointment.service_address);
  return (
    <Stack spacing={0.25} data-testid="calendar-visit-details">
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {appointment.customer_name}
      </Typography>
      <Typography variant="body2">{formatDateTime(appointment.starts_at, zone)}</Typography>
      <Typography variant="body2">{address || translate('kestrel.appointments.no_address')}</Typography>
      {appointment.callback_number && <Typography variant="body2">{formatPhone(appointment.callback_number)}</Typography>}
      <Typography variant="body2">{[appointment.company_name, appointment.service_type].filter(Boolean).join(' · ')}</Typography>
    </Stack>
  );
}

function AppointmentCard({ appointment, zone }: { appointment: AppointmentRecord; zone: string }) {
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const colour = APPOINTMENT_COLOURS[appointment.status];
  const address = formatAddress(appointment.service_address);
  return (
    <Tooltip title={<VisitDetails appointment={appointment} zone={zone} />} placement="right" enterDelay={400}>
      <ButtonBase
        onClick={() => navigate(createPath({ resource: 'appointments', id: appointment.id, type: 'edit' }))}
        data-testid="calendar-appointment"
        sx={{
          display: 'block',
          width: '100%',
          textAlign: 'left',
          p: 1,
          borderRadius: 1,
          border: 1,
          borderColor: 'divider',
          borderLeft: 4,
          borderLeftColor: colour && colour !== 'default' ? `${colour}.main` : 'grey.400',
          bgcolor: 'background.paper',
          opacity: appointment.status === 'cancelled' ? 0.6 : 1,
          '&:hover': { bgcolor: 'action.hover' },
        }}
      >
        <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="calendar-time">
          {formatTime(appointment.starts_at, zone)}
        </Typography>
        <Typography variant="body2" noWrap title={appointment.customer_name}>
          {appointment.customer_name}
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div" noWrap title={appointment.company_name}>
          {appointment.company_name}
        </Typography>
        {address && (
          <Typography variant="caption" color="text.secondary" component="div" noWrap data-testid="calendar-address">
            {address}
          </Typography>
        )}
        {appointment.service_type && (
          <Typography variant="caption" color="text.secondary" component="div" noWrap title={appointment.service_type}>
            {appointment.service_type}
          </Typography>
        )}
        <Box sx={{ mt: 0.5 }}>
          <AppointmentStatusChip status={appointment.status} />
        </Box>
      </ButtonBase>
    </Tooltip>
  );
}

/**
 * The week's visits, one column per day (one row per day on a phone), under the list's
 * filters except its date range: the calendar's week is the range. Each visit is on the day
 * and at the time it happens in its company's zone, named on the card, wherever the
 * operator is.
 */
export function AppointmentCalendar() {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const zoneOf = useCompanyZone();
  const [weekStart, setWeekStart] = useState(() => startOfWeek(today()));
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(weekStart, i)), [weekStart]);
  const { starts_after: _after, starts_before: _before, ...filter } = filterValues as Record<string, unknown>;
  const range = weekQueryRange(weekStart);
  const { data, isFetching, error, refetch } = useGetList<AppointmentRecord>('appointments', {
    filter: { ...filter, starts_after: range.after, starts_before: range.before },
    sort: { field: 'starts_at', order: 'ASC' },
    pagination: { page: 1, perPage: WEEK_LIMIT },
  });
  const visits = (data ?? []).flatMap((appointment) => {
    const zone = zoneOf(appointment);
    return zone ? [{ appointment, zone, day: dayIn(appointment.starts_at, zone) }] : [];
  });
  const currentDay = today();

  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }} data-testid="appointment-calendar">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1.5 }}>
        <Tooltip title={translate('kestrel.calendar.previous_week')}>
          <IconButton onClick={() => setWeekStart(addDays(weekStart, -7))} aria-label={translate('kestrel.calendar.previous_week')}>
            <ChevronLeftIcon />
          </IconButton>
        </Tooltip>
        <Tooltip title={translate('kestrel.calendar.next_week')}>
          <IconButton onClick={() => setWeekStart(addDays(weekStart, 7))} aria-label={translate('kestrel.calendar.next_week')}>
            <ChevronRightIcon />
          </IconButton>
        </Tooltip>
        <Button size="small" variant="outlined" onClick={() => setWeekStart(startOfWeek(today()))}>
          {translate('kestrel.calendar.this_week')}
        </Button>
        <Typography variant="h6" component="h2" sx={{ pl: 1, fontSize: { xs: '1rem', sm: '1.25rem' } }} data-testid="calendar-week">
          {formatWeek(weekStart)}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }} data-testid="company-time-note">
        {translate('kestrel.time.company_zone_note')}
      </Typography>
      <Box sx={{ height: 4, mb: 1 }}>{isFetching && <LinearProgress />}</Box>
      {error ? (
        <Alert
          severity="error"
          action={
            <Button color="inherit" size="small" onClick={() => void refetch()}>
              {translate('kestrel.feedback.retry')}
            </Button>
          }
        >
          {translate('kestrel.feedback.load_failed', { reason: (error as Error).message })}
        </Alert>
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(7, minmax(0, 1fr))' }, gap: 1 }}>
          {days.map((day) => {
            const visitsOfDay = visits.filter((visit) => visit.day === day);
            const isToday = day === currentDay;
            return (
              <Box
                key={day}
                data-testid="calendar-day"
                sx={{ minWidth: 0, minHeight: { md: 240 }, p: 1, borderRadius: 1, bgcolor: isToday ? 'action.selected' : 'action.hover' }}
              >
                <Typography variant="subtitle2" component="h3" sx={{ mb: 1, color: isToday ? 'primary.main' : 'text.primary' }}>
                  {formatDayHeading(day)}
                </Typography>
                <Stack spacing={1}>
                  {visitsOfDay.map(({ appointment, zone }) => (
                    <AppointmentCard key={appointment.id} appointment={appointment} zone={zone} />
                  ))}
                  {data && visitsOfDay.length === 0 && (
                    <Typography variant="caption" color="text.secondary">
                      {translate('kestrel.calendar.no_visits')}
                    </Typography>
                  )}
                </Stack>
              </Box>
            );
          })}
        </Box>
      )}
    </Box>
  );
}
