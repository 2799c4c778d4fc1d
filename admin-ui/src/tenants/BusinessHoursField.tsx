import { Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { WEEKDAYS } from '../catalogue';

type Hours = Partial<Record<string, { open: string; close: string } | null>>;

/** Opening hours per weekday; a day missing or null is closed. Read-only until editing lands. */
export function BusinessHoursField(_props: { source?: string; label?: string }) {
  const translate = useTranslate();
  const hours = useRecordContext<{ business_hours?: Hours | null }>()?.business_hours ?? {};
  return (
    <Table size="small" sx={{ width: 'auto' }} data-testid="business-hours">
      <TableBody>
        {WEEKDAYS.map((day) => {
          const h = hours[day];
          return (
            <TableRow key={day}>
              <TableCell sx={{ pl: 0 }}>{translate(`kestrel.weekdays.${day}`)}</TableCell>
              <TableCell>{h ? `${h.open} – ${h.close}` : translate('kestrel.hours.closed')}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
