import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { Alert, Box, Button, ButtonBase, IconButton, LinearProgress, Stack, Tooltip, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { useCreatePath, useGetList, useListContext, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { AppointmentRecord } from './appointmentRecord';
import { APPOINTMENT_COLOURS, AppointmentStatusChip } from './AppointmentStatusChip';
import { addDays, formatWeek, sameDay, startOfWeek } from './week';

const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short' });
const dayOfMonth = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
const timeOfDay = new Intl.DateTimeFormat('en-US', { timeStyle: 'short' });

/** A week holds far fewer visits than this; the calendar reads them in one request. */
const WEEK_LIMIT = 500;

function AppointmentCard({ appointment }: { appointment: AppointmentRecord }) {
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const colour = APPOINTMENT_COLOURS[appointment.status];
  return (
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
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {timeOfDay.format(new Date(appointment.starts_at))}
      </Typography>
      <Typography variant="body2" noWrap title={appointment.customer_name}>
        {appointment.customer_name}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div" noWrap title={appointment.company_name}>
        {appointment.company_name}
      </Typography>
      {appointment.service_type && (
        <Typography variant="caption" color="text.secondary" component="div" noWrap title={appointment.service_type}>
          {appointment.service_type}
        </Typography>
      )}
      <Box sx={{ mt: 0.5 }}>
        <AppointmentStatusChip status={appointment.status} />
      </Box>
    </ButtonBase>
  );
}

/**
 * The week's visits, one column per day (one row per day on a phone), under the list's
 * filters except its date range: the calendar's week is the range.
 */
export function AppointmentCalendar() {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const [weekStart, setWeekStart] = useState(() => startOfWeek(new Date()));
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(weekStart, i)), [weekStart]);
  const { starts_after: _after, starts_before: _before, ...filter } = filterValues as Record<string, unknown>;
  const { data, isFetching, error, refetch } = useGetList<AppointmentRecord>('appointments', {
    filter: { ...filter, starts_after: weekStart.toISOString(), starts_before: addDays(weekStart, 7).toISOString() },
    sort: { field: 'starts_at', order: 'ASC' },
    pagination: { page: 1, perPage: WEEK_LIMIT },
  });
  const today = new Date();

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
        <Button size="small" variant="outlined" onClick={() => setWeekStart(startOfWeek(new Date()))}>
          {translate('kestrel.calendar.this_week')}
        </Button>
        <Typography variant="h6" component="h2" sx={{ pl: 1, fontSize: { xs: '1rem', sm: '1.25rem' } }} data-testid="calendar-week">
          {formatWeek(weekStart)}
        </Typography>
      </Stack>
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
            const visits = (data ?? []).filter((a) => sameDay(new Date(a.starts_at), day));
            const isToday = sameDay(day, today);
            return (
              <Box
                key={day.toISOString()}
                data-testid="calendar-day"
                sx={{ minWidth: 0, minHeight: { md: 240 }, p: 1, borderRadius: 1, bgcolor: isToday ? 'action.selected' : 'action.hover' }}
              >
                <Typography variant="subtitle2" component="h3" sx={{ mb: 1, color: isToday ? 'primary.main' : 'text.primary' }}>
                  {weekday.format(day)} {dayOfMonth.format(day)}
                </Typography>
                <Stack spacing={1}>
                  {visits.map((appointment) => (
                    <AppointmentCard key={appointment.id} appointment={appointment} />
                  ))}
                  {data && visits.length === 0 && (
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
