import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, Identifier } from 'react-admin';
import type { LifecycleAction } from '../../domain/lifecycle';
import type { TenantState } from '../../workflows/tenant-messages';
import { httpClient } from './http/httpClient';
import type { Stats } from './dashboard/stats';

const API = '/api/admin';

/** URLs name actions in kebab-case (`provision-number`); the workflow in camelCase (`provisionNumber`). */
const kebab = (action: LifecycleAction) => action.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Fields each action takes, as the admin API validates them. */
export interface ActionBodies {
  provisionNumber: { areaCode: string };
  activate: { skipTrial?: boolean };
  confirmBilling: Record<string, never>;
  changePlan: { tier: string };
  extendTrial: { days: number };
  suspend: { reason: string };
  reactivate: Record<string, never>;
  cancel: { reason: string };
  delete: Record<string, never>;
}

export interface KestrelDataProvider extends DataProvider {
  /** Runs a lifecycle action; resolves with the new workflow state, rejects with the workflow's reason (409). */
  tenantAction<A extends LifecycleAction>(id: Identifier, action: A, body: ActionBodies[A]): Promise<TenantState>;
  /** The lifecycle workflow's state query. */
  tenantWorkflow(id: Identifier): Promise<TenantState>;
  stats(): Promise<Stats>;
}

/**
 * The admin REST API speaks the ra-data-simple-rest dialect (sort, range, filter;
 * Content-Range). Workflow-driving calls are extra methods, the way marmelab's CRM demo
 * extends its provider, so pages call them through useDataProvider and useMutation.
 */
export const dataProvider: KestrelDataProvider = {
  ...simpleRestProvider(API, httpClient),
  tenantAction: async (id, action, body) => {
    const { json } = await httpClient(`${API}/tenants/${encodeURIComponent(String(id))}/actions/${kebab(action)}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return json as TenantState;
  },
  tenantWorkflow: async (id) => (await httpClient(`${API}/tenants/${encodeURIComponent(String(id))}/workflow`)).json as TenantState,
  stats: async () => (await httpClient(`${API}/stats`)).json as Stats,
};
