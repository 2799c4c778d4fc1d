import { useContext } from 'react';
import { CompanyTimeZoneContext } from '../../fields/companyTimeZone';
import { formatDate, formatDateTime, viewerTimeZone } from '../../format';

/**
 * A company's billing dates, in the company's zone where the page knows it (the portal's
 * pages), else the viewer's: "Dec 6, 2026", and with the time where an hour matters.
 */
export function useBillingDates() {
  const page = useContext(CompanyTimeZoneContext);
  const zone = page.timeZone ?? viewerTimeZone();
  return {
    date: (iso: string | null | undefined) => formatDate(iso, zone),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso, page.timeZone ?? null),
    period: (start: string | null | undefined, end: string | null | undefined) => (start && end ? `${formatDate(start, zone)} – ${formatDate(end, zone)}` : ''),
  };
}
