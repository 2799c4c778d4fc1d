import { useQuery, type Query } from '@tanstack/react-query';
import { useAuthState, usePermissions } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { tenantOf } from '../../auth/session';
import { httpClient } from '../../http/httpClient';
import type { BillingView, PlanChangePreview } from '../../tenants/billing/billingRecord';
import { PORTAL_RESOURCES } from '../tenantDataProvider';

const BILLING = '/api/v1/billing';

/**
 * The company's billing on the tenant API (`/api/v1/billing`): the view every page's banner
 * and the Billing page share, a card added on Stripe's hosted page, and a change of plan
 * previewed before it is made. The query's key starts with the portal's billing resource,
 * so react-admin's refresh reads it again.
 */
export const BILLING_QUERY_KEY = [PORTAL_RESOURCES.billing, 'view'] as const;

export async function fetchBilling(): Promise<BillingView> {
  return (await httpClient(BILLING)).json as BillingView;
}

/** The hosted page where the owner gives a card (Stripe Checkout in setup mode); it comes back to the Billing page. */
export async function startAddingCard(): Promise<string> {
  return ((await httpClient(`${BILLING}/payment-method`, { method: 'POST', body: '{}' })).json as { url: string }).url;
}

export async function previewPlanChange(tier: string): Promise<PlanChangePreview> {
  return (await httpClient(`${BILLING}/plan-change?${new URLSearchParams({ tier })}`)).json as PlanChangePreview;
}

/** Changes the plan: an upgrade at once (with the prorated charge), a downgrade from the next period. */
export async function changePlan(tier: string): Promise<BillingView> {
  return (await httpClient(`${BILLING}/plan`, { method: 'POST', body: JSON.stringify({ tier }) })).json as BillingView;
}

/** The company's billing, for the signed-in company's pages only (an operator outside a support session has none). */
export function usePortalBilling(options: { refetchInterval?: number | false | ((query: Query<BillingView>) => number | false) } = {}) {
  const { authenticated } = useAuthState();
  const { permissions } = usePermissions<Permissions>();
  return useQuery({
    queryKey: BILLING_QUERY_KEY,
    queryFn: fetchBilling,
    enabled: authenticated === true && !!tenantOf(permissions ?? null),
    refetchInterval: options.refetchInterval,
  });
}
