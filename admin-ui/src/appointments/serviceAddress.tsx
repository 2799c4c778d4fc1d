import { Box } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { AppointmentRecord, ServiceAddress } from './appointmentRecord';

/** "42 Elm Street, Cambridge 02139": an address on one line. */
export function formatAddress(address: ServiceAddress | null | undefined): string {
  if (!address) return '';
  return [address.street, [address.city, address.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/**
 * The form's three address inputs as the API takes them: an address left blank is none
 * (null), a ZIP left blank is null.
 */
export function addressFromForm(value: Partial<Record<keyof ServiceAddress, string | null>> | null | undefined): ServiceAddress | null {
  const street = value?.street?.trim() ?? '';
  const city = value?.city?.trim() ?? '';
  const postalCode = value?.postal_code?.trim() ?? '';
  if (!street && !city && !postalCode) return null;
  return { street, city, postal_code: postalCode || null };
}

/** The visit's address, on one line; a visit without one says so. */
export function ServiceAddressField(_props: { source?: string; label?: string }) {
  const translate = useTranslate();
  const record = useRecordContext<AppointmentRecord>();
  if (!record) return null;
  const address = formatAddress(record.service_address);
  return (
    <Box component="span" sx={{ color: address ? 'text.primary' : 'text.secondary' }} data-testid="service-address">
      {address || translate('kestrel.appointments.no_address')}
    </Box>
  );
}
