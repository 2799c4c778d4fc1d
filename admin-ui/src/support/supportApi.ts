import { httpClient } from '../http/httpClient';
import { session } from '../auth/session';

/** Opening, granting write to and ending an operator's support session on a tenant (see the admin API's support sessions). */
export async function openSupportSession(tenantId: string, body: { reason: string; ticket_ref?: string }): Promise<void> {
  await httpClient(`/api/admin/tenants/${encodeURIComponent(tenantId)}/support-sessions`, { method: 'POST', body: JSON.stringify(body) });
  session.forget();
}

export async function grantSupportWrite(id: string): Promise<void> {
  await httpClient(`/api/admin/support-sessions/${encodeURIComponent(id)}/grant-write`, { method: 'POST', body: '{}' });
  session.forget();
}

export async function endSupportSession(id: string): Promise<void> {
  await httpClient(`/api/admin/support-sessions/${encodeURIComponent(id)}/end`, { method: 'POST' });
  session.forget();
}

/**
 * The company's name, from the operator's own API: a read there is the operator's, not one
 * of the pages the session shows the company it read.
 */
export async function companyName(tenantId: string): Promise<string> {
  const { json } = await httpClient(`/api/admin/tenants/${encodeURIComponent(tenantId)}`);
  return (json as { company_name: string }).company_name;
}

/** The tenant's page in the operator console, where a support session began and where ending it returns. */
export const tenantPagePath = (tenantId: string) => `${import.meta.env.BASE_URL}tenants/${encodeURIComponent(tenantId)}/show`;
