import { raw } from 'objection';
import { OperatorUser } from '../db/models';
import type { Transition } from '../workflows/tenant-messages';
import { isUuid } from '../lib/uuid';


/**
 * The name an audit entry's actor goes by, read with the entry as a column of its own:
 * an operator's name, a company user's name (else their e-mail), an API key's name; null
 * for the system, or for an account that no longer exists.
 */
export const actorNameColumn = () =>
  raw(`case audit_log.actor_type
    when 'operator' then (select o.name from operator_users o where o.id::text = audit_log.actor_id)
    when 'tenant_user' then (select coalesce(nullif(u.name, ''), u.email) from tenant_users u where u.id::text = audit_log.actor_id)
    when 'api_key' then (select k.name from api_keys k where k.id::text = audit_log.actor_id)
  end as actor_name`);

/** Operators' names by id, for the ids a support session or a lifecycle transition holds (anything else is left out). */
export async function operatorNames(ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter(isUuid))];
  if (wanted.length === 0) return new Map();
  const operators = await OperatorUser.query().whereIn('id', wanted).select('id', 'name', 'email');
  return new Map(operators.map((o) => [o.id, o.name || o.email]));
}

/** The lifecycle's transitions with the name of the operator behind each (`by_name`; null for the system's). */
export async function withTransitionNames<S extends { transitions: Transition[] }>(state: S): Promise<S & { transitions: Array<Transition & { by_name: string | null }> }> {
  const names = await operatorNames(state.transitions.map((t) => t.by));
  return { ...state, transitions: state.transitions.map((t) => ({ ...t, by_name: names.get(t.by) ?? null })) };
}
