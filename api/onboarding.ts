import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Registration } from '../activities/tenants';
import { Tenant } from '../db/models';
import { withOperatorAccess } from '../db/tenant-context';
import { PLAN_TIERS } from '../domain/plans';
import { slugCandidates, slugProblem } from '../domain/slug';
import { lifecycleDurations, type Config } from '../lib/config';
import { within } from '../lib/within';
import { tenantLifecycle } from '../workflows/tenant-lifecycle';
import { registrationUpdate, tenantWorkflowId, type RegisteredTenant } from '../workflows/tenant-messages';
import { ApiRouter } from './http/endpoint';
import { Problem } from './http/problem';
import { businessHours, dialTarget, e164, industry, timezone } from './schemas';
import { text } from './storable-fields';
import { isTemporalUnreachable, updateFailure } from './http/temporal-errors';

export const onboardingBody = z.object({
  // company
  company_name: text(120).trim().min(2, 'expected at least 2 characters'),
  industry,
  timezone: timezone.default('America/New_York'),
  // owner
  owner_name: text(120).trim().min(2, 'expected at least 2 characters'),
  owner_email: z.email({ message: 'expected an e-mail address' }).transform((v) => v.toLowerCase()),
  owner_phone: e164.optional(),
  // subdomain: generated from the company name when absent
  slug: z
    .string()
    .superRefine((v, ctx) => {
      const problem = slugProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  // plan
  plan_tier: z.enum(PLAN_TIERS, { message: `expected one of ${PLAN_TIERS.join(', ')}` }),
  // routing
  forward_to_number: dialTarget,
  emergency_phone: dialTarget.optional(),
  business_hours: businessHours.optional(),
});

const tenantOut = z.object({ id: z.uuid(), slug: z.string(), status: z.string() });

/** How long the API waits for the workflow to create the tenant before answering 202. */
const REGISTRATION_WAIT_MS = 10_000;

/** The first free slug for a company name, among the name's candidates. */
export async function freeSlug(name: string): Promise<string> {
  const candidates = slugCandidates(name);
  const taken = new Set(
    await withOperatorAccess({ type: 'system', id: 'onboarding' }, () => Tenant.query().whereIn('slug', candidates).select('slug')).then((rows) =>
      rows.map((r) => r.slug),
    ),
  );
  return candidates.find((c) => !taken.has(c)) ?? `${candidates[0]!.slice(0, 31)}-${randomUUID().slice(0, 8)}`;
}

export interface RegistrationOutcome {
  /** False when the workflow has not created the tenant yet (it will, once a worker picks it up). */
  created: boolean;
  tenant: RegisteredTenant;
  workflowId: string;
}

/**
 * Starts a new tenant's lifecycle workflow together with the update that waits for the
 * workflow to create the tenant (update-with-start). A slug or owner e-mail taken
 * meanwhile is a 409, and the workflow ends without a tenant.
 */
export async function registerTenant(
  deps: { config: Config; temporal: Client },
  registration: Omit<Registration, 'tenantId' | 'workflowId'>,
): Promise<RegistrationOutcome> {
  const tenantId = randomUUID();
  const workflowId = tenantWorkflowId(tenantId);
  const start = new WithStartWorkflowOperation(tenantLifecycle, {
    workflowId,
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    workflowIdConflictPolicy: 'FAIL',
    args: [{ tenantId, durations: lifecycleDurations(deps.config), registration: { tenantId, workflowId, ...registration } }],
  });
  try {
    const created = await within(REGISTRATION_WAIT_MS, deps.temporal.workflow.executeUpdateWithStart(registrationUpdate, { startWorkflowOperation: start }));
    // Undefined: started and durable; the workflow creates the tenant once a worker picks it up.
    if (created === undefined) return { created: false, tenant: { id: tenantId, slug: registration.slug, status: 'pending' }, workflowId };
    return { created: true, tenant: created, workflowId };
  } catch (error) {
    const failure = updateFailure(error);
    if (failure?.type === 'Conflict') {
      const field = (failure.details?.[0] as { field?: string } | undefined)?.field ?? 'slug';
      throw Problem.conflict('A tenant with this slug or owner e-mail exists.', { errors: { [field]: 'is already taken' } });
    }
    if (isTemporalUnreachable(error)) throw Problem.unavailable('Sign-up is unavailable for a moment (Temporal is unreachable); nothing was created.');
    throw error;
  }
}

/**
 * Public onboarding. The tenant is created by its own lifecycle workflow, started
 * together with the update that waits for the creation (update-with-start): there is
 * never a tenant without its workflow, nor a workflow left without its tenant.
 */
export function onboardingRoutes(deps: { config: Config; temporal: Client }): ApiRouter {
  return new ApiRouter('/api/onboarding', { tags: ['onboarding'] })
    .endpoint(
      {
        method: 'get',
        path: '/slug',
        summary: 'Suggest a free slug for a company name',
        query: z.object({ name: z.string().trim().min(1, 'expected a company name').max(120) }),
        responses: {
          200: { description: 'A free slug', schema: z.object({ slug: z.string() }) },
          429: { description: 'Too many suggestions asked from this address (RATE_LIMIT_ONBOARDING_SLUG; Retry-After)' },
          503: { description: 'The rate-limit counters cannot be reached; refused meanwhile' },
        },
      },
      async ({ query }, _req, res) => {
        res.json({ slug: await freeSlug(query.name) });
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/',
        summary: 'Sign a company up (the five wizard steps in one body)',
        body: onboardingBody,
        responses: {
          201: { description: 'The tenant, pending, and its workflow', schema: z.object({ tenant: tenantOut, workflow_id: z.string() }) },
          202: { description: 'Accepted: the workflow will create the tenant shortly', schema: z.object({ tenant: tenantOut, workflow_id: z.string() }) },
          409: { description: 'The slug or owner e-mail is taken' },
          429: { description: 'Too many sign-ups from this address (RATE_LIMIT_ONBOARDING; Retry-After)' },
          503: { description: 'The rate-limit counters (or Temporal) cannot be reached; nothing was created' },
        },
      },
      async ({ body }, _req, res) => {
        const slug = body.slug ?? (await freeSlug(body.company_name));
        const clash = await withOperatorAccess({ type: 'system', id: 'onboarding' }, () =>
          Tenant.query()
            .whereNull('deleted_at')
            .where((q) => q.where('slug', slug).orWhereRaw('lower(owner_email) = ?', [body.owner_email]))
            .select('slug', 'owner_email'),
        );
        const errors: Record<string, string> = {};
        if (clash.some((t) => t.slug === slug)) errors.slug = 'is already taken';
        if (clash.some((t) => t.owner_email.toLowerCase() === body.owner_email)) errors.owner_email = 'already has a tenant';
        if (Object.keys(errors).length > 0) {
          // The same owner signing up again already has an account: a fresh link is one request away.
          const detail = errors.owner_email
            ? 'A company with this owner e-mail exists. If it is yours, sign in, or ask for a new link to set your password (POST /api/auth/password-reset).'
            : 'A tenant with this slug or owner e-mail exists.';
          throw Problem.conflict(detail, { errors });
        }

        const outcome = await registerTenant(deps, {
          slug,
          company_name: body.company_name,
          industry: body.industry,
          timezone: body.timezone,
          owner_name: body.owner_name,
          owner_email: body.owner_email,
          owner_phone: body.owner_phone ?? null,
          plan_tier: body.plan_tier,
          forward_to_number: body.forward_to_number,
          emergency_phone: body.emergency_phone ?? null,
          business_hours: body.business_hours ?? null,
        });
        if (!outcome.created) {
          res.status(202).json({ tenant: outcome.tenant, workflow_id: outcome.workflowId });
          return;
        }
        res.status(201).location(`/api/admin/tenants/${outcome.tenant.id}`).json({ tenant: outcome.tenant, workflow_id: outcome.workflowId });
      },
    );
}
