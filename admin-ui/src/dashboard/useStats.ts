import { useQuery } from '@tanstack/react-query';
import { useAuthState, useDataProvider } from 'react-admin';
import type { KestrelDataProvider } from '../dataProvider';

/**
 * The dashboard's figures, refreshed every half minute while it is open. React-admin
 * renders the dashboard while it still checks the session, so the query waits for it.
 */
export function useStats() {
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const { authenticated } = useAuthState();
  return useQuery({ queryKey: ['stats'], queryFn: () => dataProvider.stats(), refetchInterval: 30_000, enabled: authenticated === true });
}
