import { Box } from '@mui/material';
import { PhoneNumber } from '../fields/PhoneField';

/** The customer a job or an invoice is for: their name, else their number as people write it. */
export function CustomerName({ record }: { record: { contact_name: string | null; contact_phone: string | null } }) {
  return (
    <Box component="span" data-testid="customer-name">
      {record.contact_name ?? <PhoneNumber value={record.contact_phone} />}
    </Box>
  );
}
