import { createContext, useContext } from 'react';
import { formatDateTime, viewerTimeZone } from '../format';

/** A record that belongs to a company: the operator API names the company's zone on each one. */
export interface ZonedRecord {
  tenant_timezone?: string | null;
}

/**
 * The zone of the company a page is about, where its records do not name it (the portal's
 * pages, from the company's settings). `isPending` while it is being read: a time shown in
 * the wrong zone until then would be worse than none.
 */
export interface PageTimeZone {
  timeZone?: string;
  isPending: boolean;
}

export const CompanyTimeZoneContext = createContext<PageTimeZone>({ isPending: false });

/**
 * Where a company's record is shown in time: the zone the record names, else the page's
 * company's, else (a record of a company whose zone is not known) the viewer's, which the
 * abbreviation then names. Undefined while the page's company's zone is being read.
 */
export function useCompanyZone(): (record?: ZonedRecord | null) => string | undefined {
  const page = useContext(CompanyTimeZoneContext);
  return (record) => record?.tenant_timezone ?? page.timeZone ?? (page.isPending ? undefined : viewerTimeZone());
}

/** Formats a company's times in its zone with the zone's abbreviation ("Dec 7, 2026, 9:00 AM EST"); empty until the zone is known. */
export function useCompanyDateTime(): (iso: string | null | undefined, record?: ZonedRecord | null) => string {
  const zoneOf = useCompanyZone();
  return (iso, record) => {
    const zone = zoneOf(record);
    return zone ? formatDateTime(iso, zone) : '';
  };
}
