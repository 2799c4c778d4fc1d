import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import { database } from './connection';
import { OPERATOR_ROLE } from './migrations/001_core';
import { isUuid } from '../lib/uuid';

/**
 * The database scope of the work in progress: one transaction, and whose rows it may
 * see. Row-level security reads the scope from transaction-local settings, so it ends
 * with the transaction and can never leak to the next user of a pooled connection.
 */
interface Scope {
  trx: Knex.Transaction;
  tenantId: string | null;
  operator: boolean;
}

const storage = new AsyncLocalStorage<Scope>();


/**
 * Runs `work` in a transaction that sees only `tenantId`'s rows. Models used inside
 * pick the transaction up by themselves. Nested calls for the same tenant join the
 * outer transaction; a nested call for another tenant is a programming error.
 */
export async function withTenant<T>(tenantId: string, work: (trx: Knex.Transaction) => PromiseLike<T>): Promise<T> {
  if (!isUuid(tenantId)) throw new TypeError(`not a tenant id: ${tenantId}`);
  const outer = storage.getStore();
  if (outer) {
    if (outer.tenantId === tenantId && !outer.operator) return await work(outer.trx);
    throw new Error('a tenant scope cannot be opened inside another scope');
  }
  return database().transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    return storage.run({ trx, tenantId, operator: false }, async () => await work(trx));
  });
}

/**
 * Runs `work` in a transaction that sees every tenant. Only operator-facing paths
 * (the admin console, platform-wide jobs) use it, and they say who and why.
 */
export async function withOperatorAccess<T>(
  actor: { type: 'operator' | 'system'; id: string },
  work: (trx: Knex.Transaction) => PromiseLike<T>,
): Promise<T> {
  const outer = storage.getStore();
  if (outer) {
    if (outer.operator) return await work(outer.trx);
    throw new Error('operator access cannot be opened inside a tenant scope');
  }
  return database().transaction(async (trx) => {
    await trx.raw(`set local role ${OPERATOR_ROLE}`);
    await trx.raw(`select set_config('app.actor', ?, true)`, [`${actor.type}:${actor.id}`]);
    return storage.run({ trx, tenantId: null, operator: true }, async () => await work(trx));
  });
}

/** The transaction of the current scope, if any. */
export function currentTransaction(): Knex.Transaction | undefined {
  return storage.getStore()?.trx;
}

/** The tenant of the current scope, if it is a tenant scope. */
export function currentTenantId(): string | null {
  return storage.getStore()?.tenantId ?? null;
}
