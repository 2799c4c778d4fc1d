import { Typography } from '@mui/material';
import { required, TextInput, useTranslate } from 'react-admin';
import { BusinessHoursInput } from '../../tenants/phone/BusinessHoursInput';
import { phone } from '../validators';

/** Where callers who need a person are sent, and when the company is open: the same hours input as the console's. */
export function RoutingStep() {
  const translate = useTranslate();
  return (
    <>
      <Typography color="text.secondary">{translate('kestrel.signup.routing_intro')}</Typography>
      <TextInput source="forward_to_number" type="tel" label="kestrel.signup.fields.forward_to_number" helperText="kestrel.signup.forward_help" validate={[required(), phone]} fullWidth />
      <TextInput source="emergency_phone" type="tel" label="kestrel.signup.fields.emergency_phone" helperText="kestrel.signup.emergency_help" validate={phone} fullWidth />
      <BusinessHoursInput yours />
    </>
  );
}
