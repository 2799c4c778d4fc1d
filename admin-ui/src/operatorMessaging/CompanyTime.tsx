import { Typography } from '@mui/material';
import { DateTimeField } from '../fields/DateTimeField';

/** A time of the record's company, in its zone, in the same type as the page's other facts. */
export function CompanyTime({ source }: { source: string; label?: string }) {
  return (
    <Typography variant="body2" component="span">
      <DateTimeField source={source} inCompanyZone />
    </Typography>
  );
}
