import { httpClient } from '../http/httpClient';
import { session } from '../auth/session';

/** Opening and ending an operator's support session on a tenant (see the admin API's support sessions). */
export async function openSupportSession(tenantId: string, body: { reason: string; ticket_ref?: string }): Promise<void> {
  await httpClient(`/api/admin/tenants/${encodeURIComponent(tenantId)}/support-sessions`, { method: 'POST', body: JSON.stringify(body) });
  session.forget();
}

export async function endSupportSession(id: string): Promise<void> {
  await httpClient(`/api/admin/support-sessions/${encodeURIComponent(id)}/end`, { method: 'POST' });
  session.forget();
}
