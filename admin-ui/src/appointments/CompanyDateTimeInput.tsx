import { Typography } from '@mui/material';
import { useFormState, useWatch } from 'react-hook-form';
import { DateTimeInput, required, useTranslate } from 'react-admin';
import { formatDateTime, formatWeekday, instantOfWallTime, wallTimeIn, zoneAbbreviation } from '../format';

const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * When the visit starts, typed as the company's clock reads it (the visit happens there),
 * whatever the zone of the person typing; the API is sent the instant.
 */
export function CompanyDateTimeInput({ source, timeZone }: { source: string; timeZone: string }) {
  const translate = useTranslate();
  const value = useWatch({ name: source }) as string | null;
  // react-admin's date input does not follow a disabled form by itself.
  const { disabled } = useFormState();
  const zone = zoneAbbreviation(timeZone, value ?? new Date());
  return (
    <>
      <DateTimeInput
        source={source}
        validate={required()}
        label={translate('kestrel.appointments.starts_at_in', { zone })}
        // The field holds the instant; the input shows and takes the company's wall clock.
        format={(stored: string | null) => (!stored ? '' : WALL_TIME.test(stored) ? stored : wallTimeIn(stored, timeZone))}
        parse={(local: string) => (local ? (instantOfWallTime(local, timeZone) ?? null) : null)}
        helperText={false}
        disabled={disabled}
        sx={{ width: { xs: '100%', sm: 320 } }}
      />
      <CompanyLocalTime value={value} timeZone={timeZone} />
    </>
  );
}

/** The chosen time in full, with its weekday and the company's zone named. */
function CompanyLocalTime({ value, timeZone }: { value: string | null; timeZone: string }) {
  const translate = useTranslate();
  if (!value || Number.isNaN(Date.parse(value))) return null;
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, mb: 2 }} data-testid="company-local-time">
      {translate('kestrel.appointments.company_time', {
        time: `${formatWeekday(value, timeZone)}, ${formatDateTime(value, timeZone)}`,
        zone: translate(`kestrel.timezones.${timeZone}`, { _: timeZone }),
      })}
    </Typography>
  );
}
