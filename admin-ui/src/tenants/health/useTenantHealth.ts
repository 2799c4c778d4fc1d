import { useQuery } from '@tanstack/react-query';
import { useDataProvider, type Identifier } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';

/** The trend covers about a quarter. */
export const HISTORY_DAYS = 90;

/** A tenant's latest score and its history; the key starts with the resource, so react-admin's refresh reloads it. */
export function useTenantHealth(id: Identifier | undefined) {
  const dataProvider = useDataProvider<KestrelDataProvider>();
  return useQuery({
    queryKey: ['tenants', 'health', String(id)],
    queryFn: () => dataProvider.tenantHealth(id!, HISTORY_DAYS),
    enabled: id != null,
  });
}
