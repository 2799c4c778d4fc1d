import type { DataProvider, GetListParams, GetListResult, Identifier, RaRecord, SortPayload } from 'react-admin';
import { downloadCsv, httpClient } from '../http/httpClient';

const API = '/api/v1';

/** The portal's resources and the tenant API's paths; every name starts with `my-`, which is how they are routed here. */
export const PORTAL_RESOURCES = {
  calls: 'my-calls',
  appointments: 'my-appointments',
  settings: 'my-settings',
  billing: 'my-billing',
  invoices: 'my-invoices',
  activity: 'my-activity',
  exports: 'my-exports',
  contacts: 'my-contacts',
  messages: 'my-messages',
  // Pages of their own over the message log and the templates.
  conversations: 'my-conversations',
  templates: 'my-templates',
  // The company's jobs, its invoices to its own customers (not Kestrel's invoices to it, `my-invoices`) and its drip campaigns.
  jobs: 'my-jobs',
  customerInvoices: 'my-customer-invoices',
  campaigns: 'my-campaigns',
  // Pages of their own, on the admin API's routes a company's owners may use (users, keys) and the person's own account.
  users: 'my-users',
  apiKeys: 'my-api-keys',
  security: 'my-security',
} as const;

const LISTS: Record<string, string> = {
  [PORTAL_RESOURCES.calls]: 'calls',
  [PORTAL_RESOURCES.appointments]: 'appointments',
  [PORTAL_RESOURCES.activity]: 'activity',
  [PORTAL_RESOURCES.exports]: 'exports',
  [PORTAL_RESOURCES.invoices]: 'invoices',
  [PORTAL_RESOURCES.contacts]: 'contacts',
  [PORTAL_RESOURCES.messages]: 'messages',
  [PORTAL_RESOURCES.jobs]: 'jobs',
  [PORTAL_RESOURCES.customerInvoices]: 'customer-invoices',
  [PORTAL_RESOURCES.campaigns]: 'campaigns',
};

/** What the company may create here: a data export is requested with an empty body. */
const CREATE_PATHS: Record<string, string> = { [PORTAL_RESOURCES.exports]: 'exports' };

/** Settings and usage are one record per company; react-admin still wants an id for it. */
export const THE_COMPANY = 'current';
const SINGLETONS: Record<string, string> = { [PORTAL_RESOURCES.settings]: 'settings', [PORTAL_RESOURCES.billing]: 'usage' };

export const isPortalResource = (resource: unknown): boolean => typeof resource === 'string' && resource.startsWith('my-');

const unsupported = (what: string) => Promise.reject(new Error(`The tenant portal cannot ${what}.`));

function listPath(resource: string): string {
  const path = LISTS[resource];
  if (!path) throw new Error(`No list ${resource} in the tenant API.`);
  return path;
}

/** A list's filter as the tenant API's query parameters (a list of values repeats its name). */
function filterParams(filter: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined && one !== null && one !== '') params.append(name, String(one));
  }
  return params;
}

function query(filter: Record<string, unknown>, limit: number, cursor: string | null): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  for (const [name, value] of filterParams(filter)) params.append(name, value);
  return params.toString();
}

interface Page {
  data: RaRecord[];
  next_cursor: string | null;
}

/**
 * The tenant API pages with cursors (`next_cursor`), react-admin with page numbers: each
 * page's cursor is remembered by list (resource, filter, page size), so page N+1 asks for
 * what follows page N. A page opened directly (a bookmarked ?page=3) walks there from the
 * last page known.
 */
const cursors = new Map<string, Map<number, string | null>>();

async function fetchPage<R extends RaRecord>(resource: string, params: GetListParams): Promise<GetListResult<R>> {
  const path = listPath(resource);
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  const filter = params.filter ?? {};
  const key = JSON.stringify([resource, filter, perPage]);
  const known = cursors.get(key) ?? new Map<number, string | null>([[1, null]]);
  cursors.set(key, known);
  const get = async (n: number): Promise<Page> => {
    const { json } = await httpClient(`${API}/${path}?${query(filter, perPage, known.get(n) ?? null)}`);
    const result = json as Page;
    known.set(n + 1, result.next_cursor);
    return result;
  };
  let reached = Math.max(...[...known.keys()].filter((n) => n <= page));
  while (reached < page) {
    const before = await get(reached);
    if (!before.next_cursor) return { data: [], pageInfo: { hasNextPage: false, hasPreviousPage: page > 1 } };
    reached += 1;
  }
  const result = await get(page);
  return { data: result.data as R[], pageInfo: { hasNextPage: result.next_cursor !== null, hasPreviousPage: page > 1 } };
}

async function getOne<R extends RaRecord>(resource: string, id: Identifier): Promise<R> {
  const singleton = SINGLETONS[resource];
  if (singleton) return { ...((await httpClient(`${API}/${singleton}`)).json as object), id: THE_COMPANY } as R;
  return (await httpClient(`${API}/${listPath(resource)}/${encodeURIComponent(String(id))}`)).json as R;
}

/** What each record may change: the tenant API refuses unknown fields rather than ignoring them. */
const CHANGEABLE: Record<string, readonly string[]> = {
  [PORTAL_RESOURCES.appointments]: ['status', 'starts_at', 'service_address', 'notes'],
  [PORTAL_RESOURCES.settings]: [
    'company_name',
    'forward_to_number',
    'emergency_phone',
    'business_hours',
    'ai_settings',
    'quiet_hours_start',
    'quiet_hours_end',
    'message_rate_per_minute',
  ],
};

const PATCH_PATHS: Record<string, (id: Identifier) => string> = {
  [PORTAL_RESOURCES.appointments]: (id) => `appointments/${encodeURIComponent(String(id))}`,
  [PORTAL_RESOURCES.settings]: () => 'settings',
};

/**
 * The tenant API (`/api/v1`) for the signed-in company's own pages: a tenant user's
 * session, or an operator's support session on the company. The API decides what may be
 * changed; its refusals (403 with the reason, 422 by field) reach the forms as they are.
 */
export const tenantDataProvider: DataProvider = {
  getList: (resource, params) => fetchPage(resource, params),
  getOne: async (resource, { id }) => ({ data: await getOne(resource, id) }),
  getMany: async <R extends RaRecord>(resource: string, { ids }: { ids: Identifier[] }) => ({ data: await Promise.all(ids.map((id) => getOne<R>(resource, id))) }),
  getManyReference: () => unsupported('list records by reference'),
  update: async <R extends RaRecord>(resource: string, { id, data }: { id: Identifier; data: Partial<R> }) => {
    const fields = CHANGEABLE[resource];
    const path = PATCH_PATHS[resource];
    if (!fields || !path) return unsupported(`change ${resource}`);
    const body = Object.fromEntries(fields.filter((field) => field in data).map((field) => [field, (data as Record<string, unknown>)[field]]));
    const { json } = await httpClient(`${API}/${path(id)}`, { method: 'PATCH', body: JSON.stringify(body) });
    return { data: (SINGLETONS[resource] ? { ...(json as object), id: THE_COMPANY } : json) as R };
  },
  updateMany: () => unsupported('change several records at once'),
  create: async <R extends RaRecord>(resource: string) => {
    const path = CREATE_PATHS[resource];
    if (!path) return unsupported('create records here');
    const { json } = await httpClient(`${API}/${path}`, { method: 'POST', body: '{}' });
    return { data: json as R };
  },
  delete: () => unsupported('delete records'),
  deleteMany: () => unsupported('delete records'),
};

/** The company's calls a list filter selects, as the tenant API's CSV (`/api/v1/calls/export.csv`: the list's filters; its own order). */
export function exportPortalCalls(resource: string, filter: Record<string, unknown>): Promise<{ blob: Blob; filename: string }> {
  const filters = filterParams(filter);
  return downloadCsv(`${API}/${listPath(resource)}/export.csv${filters.size ? `?${filters}` : ''}`, 'calls');
}

type CsvExports = { exportCalls(params: { resource: string; filter: Record<string, unknown>; sort: SortPayload }): Promise<{ blob: Blob; filename: string }> };

/**
 * react-admin takes one data provider: the portal's resources go to the tenant API, the
 * rest to the operator's provider, whose extra methods (workflow actions, stats) stay as
 * they are; a CSV of the portal's calls comes from the tenant API too.
 */
export function withTenantPortal<P extends DataProvider & Partial<CsvExports>>(operator: P): P {
  const pick = (resource: string): DataProvider => (isPortalResource(resource) ? tenantDataProvider : operator);
  const exportCalls = operator.exportCalls?.bind(operator);
  return {
    ...operator,
    ...(exportCalls && {
      exportCalls: (params: Parameters<CsvExports['exportCalls']>[0]) => (isPortalResource(params.resource) ? exportPortalCalls(params.resource, params.filter) : exportCalls(params)),
    }),
    getList: (resource, params) => pick(resource).getList(resource, params),
    getOne: (resource, params) => pick(resource).getOne(resource, params),
    getMany: (resource, params) => pick(resource).getMany(resource, params),
    getManyReference: (resource, params) => pick(resource).getManyReference(resource, params),
    update: (resource, params) => pick(resource).update(resource, params),
    updateMany: (resource, params) => pick(resource).updateMany(resource, params),
    create: (resource, params) => pick(resource).create(resource, params),
    delete: (resource, params) => pick(resource).delete(resource, params),
    deleteMany: (resource, params) => pick(resource).deleteMany(resource, params),
  };
}
