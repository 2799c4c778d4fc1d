import { FormHelperText, Stack, Switch, TextField, Typography } from '@mui/material';
import { useRef } from 'react';
import { useInput, useTranslate, ValidationError, type Validator } from 'react-admin';
import { get, useFormState, useWatch } from 'react-hook-form';
import { WEEKDAYS, type Weekday } from '../../catalogue';
import type { BusinessHours, DayHours } from '../tenantRecord';

const OFFICE_HOURS = { open: '08:00', close: '17:00' };

/** A day with hours needs both times, the opening first, as the API's business-hours schema requires. */
const hoursInOrder: Validator = (value: DayHours | '' | undefined) => {
  if (!value) return undefined;
  if (!value.open || !value.close) return 'ra.validation.required';
  return value.open >= value.close ? 'kestrel.signup.validation.closes_after_opening' : undefined;
};

/** The form holds a closed day as null (the API's shape); react-admin shows null as ''. */
const isOpen = (value: unknown): value is { open: string; close: string } => typeof value === 'object' && value !== null;

/**
 * The hours as the API stores them: every weekday spelled out (a closed day is null), so
 * the stored hours are exactly what the form shows. With no day open there are no hours
 * at all, which the agent reads as open at all times, as the form then says; seven closed
 * days would keep the agent on its after-hours greeting for good.
 */
export function hoursToSave(hours: BusinessHours | null | undefined): BusinessHours {
  const days = WEEKDAYS.map((day) => {
    const h = hours?.[day];
    return [day, isOpen(h) ? { open: h.open, close: h.close } : null] as const;
  });
  return days.some(([, h]) => h) ? Object.fromEntries(days) : {};
}

function DayHoursInput({ day }: { day: Weekday }) {
  const translate = useTranslate();
  const source = `business_hours.${day}`;
  const { field, fieldState, formState } = useInput({ source, validate: hoursInOrder });
  // The API may name a time within the day (business_hours.mon.open) rather than the day.
  const { errors } = useFormState({ name: source });
  const nested = get(errors, source) as { open?: { message?: string }; close?: { message?: string } } | undefined;
  const error = fieldState.error?.message ?? nested?.open?.message ?? nested?.close?.message;
  // react-admin hands its validators' messages over encoded; ValidationError reads and translates them.
  const shown = error && (fieldState.isTouched || formState.isSubmitted) ? error : undefined;

  const hours = isOpen(field.value) ? field.value : null;
  // Closing a day and opening it again brings back the hours it had.
  const lastHours = useRef(hours ?? OFFICE_HOURS);
  if (hours) lastHours.current = hours;
  const dayName = translate(`kestrel.weekdays.${day}`);
  const time = (part: 'open' | 'close') => (
    <TextField
      type="time"
      label={translate(part === 'open' ? 'kestrel.hours.from' : 'kestrel.hours.to')}
      value={hours?.[part] ?? ''}
      onChange={(e) => field.onChange({ ...hours, [part]: e.target.value })}
      onBlur={field.onBlur}
      disabled={field.disabled}
      error={Boolean(shown)}
      size="small"
      margin="none"
      variant="outlined"
      fullWidth={false}
      sx={{ width: 140 }}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'aria-label': `${dayName} ${translate(part === 'open' ? 'kestrel.hours.from' : 'kestrel.hours.to')}`, step: 300 } }}
    />
  );

  return (
    <Stack spacing={0.5} data-testid={`hours-${day}`}>
      <Stack direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1, columnGap: 1, minHeight: 48 }}>
        <Typography sx={{ width: 96 }}>{dayName}</Typography>
        <Switch
          checked={Boolean(hours)}
          onChange={(e) => field.onChange(e.target.checked ? lastHours.current : null)}
          disabled={field.disabled}
          slotProps={{ input: { 'aria-label': translate('kestrel.hours.open_on', { day: dayName }) } }}
        />
        {hours ? (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            {time('open')}
            <Typography color="text.secondary">–</Typography>
            {time('close')}
          </Stack>
        ) : (
          <Typography color="text.secondary">{translate('kestrel.hours.closed')}</Typography>
        )}
      </Stack>
      {shown && (
        <FormHelperText error>
          <ValidationError error={shown} />
        </FormHelperText>
      )}
    </Stack>
  );
}

/**
 * Opening hours per weekday, each open with its times or closed: the agent's after-hours
 * greeting plays outside them. With no day open, the agent treats the company as open at
 * all times, and the form says so: seven "Closed" would say the opposite. `yours` words it
 * for the company's own people.
 */
export function BusinessHoursInput({ yours = false }: { yours?: boolean }) {
  const translate = useTranslate();
  // An error about the hours as a whole (not one day) has no day to sit under.
  const { errors } = useFormState({ name: 'business_hours' });
  const whole = (errors.business_hours as { message?: string } | undefined)?.message;
  const hours = useWatch({ name: 'business_hours' }) as BusinessHours | null | undefined;
  const noneSet = !WEEKDAYS.some((day) => isOpen(hours?.[day]));
  return (
    <Stack spacing={0.5} data-testid="business-hours-input">
      <Typography variant="subtitle2">{translate('resources.tenants.fields.business_hours')}</Typography>
      {noneSet && <FormHelperText data-testid="no-hours-note">{translate(yours ? 'kestrel.hours.none_set_yours' : 'kestrel.hours.none_set')}</FormHelperText>}
      {whole && (
        <FormHelperText error>
          <ValidationError error={whole} />
        </FormHelperText>
      )}
      {WEEKDAYS.map((day) => (
        <DayHoursInput key={day} day={day} />
      ))}
    </Stack>
  );
}
