import { useQuery } from '@tanstack/react-query';
import { useDataProvider, type Identifier } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';

/**
 * The lifecycle query, polled while a tenant is on screen: timers fire on the server
 * (trial end, cycle end), and the page should show it without a reload. The key starts
 * with the resource so react-admin's refresh invalidates it along with the record. A page
 * following work in progress (a number being bought) polls faster.
 */
export function useTenantWorkflow(id: Identifier | undefined, { pollMs = 5_000 }: { pollMs?: number } = {}) {
  const dataProvider = useDataProvider<KestrelDataProvider>();
  return useQuery({
    queryKey: ['tenants', 'workflow', String(id)],
    queryFn: () => dataProvider.tenantWorkflow(id!),
    enabled: id != null,
    refetchInterval: pollMs,
    retry: false,
  });
}
