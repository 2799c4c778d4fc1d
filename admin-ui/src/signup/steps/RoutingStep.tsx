import { Stack, Typography } from '@mui/material';
import { required, TextInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { WEEKDAYS, type Weekday } from '../../catalogue';
import { CheckboxInput } from '../../inputs/CheckboxInput';
import { closesAfterOpening, phone } from '../validators';

function DayRow({ day }: { day: Weekday }) {
  const translate = useTranslate();
  const isOpen = useWatch({ name: `hours.${day}.isOpen` }) as boolean;
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }} data-testid={`hours-${day}`}>
      <Typography sx={{ width: 110 }}>{translate(`kestrel.weekdays.${day}`)}</Typography>
      <CheckboxInput source={`hours.${day}.isOpen`} label="kestrel.hours.open" />
      {isOpen ? (
        <>
          <TextInput source={`hours.${day}.open`} type="time" label="kestrel.hours.from" validate={required()} helperText={false} sx={{ width: 140 }} />
          <TextInput source={`hours.${day}.close`} type="time" label="kestrel.hours.to" validate={[required(), closesAfterOpening(day)]} helperText={false} sx={{ width: 140 }} />
        </>
      ) : (
        <Typography color="text.secondary">{translate('kestrel.hours.closed')}</Typography>
      )}
    </Stack>
  );
}

export function RoutingStep() {
  const translate = useTranslate();
  return (
    <>
      <Typography color="text.secondary">{translate('kestrel.signup.routing_intro')}</Typography>
      <TextInput source="forward_to_number" type="tel" label="kestrel.signup.fields.forward_to_number" helperText="kestrel.signup.forward_help" validate={[required(), phone]} fullWidth />
      <TextInput source="emergency_phone" type="tel" label="kestrel.signup.fields.emergency_phone" helperText="kestrel.signup.emergency_help" validate={phone} fullWidth />
      <Typography variant="subtitle1" sx={{ pt: 1 }}>
        {translate('kestrel.signup.business_hours')}
      </Typography>
      <Stack spacing={1}>
        {WEEKDAYS.map((day) => (
          <DayRow key={day} day={day} />
        ))}
      </Stack>
    </>
  );
}
