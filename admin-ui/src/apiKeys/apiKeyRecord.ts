import type { ApiKeyMode, ApiScope } from '../catalogue';

/** A row of `GET /api/admin/tenants/:id/api-keys`: never the key itself, only its start. */
export interface ApiKeyRecord {
  id: string;
  tenant_id: string;
  name: string;
  /** The start of the key (`kst_live_AbCd`), to tell keys apart. */
  display_prefix: string;
  mode: ApiKeyMode;
  scopes: ApiScope[];
  created_by: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  /** Brought up to date at most once a minute. */
  last_used_at: string | null;
  created_at: string;
}

/** The answer to creating a key: the key itself is in it, and nowhere else, ever again. */
export interface CreatedApiKey extends Pick<ApiKeyRecord, 'id' | 'display_prefix' | 'name' | 'scopes' | 'mode' | 'expires_at' | 'created_at'> {
  key: string;
}

export interface NewApiKey {
  tenant_id: string;
  name: string;
  scopes: ApiScope[];
  mode: ApiKeyMode;
}

/** The resource name the data provider routes to a tenant's keys (its `tenant_id` filter names the tenant). */
export const API_KEYS = 'api-keys';
