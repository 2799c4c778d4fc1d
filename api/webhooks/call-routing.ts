import { Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { AGENT_ANSWERS, CALLS_FORWARDED, type TenantStatus } from '../../domain/tenant-status';
import { within } from '../../lib/within';

/** Where a dialled number leads: its tenant and what the webhooks need to answer without the workflow. */
export interface CallRoute {
  tenantId: string;
  status: TenantStatus;
  companyName: string;
  forwardTo: string | null;
}

export interface Routing {
  route: CallRoute | null;
  /** The database could not be asked: this is the last routing it gave, however old. */
  stale: boolean;
}

const ANSWERED: ReadonlySet<TenantStatus> = new Set(AGENT_ANSWERS);
const FORWARDED: ReadonlySet<TenantStatus> = new Set(CALLS_FORWARDED);

export type RouteDecision = { kind: 'agent'; route: CallRoute } | { kind: 'forward'; route: CallRoute } | { kind: 'not-in-service' };

export function decide(route: CallRoute | null): RouteDecision {
  if (route && ANSWERED.has(route.status)) return { kind: 'agent', route };
  if (route && FORWARDED.has(route.status)) return { kind: 'forward', route };
  return { kind: 'not-in-service' };
}

const MAX_ENTRIES = 10_000;
/** A lookup the database does not answer in this long counts as failed (Twilio waits 15 s for the whole answer). */
const LOOKUP_TIMEOUT_MS = 3_000;

interface Entry {
  at: number;
  loading: Promise<CallRoute | null>;
  /** The last routing the database gave for this key, kept past its TTL for when the database is down. */
  known?: { route: CallRoute | null };
}

/**
 * Number → tenant, kept in memory for at most `ttlMs`, so every call does not cost a
 * query while a suspension or a new number still takes effect within seconds. Lookups
 * of the same number in flight together share one query. When the database cannot be
 * reached, the last known routing is served (marked stale), so callers are still put
 * through to their company. Numbers no tenant owns lead to the default tenant, when
 * one is configured.
 */
export class CallRouting {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly defaultTenantSlug?: string,
  ) {}

  async lookup(number: string): Promise<Routing> {
    const routing = await this.cached(`number:${number}`, () => ({ phone_number: number }));
    if (routing.route || !this.defaultTenantSlug) return routing;
    const fallback = await this.cached(`slug:${this.defaultTenantSlug}`, () => ({ slug: this.defaultTenantSlug! }));
    return { route: fallback.route, stale: routing.stale || fallback.stale };
  }

  private async cached(key: string, where: () => Record<string, string>): Promise<Routing> {
    const now = Date.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.at >= this.ttlMs) {
      if (!entry && this.entries.size >= MAX_ENTRIES) this.prune(now);
      const fresh: Entry = { at: now, loading: this.load(where()), known: entry?.known };
      fresh.loading.then(
        (route) => (fresh.known = { route }),
        // A failed lookup is not remembered: the next call asks the database again.
        () => (fresh.at = 0),
      );
      this.entries.set(key, fresh);
      entry = fresh;
    }
    try {
      return { route: await entry.loading, stale: false };
    } catch (error) {
      if (entry.known) return { route: entry.known.route, stale: true };
      throw error;
    }
  }

  private async load(where: Record<string, string>): Promise<CallRoute | null> {
    // Which tenant owns a number is the one question asked across tenants on the call path.
    const query = withOperatorAccess({ type: 'system', id: 'call-routing' }, () =>
      Tenant.query().findOne(where).whereNull('deleted_at').select('id', 'status', 'company_name', 'forward_to_number'),
    );
    const tenant = await within(LOOKUP_TIMEOUT_MS, Promise.resolve(query).then((t) => ({ t })));
    if (!tenant) throw new Error(`the database did not answer the routing lookup within ${LOOKUP_TIMEOUT_MS} ms`);
    const t = tenant.t;
    return t ? { tenantId: t.id, status: t.status, companyName: t.company_name, forwardTo: t.forward_to_number } : null;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.at >= this.ttlMs) this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
  }
}
