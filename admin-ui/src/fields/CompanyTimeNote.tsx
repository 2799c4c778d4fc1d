import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/** Says, above a list of several companies' records, that each time is its company's own. */
export function CompanyTimeNote() {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }} data-testid="company-time-note">
      {translate('kestrel.time.company_zone_note')}
    </Typography>
  );
}
