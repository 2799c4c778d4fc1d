import { LinearProgress } from '@mui/material';
import { AppointmentEditor } from '../../appointments/AppointmentEditor';
import { CompanyDateTimeInput } from '../../appointments/CompanyDateTimeInput';
import { useSupportSession } from '../../support/useSupportSession';
import { usePortalTimeZone } from '../companyTimeZone';

/** When the visit starts, typed as the company's clock reads it. */
function StartsAtInput() {
  const { timeZone } = usePortalTimeZone();
  if (!timeZone) return <LinearProgress sx={{ width: { xs: '100%', sm: 320 }, my: 3 }} />;
  return <CompanyDateTimeInput source="starts_at" timeZone={timeZone} />;
}

/** Who booked and for what, then what the company may change: the status, the time and place, its notes. */
export function PortalAppointmentEdit() {
  const { readOnly } = useSupportSession();
  return <AppointmentEditor startsAtInput={<StartsAtInput />} readOnly={readOnly} />;
}
