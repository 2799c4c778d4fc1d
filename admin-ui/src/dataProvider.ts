import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, Identifier, SortPayload } from 'react-admin';
import type { LifecycleAction } from '../../domain/lifecycle';
import type { TenantState } from '../../workflows/tenant-messages';
import { httpClient } from './http/httpClient';
import type { Attention } from './dashboard/attention';
import type { Stats } from './dashboard/stats';
import type { AvailableNumber } from './tenants/provision/availableNumber';
import type { SimulatedCall } from './simulator/simulatedCall';
import type { ExportRecord } from './exports/exportRecord';
import type { TenantFlag } from './tenants/flags/tenantFlag';
import type { HealthRecompute, TenantHealth } from './tenants/health/healthRecord';
import type { CloneResult } from './tenants/locations/cloneResult';

const API = '/api/admin';

const tenantPath = (id: Identifier) => `${API}/tenants/${encodeURIComponent(String(id))}`;

/** URLs name actions in kebab-case (`provision-number`); the workflow in camelCase (`provisionNumber`). */
const kebab = (action: LifecycleAction) => action.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What an action answered: done, with the new state; or still running in the workflow, with the state so far (if it gave it). */
export type ActionOutcome = { done: true; state: TenantState } | { done: false; state: TenantState | null };

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
  /**
   * Runs a lifecycle action; resolves with the new workflow state, or, when the workflow has
   * not finished it within the API's wait (202), with the state so far marked in progress;
   * rejects with the workflow's reason (409).
   */
  tenantAction<A extends LifecycleAction>(id: Identifier, action: A, body: ActionBodies[A]): Promise<ActionOutcome>;
  /** Activities still retrying and workflows running past their bound. */
  attention(): Promise<Attention>;
  /** The lifecycle workflow's state query. */
  tenantWorkflow(id: Identifier): Promise<TenantState>;
  /** Numbers the provider offers in an area code now; provisioning buys one of those free when it runs. */
  availableNumbers(id: Identifier, areaCode: string): Promise<AvailableNumber[]>;
  stats(): Promise<Stats>;
  /** The calls a list filter selects, as the CSV the API streams (with the operator token, so not a plain link). */
  exportCalls(params: { filter: Record<string, unknown>; sort: SortPayload }): Promise<{ blob: Blob; filename: string }>;
  /** Dials a tenant's number from the provider sandbox's caller simulator; resolves once the agent has greeted. */
  simulatorCall(body: { tenant_id: Identifier; from?: string }): Promise<SimulatedCall>;
  /** Says something as the caller; resolves with the agent's answer. */
  simulatorSpeech(sid: string, text: string): Promise<SimulatedCall>;
  simulatorHangup(sid: string): Promise<SimulatedCall>;
  /** Runs a dead letter's step again; rejects with the reason (409) when it was replayed already. */
  replayDeadLetter(id: Identifier): Promise<{ id: string; replay_workflow_id: string }>;
  /** Every flag as it applies to the tenant, and why. */
  tenantFlags(id: Identifier): Promise<TenantFlag[]>;
  /** Sets the tenant's override of a flag (true or false), or clears it (null). */
  setTenantFlag(id: Identifier, name: string, enabled: boolean | null): Promise<TenantFlag>;
  /** The latest score with its breakdown and figures, and the daily scores of the last `days`. */
  tenantHealth(id: Identifier, days: number): Promise<TenantHealth>;
  /** Scores the tenant now. */
  recomputeHealth(id: Identifier): Promise<HealthRecompute>;
  /** A new location of the tenant's company, with the tenant's settings (and its users invited, if asked). */
  cloneTenant(id: Identifier, body: { location: string; copy_users: boolean }): Promise<CloneResult>;
  /** Starts an export of the tenant's data; its progress is then `getOne('exports', …)`. */
  exportTenant(id: Identifier): Promise<ExportRecord>;
  /** Starts erasing a cancelled or deleted tenant's personal data (super_admin only). */
  eraseTenant(id: Identifier, body: { confirm: string; reason: string }): Promise<{ workflow_id: string; tenant_id: string; status: 'erasing' }>;
}

/**
 * The admin REST API speaks the ra-data-simple-rest dialect (sort, range, filter;
 * Content-Range). Workflow-driving calls are extra methods, the way marmelab's CRM demo
 * extends its provider, so pages call them through useDataProvider and useMutation.
 */
export const dataProvider: KestrelDataProvider = {
  ...simpleRestProvider(API, httpClient),
  tenantAction: async (id, action, body) => {
    const { status, json } = await httpClient(`${API}/tenants/${encodeURIComponent(String(id))}/actions/${kebab(action)}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (status === 202) return { done: false, state: (json as { state: TenantState | null }).state };
    return { done: true, state: json as TenantState };
  },
  attention: async () => (await httpClient(`${API}/attention`)).json as Attention,
  tenantWorkflow: async (id) => (await httpClient(`${API}/tenants/${encodeURIComponent(String(id))}/workflow`)).json as TenantState,
  availableNumbers: async (id, areaCode) =>
    (await httpClient(`${API}/tenants/${encodeURIComponent(String(id))}/available-numbers?${new URLSearchParams({ areaCode })}`)).json as AvailableNumber[],
  stats: async () => (await httpClient(`${API}/stats`)).json as Stats,
  exportCalls: async ({ filter, sort }) => {
    const query = new URLSearchParams({ filter: JSON.stringify(filter), sort: JSON.stringify([sort.field, sort.order]) });
    const { body, headers } = await httpClient(`${API}/calls/export.csv?${query}`, { headers: new Headers({ Accept: 'text/csv' }) });
    const named = /filename="?([^";]+)"?/.exec(headers.get('Content-Disposition') ?? '')?.[1];
    return { blob: new Blob([body], { type: 'text/csv;charset=utf-8' }), filename: named ?? `calls-${new Date().toISOString().slice(0, 10)}.csv` };
  },
  simulatorCall: async (body) => (await httpClient(`${API}/simulator/calls`, { method: 'POST', body: JSON.stringify(body) })).json as SimulatedCall,
  simulatorSpeech: async (sid, text) =>
    (await httpClient(`${API}/simulator/calls/${encodeURIComponent(sid)}/speech`, { method: 'POST', body: JSON.stringify({ text }) })).json as SimulatedCall,
  simulatorHangup: async (sid) => (await httpClient(`${API}/simulator/calls/${encodeURIComponent(sid)}/hangup`, { method: 'POST' })).json as SimulatedCall,
  replayDeadLetter: async (id) =>
    (await httpClient(`${API}/dead-letters/${encodeURIComponent(String(id))}/replay`, { method: 'POST' })).json as { id: string; replay_workflow_id: string },
  tenantFlags: async (id) => (await httpClient(`${tenantPath(id)}/feature-flags`)).json as TenantFlag[],
  setTenantFlag: async (id, name, enabled) =>
    (await httpClient(`${tenantPath(id)}/feature-flags/${encodeURIComponent(name)}`, { method: 'PUT', body: JSON.stringify({ enabled }) })).json as TenantFlag,
  tenantHealth: async (id, days) => (await httpClient(`${tenantPath(id)}/health?${new URLSearchParams({ days: String(days) })}`)).json as TenantHealth,
  recomputeHealth: async (id) => (await httpClient(`${tenantPath(id)}/health-score`, { method: 'POST' })).json as HealthRecompute,
  cloneTenant: async (id, body) => (await httpClient(`${tenantPath(id)}/actions/clone`, { method: 'POST', body: JSON.stringify(body) })).json as CloneResult,
  exportTenant: async (id) => (await httpClient(`${tenantPath(id)}/actions/export`, { method: 'POST', body: '{}' })).json as ExportRecord,
  eraseTenant: async (id, body) =>
    (await httpClient(`${tenantPath(id)}/actions/erase`, { method: 'POST', body: JSON.stringify(body) })).json as { workflow_id: string; tenant_id: string; status: 'erasing' },
};
