import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { Tenant, TenantFeatureFlag, TenantUser } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter } from '../auth/operator-access';
import { freeSlug, onboardingBody, registerTenant } from '../onboarding';
import { Problem } from '../http/problem';
import { TenantUsers, describeUser } from '../tenant-users';
import { requestIdOf } from '../http/audit-actor';

const cloneBody = z.object({
  location: z.string().trim().min(2, 'expected at least 2 characters').max(60, 'expected at most 60 characters'),
  copy_users: z.boolean({ message: 'expected true or false' }).default(false),
});

const cloneOut = z.object({
  tenant: z.object({ id: z.uuid(), slug: z.string(), status: z.string(), company_name: z.string(), parent_tenant_id: z.uuid() }),
  workflow_id: z.string(),
  users: z.array(z.object({ id: z.uuid(), email: z.string(), role: z.string(), status: z.string() }).loose()).describe('The users invited to the new location'),
});

/**
 * A new location of a multi-location company: a tenant of its own, created through the
 * same path as a sign-up (its own lifecycle workflow, starting pending, with no number
 * and no calls), named "<company> – <location>", with the settings of the tenant it is
 * cloned from. Every location hangs from the company's first tenant, so cloning a
 * location makes a sibling, not a grandchild.
 *
 * Users are not copied with their passwords: each active user of the source is invited
 * to the new location by e-mail (same address and role) and chooses a password there.
 * A password is a secret a person set for one account; copying its hash would open an
 * account they never saw to it, and the two would part ways at the first reset.
 */
export function adminTenantCloneRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  const users = new TenantUsers(deps.config, deps.temporal);
  return new AdminRouter().endpoint(
    {
      method: 'post',
      path: '/tenants/:id/actions/clone',
      access: { permission: 'tenants:create' },
      summary: "Clone a tenant's settings into a new location of the same company (optionally inviting its users)",
      tags: ['admin', 'lifecycle'],
      params: z.object({ id: z.uuid() }),
      body: cloneBody,
      responses: {
        201: { description: 'The new tenant, pending, its workflow, and the users invited', schema: cloneOut },
        202: { description: 'Accepted: the workflow will create the tenant shortly (no users were invited yet)', schema: cloneOut },
        404: { description: 'No such tenant' },
        409: { description: 'The tenant is deleted, or the generated slug was taken meanwhile' },
        422: { description: 'Invalid fields' },
      },
    },
    async ({ params, body }, req, res) => {
      const actor = operatorActor(req);
      const source = await withOperatorAccess(actor, async () => {
        const tenant = await Tenant.query().findById(params.id);
        if (!tenant) throw Problem.notFound(`No tenant ${params.id}`);
        if (tenant.deleted_at) throw Problem.conflict('This tenant is deleted; it cannot be cloned.');
        const company = tenant.parent_tenant_id ? await Tenant.query().findById(tenant.parent_tenant_id) : tenant;
        const overrides = await TenantFeatureFlag.query().where('tenant_id', tenant.id);
        const people = body.copy_users ? await TenantUser.query().where('tenant_id', tenant.id).whereNull('disabled_at').orderBy('created_at') : [];
        return { tenant, company: company ?? tenant, overrides, people };
      });

      const companyName = `${source.company.company_name} – ${body.location}`;
      const longest = onboardingBody.shape.company_name.maxLength ?? Infinity;
      if (companyName.length > longest) throw Problem.validation({ location: `makes the company name longer than ${longest} characters` });
      const t = source.tenant;
      const outcome = await registerTenant(deps, {
        slug: await freeSlug(companyName),
        company_name: companyName,
        industry: t.industry,
        timezone: t.timezone,
        owner_name: t.owner_name,
        owner_email: t.owner_email,
        owner_phone: t.owner_phone,
        plan_tier: t.plan_tier,
        forward_to_number: t.forward_to_number,
        emergency_phone: t.emergency_phone,
        business_hours: t.business_hours,
        ai_settings: t.ai_settings,
        parent_tenant_id: source.company.id,
        feature_flag_overrides: Object.fromEntries(source.overrides.map((o) => [o.flag_name, o.enabled])),
      });

      await withOperatorAccess(actor, () =>
        recordAudit({
          tenantId: t.id,
          actor,
          action: 'tenant.cloned',
          target: { type: 'tenant', id: outcome.tenant.id },
          requestId: requestIdOf(req),
          details: { location: body.location, clone: { id: outcome.tenant.id, slug: outcome.tenant.slug, company_name: companyName }, copy_users: body.copy_users },
        }),
      );

      // The users are invited once the new tenant exists; a clone still being created gets them from the console later.
      const invited = outcome.created
        ? await Promise.all(source.people.map((u) => users.invite(outcome.tenant.id, { email: u.email, name: u.name ?? undefined, role: u.role }, actor)))
        : [];
      res
        .status(outcome.created ? 201 : 202)
        .location(`/api/admin/tenants/${outcome.tenant.id}`)
        .json({
          tenant: { ...outcome.tenant, company_name: companyName, parent_tenant_id: source.company.id },
          workflow_id: outcome.workflowId,
          users: invited.map(describeUser),
        });
    },
  );
}
