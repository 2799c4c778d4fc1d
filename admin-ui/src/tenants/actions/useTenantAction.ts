import { useMutation } from '@tanstack/react-query';
import { useDataProvider, type Identifier } from 'react-admin';
import type { LifecycleAction } from '../../catalogue';
import type { ActionBodies, KestrelDataProvider } from '../../dataProvider';

/** One lifecycle action on one tenant, as a mutation (the way marmelab's CRM calls its custom provider methods). */
export function useTenantAction<A extends LifecycleAction>(id: Identifier, action: A) {
  const dataProvider = useDataProvider<KestrelDataProvider>();
  return useMutation({ mutationFn: (body: ActionBodies[A]) => dataProvider.tenantAction(id, action, body) });
}
