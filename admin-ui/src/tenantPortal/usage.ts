import { useGetOne } from 'react-admin';
import { PORTAL_RESOURCES, THE_COMPANY } from './tenantDataProvider';

/** `GET /api/v1/usage`: the open billing period and the calls metered in it. */
export interface PortalUsage {
  id: string;
  plan_tier: string;
  plan_name: string;
  period_start: string | null;
  period_end: string | null;
  used: number;
  included: number | null;
}

export const usePortalUsage = () => useGetOne<PortalUsage>(PORTAL_RESOURCES.billing, { id: THE_COMPANY });
