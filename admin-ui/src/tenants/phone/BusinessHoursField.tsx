import { Box, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { hoursUnknown } from '../../../../domain/business-hours';
import { WEEKDAYS } from '../../catalogue';
import type { TenantRecord } from '../tenantRecord';

/**
 * The record's opening hours, a line per weekday, read the way the agent reads them: no
 * hours at all is open at all times (and said so), and a day left out of given hours is closed.
 */
export function BusinessHoursField(_props: { source?: string; label?: string }) {
  const translate = useTranslate();
  const record = useRecordContext<TenantRecord>();
  if (!record) return null;
  const hours = record.business_hours;
  if (hoursUnknown(hours)) {
    return (
      <Typography variant="body2" data-testid="business-hours" data-none-set>
        {translate('kestrel.hours.none_set')}
      </Typography>
    );
  }
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'auto auto', columnGap: 2, rowGap: 0.25, m: 0 }} data-testid="business-hours">
      {WEEKDAYS.map((day) => {
        const today = hours[day];
        return [
          <Typography key={`${day}-name`} component="dt" variant="body2">
            {translate(`kestrel.weekdays_short.${day}`)}
          </Typography>,
          <Typography key={`${day}-hours`} component="dd" variant="body2" color={today ? undefined : 'text.secondary'} sx={{ m: 0, fontVariantNumeric: 'tabular-nums' }}>
            {today ? `${today.open}–${today.close}` : translate('kestrel.hours.closed')}
          </Typography>,
        ];
      })}
    </Box>
  );
}
