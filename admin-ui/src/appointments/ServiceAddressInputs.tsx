import { Stack, Typography } from '@mui/material';
import { TextInput, useTranslate, type Validator } from 'react-admin';

/** An address is a street and a city (the ZIP may be unknown); no address at all is fine too. */
const partOfAddress =
  (part: 'street' | 'city'): Validator =>
  (value: unknown, all: { service_address?: Record<string, string | null> | null }) => {
    const address = all.service_address ?? {};
    const anyGiven = Object.values(address).some((v) => typeof v === 'string' && v.trim() !== '');
    return anyGiven && !(typeof value === 'string' && value.trim()) ? `kestrel.appointments.${part}_required` : undefined;
  };

/** Where the visit is: street, city and ZIP, sent together as `service_address` (see addressFromForm). */
export function ServiceAddressInputs() {
  const translate = useTranslate();
  return (
    <Stack sx={{ width: '100%', maxWidth: 720 }} data-testid="service-address-inputs">
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {translate('kestrel.appointments.address')}
      </Typography>
      <TextInput source="service_address.street" label="kestrel.appointments.street" validate={partOfAddress('street')} autoComplete="off" fullWidth />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 0, sm: 2 }}>
        <TextInput source="service_address.city" label="kestrel.appointments.city" validate={partOfAddress('city')} autoComplete="off" sx={{ flex: 2 }} />
        <TextInput source="service_address.postal_code" label="kestrel.appointments.postal_code" autoComplete="off" sx={{ flex: 1 }} />
      </Stack>
    </Stack>
  );
}
