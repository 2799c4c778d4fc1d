import { useGetList } from 'react-admin';
import type { TenantRecord, Usage } from '../tenantRecord';

/**
 * The calls metered in the tenant's open usage period against its allowance. The tenant
 * list's rows carry it: the list is asked for this one tenant.
 */
export function useOpenUsage(tenantId: string | undefined): { usage: Usage | null | undefined; isPending: boolean } {
  const { data, isPending } = useGetList<TenantRecord>(
    'tenants',
    { filter: { id: tenantId }, pagination: { page: 1, perPage: 1 }, sort: { field: 'id', order: 'ASC' } },
    { enabled: tenantId != null },
  );
  return { usage: data?.[0]?.usage, isPending };
}
