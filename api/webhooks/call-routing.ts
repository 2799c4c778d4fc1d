import { Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import type { TenantStatus } from '../../domain/tenant-status';

/** Where a dialled number leads: its tenant and what the webhooks need to answer without the workflow. */
export interface CallRoute {
  tenantId: string;
  status: TenantStatus;
  companyName: string;
  forwardTo: string | null;
}

/** Statuses whose calls the agent answers; a suspended or cancelled tenant's calls go to its own line. */
const ANSWERED: ReadonlySet<TenantStatus> = new Set(['trial', 'active', 'past_due']);
const FORWARDED: ReadonlySet<TenantStatus> = new Set(['suspended', 'cancelled']);

export type RouteDecision = { kind: 'agent'; route: CallRoute } | { kind: 'forward'; route: CallRoute } | { kind: 'not-in-service' };

export function decide(route: CallRoute | null): RouteDecision {
  if (route && ANSWERED.has(route.status)) return { kind: 'agent', route };
  if (route && FORWARDED.has(route.status)) return { kind: 'forward', route };
  return { kind: 'not-in-service' };
}

const MAX_ENTRIES = 10_000;

/**
 * Number → tenant, kept in memory for at most `ttlMs`, so every call does not cost a
 * query while a suspension or a new number still takes effect within seconds.
 * Lookups of the same number in flight together share one query.
 */
export class CallRouting {
  private readonly entries = new Map<string, { at: number; route: Promise<CallRoute | null> }>();

  constructor(private readonly ttlMs: number) {}

  lookup(number: string): Promise<CallRoute | null> {
    const now = Date.now();
    const cached = this.entries.get(number);
    if (cached && now - cached.at < this.ttlMs) return cached.route;
    if (this.entries.size >= MAX_ENTRIES) this.prune(now);
    const route = this.load(number);
    this.entries.set(number, { at: now, route });
    // A failed lookup is not remembered: the next call asks the database again.
    route.catch(() => this.entries.delete(number));
    return route;
  }

  private async load(number: string): Promise<CallRoute | null> {
    // Which tenant owns a number is the one question asked across tenants on the call path.
    const tenant = await withOperatorAccess({ type: 'system', id: 'call-routing' }, () =>
      Tenant.query().findOne({ phone_number: number }).whereNull('deleted_at').select('id', 'status', 'company_name', 'forward_to_number'),
    );
    return tenant ? { tenantId: tenant.id, status: tenant.status, companyName: tenant.company_name, forwardTo: tenant.forward_to_number } : null;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.at >= this.ttlMs) this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
  }
}
