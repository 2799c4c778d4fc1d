import simpleRestProvider from 'ra-data-simple-rest';
import type { CreateParams, DataProvider, GetListParams, Identifier, RaRecord, SortPayload, UpdateParams } from 'react-admin';
import type { LifecycleAction } from '../../domain/lifecycle';
import type { TenantState, TenantStateAnswer } from '../../workflows/tenant-messages';
import type { AuthSession, CodePurpose, CodeSent } from './account/accountRecord';
import { API_KEYS, type ApiKeyRecord } from './apiKeys/apiKeyRecord';
import { downloadCsv, httpClient, publicClient } from './http/httpClient';
import { TENANT_USERS, type TenantUserRecord } from './tenantUsers/tenantUserRecord';
import type { OperatorRecord } from './operators/operatorRecord';
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
  endTrial: Record<string, never>;
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
  tenantWorkflow(id: Identifier): Promise<TenantStateAnswer>;
  /** Numbers the provider offers in an area code now; provisioning buys one of those free when it runs. */
  availableNumbers(id: Identifier, areaCode: string): Promise<AvailableNumber[]>;
  stats(): Promise<Stats>;
  /**
   * The calls a list filter selects, as the CSV the API streams (with the session, so not a
   * plain link): the operator's list (`calls`), or a company's own in the portal (`my-calls`).
   */
  exportCalls(params: { resource: string; filter: Record<string, unknown>; sort: SortPayload }): Promise<{ blob: Blob; filename: string }>;
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
  /** Disables a company's user: their sessions end at once (a company keeps one owner: 409 otherwise). */
  disableTenantUser(user: Pick<TenantUserRecord, 'id' | 'tenant_id'>): Promise<TenantUserRecord>;
  /** Sends an invited user a fresh link to set their password (the one they had may have expired). */
  resendInvitation(user: Pick<TenantUserRecord, 'id' | 'tenant_id' | 'email'>): Promise<void>;
  /** Sends an invited operator a fresh invitation link; the one before stops working. */
  resendOperatorInvitation(id: Identifier): Promise<OperatorRecord>;
  /** Revokes an API key: from now on it is refused (revoking a revoked key changes nothing). */
  revokeApiKey(id: Identifier): Promise<void>;
  /** The signed-in person changes their own password (the current one proves it is them). */
  changePassword(body: { current_password: string; new_password: string }): Promise<void>;
  /** The signed-in person's sessions, this one marked `current`. */
  authSessions(): Promise<AuthSession[]>;
  /** Signs one of the person's own sessions out. */
  endAuthSession(id: string): Promise<void>;
  /** Two-step sign-in on or off; refused (409) without a verified phone. */
  setTwoStep(enabled: boolean): Promise<{ enabled: boolean }>;
  /** Texts a one-time code to the person's phone, or, to verify a number of their own, to that number. */
  sendCode(purpose: CodePurpose, phone?: string): Promise<CodeSent>;
  /** Checks a code texted for `purpose`: resolves once the phone is verified. */
  verifyCode(purpose: CodePurpose, code: string): Promise<void>;
  /** Asks for a password-reset link by e-mail (the answer is the same whether the address has an account or not). */
  requestPasswordReset(email: string): Promise<void>;
}

const AUTH = '/api/auth';
const json = async <T>(url: string, options?: Parameters<typeof httpClient>[1]) => (await httpClient(url, options)).json as T;

/** The tenant a nested list or record belongs to: its `tenant_id` (a list's filter, or the record). */
function tenantIdOf(source: Record<string, unknown> | undefined): string {
  const id = source?.tenant_id;
  if (typeof id !== 'string' || !id) throw new Error('The company is not known: give its tenant_id.');
  return id;
}

/**
 * Lists the admin API keeps under a tenant (`/tenants/:id/users`, `/tenants/:id/api-keys`)
 * and the operators' accounts: whole lists (a company has a handful), so they are sorted
 * and paged here. A record carries its `tenant_id`, which is how a change finds its path.
 */
const rows = <R extends RaRecord>(all: R[], { sort, pagination }: GetListParams) => {
  const sorted = sort?.field
    ? [...all].sort((a, b) => {
        const x = a[sort.field] as string | null;
        const y = b[sort.field] as string | null;
        const order = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
        return sort.order === 'DESC' ? -order : order;
      })
    : all;
  const { page, perPage } = pagination ?? { page: 1, perPage: all.length };
  return { data: sorted.slice((page - 1) * perPage, page * perPage), total: all.length };
};

const accountLists: Record<string, (params: GetListParams) => Promise<RaRecord[]>> = {
  [TENANT_USERS]: ({ filter }) => json<TenantUserRecord[]>(`${tenantPath(tenantIdOf(filter))}/users`),
  [API_KEYS]: ({ filter }) => json<ApiKeyRecord[]>(`${tenantPath(tenantIdOf(filter))}/api-keys`),
  operators: () => json<OperatorRecord[]>(`${API}/operators`),
};

const accountCreates: Record<string, (data: Record<string, unknown>) => Promise<RaRecord>> = {
  [TENANT_USERS]: ({ tenant_id, ...invitation }) =>
    json<TenantUserRecord>(`${tenantPath(tenantIdOf({ tenant_id }))}/users`, { method: 'POST', body: JSON.stringify(invitation) }),
  // The answer holds the key itself, once: the page shows it and keeps it nowhere.
  [API_KEYS]: async ({ tenant_id, ...key }) => ({
    tenant_id,
    ...(await json<RaRecord>(`${tenantPath(tenantIdOf({ tenant_id }))}/api-keys`, { method: 'POST', body: JSON.stringify(key) })),
  }),
  operators: (operator) => json<OperatorRecord>(`${API}/operators`, { method: 'POST', body: JSON.stringify(operator) }),
};

/** What a change may send: a user's role; an operator's role, or whether they are disabled. */
const accountUpdates: Record<string, (params: UpdateParams) => Promise<RaRecord>> = {
  operators: ({ id, data }) => {
    const { role, disabled } = data as { role?: string; disabled?: boolean };
    return json<OperatorRecord>(`${API}/operators/${encodeURIComponent(String(id))}`, { method: 'PATCH', body: JSON.stringify({ role, disabled }) });
  },
  [TENANT_USERS]: ({ id, data, previousData }) =>
    json<TenantUserRecord>(`${tenantPath(tenantIdOf({ ...previousData, ...data }))}/users/${encodeURIComponent(String(id))}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: (data as { role?: string }).role }),
    }),
};

function withAccountResources(rest: DataProvider): DataProvider {
  return {
    ...rest,
    getList: async (resource, params) => {
      const list = accountLists[resource];
      return list ? (rows(await list(params), params) as never) : rest.getList(resource, params);
    },
    create: async (resource, params: CreateParams) => {
      const create = accountCreates[resource];
      return create ? ({ data: await create(params.data as Record<string, unknown>) } as never) : rest.create(resource, params);
    },
    update: async (resource, params) => {
      const update = accountUpdates[resource];
      return update ? ({ data: await update(params) } as never) : rest.update(resource, params);
    },
  };
}

/**
 * The admin REST API speaks the ra-data-simple-rest dialect (sort, range, filter;
 * Content-Range). Workflow-driving calls are extra methods, the way marmelab's CRM demo
 * extends its provider, so pages call them through useDataProvider and useMutation.
 */
export const dataProvider: KestrelDataProvider = {
  ...withAccountResources(simpleRestProvider(API, httpClient)),
  tenantAction: async (id, action, body) => {
    const { status, json } = await httpClient(`${API}/tenants/${encodeURIComponent(String(id))}/actions/${kebab(action)}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (status === 202) return { done: false, state: (json as { state: TenantState | null }).state };
    return { done: true, state: json as TenantState };
  },
  attention: async () => (await httpClient(`${API}/attention`)).json as Attention,
  tenantWorkflow: async (id) => (await httpClient(`${API}/tenants/${encodeURIComponent(String(id))}/workflow`)).json as TenantStateAnswer,
  availableNumbers: async (id, areaCode) =>
    (await httpClient(`${API}/tenants/${encodeURIComponent(String(id))}/available-numbers?${new URLSearchParams({ areaCode })}`)).json as AvailableNumber[],
  stats: async () => (await httpClient(`${API}/stats`)).json as Stats,
  exportCalls: async ({ filter, sort }) => {
    const query = new URLSearchParams({ filter: JSON.stringify(filter), sort: JSON.stringify([sort.field, sort.order]) });
    return downloadCsv(`${API}/calls/export.csv?${query}`, 'calls');
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
  disableTenantUser: (user) => json<TenantUserRecord>(`${tenantPath(user.tenant_id)}/users/${encodeURIComponent(user.id)}`, { method: 'DELETE' }),
  // The API has no resend route of its own: a password reset sends a user without a
  // password a fresh set-password link, which is what an invitation is.
  resendInvitation: async (user) => {
    await publicClient(`${AUTH}/password-reset`, { method: 'POST', body: JSON.stringify({ email: user.email }) });
  },
  resendOperatorInvitation: (id) => json<OperatorRecord>(`${API}/operators/${encodeURIComponent(String(id))}/invitation`, { method: 'POST', body: '{}' }),
  revokeApiKey: async (id) => {
    await httpClient(`${API}/api-keys/${encodeURIComponent(String(id))}`, { method: 'DELETE' });
  },
  changePassword: async (body) => {
    await httpClient(`${AUTH}/password`, { method: 'POST', body: JSON.stringify(body) });
  },
  authSessions: () => json<AuthSession[]>(`${AUTH}/sessions`),
  endAuthSession: async (id) => {
    await httpClient(`${AUTH}/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
  },
  setTwoStep: (enabled) => json<{ enabled: boolean }>(`${AUTH}/two-step`, { method: 'PUT', body: JSON.stringify({ enabled }) }),
  sendCode: (purpose, phone) => json<CodeSent>(`${AUTH}/otp/send`, { method: 'POST', body: JSON.stringify({ purpose, channel: 'sms', ...(phone?.trim() ? { phone: phone.trim() } : {}) }) }),
  verifyCode: async (purpose, code) => {
    await httpClient(`${AUTH}/otp/verify`, { method: 'POST', body: JSON.stringify({ purpose, code: code.replace(/\s+/g, '') }) });
  },
  requestPasswordReset: async (email) => {
    await publicClient(`${AUTH}/password-reset`, { method: 'POST', body: JSON.stringify({ email: email.trim() }) });
  },
};
