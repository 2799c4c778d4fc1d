import type { ReactNode } from 'react';
import { useGetOne } from 'react-admin';
import { CompanyTimeZoneContext, type PageTimeZone } from '../fields/companyTimeZone';
import { PORTAL_RESOURCES, THE_COMPANY } from './tenantDataProvider';

/** The company's time zone, from its settings (read once and shared by every portal page). */
export function usePortalTimeZone(): PageTimeZone {
  const { data, isPending } = useGetOne<{ id: string; timezone?: string }>(PORTAL_RESOURCES.settings, { id: THE_COMPANY });
  return { timeZone: data?.timezone, isPending };
}

/** A portal page whose times are the company's: its fields show them in the company's zone. */
export function PortalTimeZone({ children }: { children: ReactNode }) {
  return <CompanyTimeZoneContext.Provider value={usePortalTimeZone()}>{children}</CompanyTimeZoneContext.Provider>;
}
