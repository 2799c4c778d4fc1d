import { useQuery } from '@tanstack/react-query';
import type { Identifier } from 'react-admin';
import { httpClient } from '../../http/httpClient';
import type { BillingTerms, BillingView, OperatorBillingView } from './billingRecord';

const billingPath = (id: Identifier) => `/api/admin/tenants/${encodeURIComponent(String(id))}`;

/** The tenant's billing as operators see it: the company's view, its invoices, the charges tried and the terms. */
export async function fetchTenantBilling(id: Identifier): Promise<OperatorBillingView> {
  return (await httpClient(`${billingPath(id)}/billing`)).json as OperatorBillingView;
}

/** Sets a contract's figures (super_admin only; audited); a null clears one, and the plan's own applies again. */
export async function setBillingTerms(id: Identifier, terms: Partial<BillingTerms>): Promise<BillingView> {
  return (await httpClient(`${billingPath(id)}/billing-terms`, { method: 'PATCH', body: JSON.stringify(terms) })).json as BillingView;
}

/** The key starts with the resource, so react-admin's refresh (after an action, say) reads it again. */
export const tenantBillingKey = (id: Identifier | undefined) => ['tenants', 'billing', String(id)] as const;

export function useTenantBilling(id: Identifier | undefined) {
  return useQuery({ queryKey: tenantBillingKey(id), queryFn: () => fetchTenantBilling(id!), enabled: id != null });
}
