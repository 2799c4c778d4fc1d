import { raw } from 'objection';
import { z } from 'zod';
import { tenantFlags } from '../../db/feature-flags';
import { recordAudit } from '../../db/audit';
import { FeatureFlag, Tenant, TenantFeatureFlag } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { FLAG_NAME, type TenantFlag } from '../../domain/feature-flags';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter, tenantParam } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { containsPattern, listOf, listQuery, listRequest, pageWithTotal, sendAll, sendPage } from './list-query';

const rolloutPercentage = z
  .number({ message: 'expected a percentage from 0 to 100' })
  .min(0, 'expected a percentage from 0 to 100')
  .max(100, 'expected a percentage from 0 to 100')
  .refine((v) => Math.round(v * 100) === v * 100, 'expected at most two decimals');
const description = z.string().trim().max(500, 'expected at most 500 characters');

const newFlag = z.object({
  name: z.string().regex(FLAG_NAME, 'expected lowercase letters, digits and underscores, starting with a letter (2–63 characters)'),
  description: description.default(''),
  default: z.boolean({ message: 'expected true or false' }).default(false),
  rollout_percentage: rolloutPercentage.default(0),
});
/** react-admin PUTs the whole record: the name, counts and dates are ignored. */
const flagChange = z.object({
  description: description.optional(),
  default: z.boolean({ message: 'expected true or false' }).optional(),
  rollout_percentage: rolloutPercentage.optional(),
});
const overrideBody = z.object({
  enabled: z.boolean({ message: 'expected true, false, or null to clear the override' }).nullable(),
});

const flagOut = z.object({
  id: z.string().describe('The name (react-admin needs an id)'),
  name: z.string(),
  description: z.string(),
  default: z.boolean(),
  rollout_percentage: z.number(),
  overrides: z.number().describe('Tenants with an override of this flag'),
  created_at: z.string(),
  updated_at: z.string(),
});
const tenantFlagOut = z.object({
  id: z.string().describe('The flag name'),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  source: z.enum(['override', 'rollout', 'default']).describe('Why: the tenant’s override, its place in the rollout, or the default'),
  override: z.boolean().nullable(),
  default: z.boolean(),
  rollout_percentage: z.number(),
});

const SORTABLE = ['name', 'rollout_percentage', 'created_at', 'updated_at'] as const;
const SORT_COLUMNS: Record<(typeof SORTABLE)[number], string> = {
  name: 'feature_flags.name',
  rollout_percentage: 'feature_flags.rollout_percentage',
  created_at: 'feature_flags.created_at',
  updated_at: 'feature_flags.updated_at',
};
const filter = z.object({
  q: z.string().max(200).optional(),
  id: z.union([z.string(), z.array(z.string()).max(1000)]).optional(),
});
const nameParams = z.object({ name: z.string().regex(FLAG_NAME, 'not a flag name') });
const tenantFlagParams = z.object({ id: z.uuid(), name: z.string().regex(FLAG_NAME, 'not a flag name') });

type FlagWithCount = FeatureFlag & { overrides: number };

const describeFlag = (f: FlagWithCount) => ({
  id: f.name,
  name: f.name,
  description: f.description,
  default: f.default_enabled,
  rollout_percentage: f.rollout_percentage,
  overrides: Number(f.overrides ?? 0),
  created_at: new Date(f.created_at).toISOString(),
  updated_at: new Date(f.updated_at).toISOString(),
});
const describeTenantFlag = (f: TenantFlag) => ({ id: f.name, ...f });

/** The audit's view of a definition: what an operator set. */
const settingsOf = (f: FeatureFlag) => ({ description: f.description, default: f.default_enabled, rollout_percentage: f.rollout_percentage });

/**
 * Feature flags: global definitions (a default and a rollout percentage) and per-tenant
 * overrides, every change in the audit log with what it was and what it became.
 */
export function adminFeatureFlagRoutes(): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'feature-flags'] })
    .endpoint(
      {
        method: 'get',
        path: '/feature-flags',
        access: { permission: 'tenants:read' },
        summary: 'List feature flags (sort, range, filter: q, id)',
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Flags, each with its count of tenant overrides; the total is in Content-Range', schema: z.array(flagOut) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['name', 'ASC']);
        const f = list.filter;
        const { rows, total } = await withOperatorAccess(operatorActor(req), () => {
          const base = FeatureFlag.query().modify((q) => {
            if (f.q) q.where((w) => w.whereILike('feature_flags.name', containsPattern(f.q!)).orWhereILike('feature_flags.description', containsPattern(f.q!)));
            if (f.id) q.whereIn('feature_flags.name', listOf(f.id));
          });
          const ordered = withOverrideCounts(base.clone()).orderBy(SORT_COLUMNS[list.field], list.direction).orderBy('feature_flags.name');
          return pageWithTotal(list, ordered, base.clone().resultSize());
        });
        sendPage(res, 'feature-flags', list, (rows as FlagWithCount[]).map(describeFlag), total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/feature-flags/:name',
        access: { permission: 'tenants:read' },
        summary: 'One feature flag',
        params: nameParams,
        responses: { 200: { description: 'The flag', schema: flagOut }, 404: { description: 'No such flag' } },
      },
      async ({ params }, req, res) => {
        const flag = await withOperatorAccess(operatorActor(req), () => withOverrideCounts(FeatureFlag.query()).findById(params.name));
        if (!flag) throw Problem.notFound(`No feature flag ${params.name}`);
        res.json(describeFlag(flag as FlagWithCount));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/feature-flags',
        access: { permission: 'feature-flags:define' },
        summary: 'Define a feature flag (name, description, default, rollout_percentage 0–100)',
        body: newFlag,
        responses: { 201: { description: 'The flag', schema: flagOut }, 409: { description: 'A flag of this name exists' }, 422: { description: 'Invalid fields' } },
      },
      async ({ body }, req, res) => {
        const actor = operatorActor(req);
        const created = await withOperatorAccess(actor, async () => {
          if (await FeatureFlag.query().findById(body.name)) throw Problem.conflict(`A feature flag named ${body.name} exists.`, { errors: { name: 'is taken' } });
          const flag = await FeatureFlag.query().insertAndFetch({
            name: body.name,
            description: body.description,
            default_enabled: body.default,
            rollout_percentage: body.rollout_percentage,
          });
          await recordAudit({
            tenantId: null,
            actor,
            action: 'feature_flag.created',
            target: { type: 'feature_flag', id: flag.name },
            details: { before: null, after: settingsOf(flag) },
          });
          return flag;
        });
        res.status(201).location(`/api/admin/feature-flags/${created.name}`).json(describeFlag(Object.assign(created, { overrides: 0 }) as FlagWithCount));
      },
    )
    .endpoint(
      {
        method: 'put',
        path: '/feature-flags/:name',
        access: { permission: 'feature-flags:define' },
        summary: "Change a flag's description, default or rollout percentage (other fields are ignored)",
        params: nameParams,
        body: flagChange,
        responses: { 200: { description: 'The flag', schema: flagOut }, 404: { description: 'No such flag' }, 422: { description: 'Invalid fields' } },
      },
      async ({ params, body }, req, res) => {
        const actor = operatorActor(req);
        const updated = await withOperatorAccess(actor, async () => {
          const current = await FeatureFlag.query().findById(params.name).forUpdate();
          if (!current) throw Problem.notFound(`No feature flag ${params.name}`);
          const patch: Partial<FeatureFlag> = {};
          if (body.description !== undefined && body.description !== current.description) patch.description = body.description;
          if (body.default !== undefined && body.default !== current.default_enabled) patch.default_enabled = body.default;
          if (body.rollout_percentage !== undefined && body.rollout_percentage !== current.rollout_percentage) patch.rollout_percentage = body.rollout_percentage;
          if (Object.keys(patch).length > 0) {
            const before = settingsOf(current);
            // patchAndFetch updates the instance it is called on, so `before` is read first.
            const next = await current.$query().patchAndFetch(patch);
            await recordAudit({
              tenantId: null,
              actor,
              action: 'feature_flag.updated',
              target: { type: 'feature_flag', id: params.name },
              details: changed(before, settingsOf(next)),
            });
          }
          return withOverrideCounts(FeatureFlag.query()).findById(params.name);
        });
        res.json(describeFlag(updated as FlagWithCount));
      },
    )
    .endpoint(
      {
        method: 'delete',
        path: '/feature-flags/:name',
        access: { permission: 'feature-flags:define' },
        summary: 'Delete a feature flag with its tenant overrides (code reading it then sees it off)',
        params: nameParams,
        responses: { 200: { description: 'The flag as it was', schema: flagOut }, 404: { description: 'No such flag' } },
      },
      async ({ params }, req, res) => {
        const actor = operatorActor(req);
        const deleted = await withOperatorAccess(actor, async () => {
          const flag = (await withOverrideCounts(FeatureFlag.query()).findById(params.name)) as FlagWithCount | undefined;
          if (!flag) throw Problem.notFound(`No feature flag ${params.name}`);
          // The overrides go with it (on delete cascade); the audit says how many there were.
          await FeatureFlag.query().deleteById(params.name);
          await recordAudit({
            tenantId: null,
            actor,
            action: 'feature_flag.deleted',
            target: { type: 'feature_flag', id: params.name },
            details: { before: { ...settingsOf(flag), overrides: Number(flag.overrides) }, after: null },
          });
          return flag;
        });
        res.json(describeFlag(deleted));
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/tenants/:id/feature-flags',
        access: { permission: 'tenants:read' },
        summary: "Every flag as it applies to a tenant, and why (override, rollout or default)",
        params: z.object({ id: z.uuid() }),
        responses: { 200: { description: 'All flags, by name; the total is in Content-Range', schema: z.array(tenantFlagOut) }, 404: { description: 'No such tenant' } },
      },
      async ({ params }, req, res) => {
        const flags = await withOperatorAccess(operatorActor(req), async () => {
          if (!(await Tenant.query().findById(params.id))) throw Problem.notFound(`No tenant ${params.id}`);
          return tenantFlags(params.id);
        });
        sendAll(res, 'feature-flags', flags.map(describeTenantFlag));
      },
    )
    .endpoint(
      {
        method: 'put',
        path: '/tenants/:id/feature-flags/:name',
        access: { permission: 'tenants:write', tenant: tenantParam },
        summary: "Override a flag for a tenant ({enabled: true|false}), or clear the override ({enabled: null})",
        params: tenantFlagParams,
        body: overrideBody,
        responses: { 200: { description: 'The flag as it now applies to the tenant', schema: tenantFlagOut }, 404: { description: 'No such tenant or flag' } },
      },
      async ({ params, body }, req, res) => {
        const actor = operatorActor(req);
        const flag = await withOperatorAccess(actor, async () => {
          if (!(await Tenant.query().findById(params.id))) throw Problem.notFound(`No tenant ${params.id}`);
          if (!(await FeatureFlag.query().findById(params.name))) throw Problem.notFound(`No feature flag ${params.name}`);
          const before = (await tenantFlags(params.id)).find((f) => f.name === params.name)!;
          if (before.override === body.enabled) return before;
          if (body.enabled === null) {
            await TenantFeatureFlag.query().where({ tenant_id: params.id, flag_name: params.name }).delete();
          } else {
            await TenantFeatureFlag.query()
              .insert({ tenant_id: params.id, flag_name: params.name, enabled: body.enabled, set_by: `${actor.type}:${actor.id}` })
              .onConflict(['tenant_id', 'flag_name'])
              .merge(['enabled', 'set_by', 'updated_at']);
          }
          const after = (await tenantFlags(params.id)).find((f) => f.name === params.name)!;
          const view = (f: TenantFlag) => ({ override: f.override, enabled: f.enabled, source: f.source });
          await recordAudit({
            tenantId: params.id,
            actor,
            action: body.enabled === null ? 'tenant.feature_flag_cleared' : 'tenant.feature_flag_overridden',
            target: { type: 'feature_flag', id: params.name },
            details: { before: view(before), after: view(after) },
          });
          return after;
        });
        res.json(describeTenantFlag(flag));
      },
    );
}

/** Each flag with the number of tenants overriding it, in the same query. */
function withOverrideCounts<Q extends ReturnType<typeof FeatureFlag.query>>(query: Q): Q {
  return query
    .select('feature_flags.*')
    .select(raw('(select count(*) from tenant_feature_flags o where o.flag_name = feature_flags.name)::int as overrides')) as Q;
}

/** Only the fields that changed, before and after. */
function changed(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const fields = Object.keys(after).filter((k) => before[k] !== after[k]);
  return { before: Object.fromEntries(fields.map((k) => [k, before[k]])), after: Object.fromEntries(fields.map((k) => [k, after[k]])) };
}
