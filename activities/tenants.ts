import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { AuditAction } from '../domain/audit-actions';
import type { PlanTier } from '../domain/plans';
import type { TenantStatus } from '../domain/tenant-status';
import { recordAudit } from '../db/audit';
import { Appointment, CallLog, Tenant, TenantFeatureFlag, TenantUser, UsagePeriod } from '../db/models';
import { withTenant } from '../db/tenant-context';
import { apiKeyHmacSecret } from '../lib/api-key-secret';
import type { Config } from '../lib/config';
import { INVITE_VALID_MS, inviteToken, inviteTokenHash } from '../lib/invites';
import { classifyFailure, failureDetails } from './failures';
import type { RegisteredTenant } from '../workflows/tenant-messages';

/** What onboarding collected; the lifecycle workflow creates the tenant from it. */
export interface Registration {
  tenantId: string;
  workflowId: string;
  slug: string;
  company_name: string;
  industry: string;
  timezone: string;
  owner_name: string;
  owner_email: string;
  owner_phone: string | null;
  plan_tier: PlanTier;
  forward_to_number: string | null;
  emergency_phone: string | null;
  business_hours: Record<string, unknown> | null;
  /** A location of a multi-location company: the company's first tenant. */
  parent_tenant_id?: string;
  /** Taken from the tenant a location is cloned from, with its feature flag overrides (by name). */
  ai_settings?: Record<string, unknown>;
  feature_flag_overrides?: Record<string, boolean>;
}

/** Fields of `tenants` a transition may set (the read model of the workflow's state). */
export interface TenantPatch {
  status?: TenantStatus;
  plan_tier?: PlanTier;
  billing_plan_tier?: PlanTier;
  trial_ends_at?: string | null;
  activated_at?: string | null;
  billing_confirmed_at?: string | null;
  current_period_start?: string | null;
  current_period_end?: string | null;
  phone_number?: string | null;
  phone_number_sid?: string | null;
  status_reason?: string | null;
  cancelled_at?: string | null;
  deleted_at?: string | null;
  scheduled_plan_tier?: PlanTier | null;
  past_due_since?: string | null;
  grace_ends_at?: string | null;
  payment_failure?: string | null;
}

export interface TransitionRecord {
  tenantId: string;
  /** Unique per transition (workflow id and sequence), so a retried activity writes once. */
  key: string;
  action: string;
  from: TenantStatus;
  to: TenantStatus;
  by: string;
  reason?: string;
  patch: TenantPatch;
}

/** An enterprise contract's call limit, which metering honours over the plan's (in the caller's tenant scope). */
async function negotiatedCallLimit(tenantId: string): Promise<number | null> {
  const tenant = await Tenant.query().findById(tenantId).select('custom_call_limit');
  return tenant?.custom_call_limit ?? null;
}

/** Who a transition's `by` names: the system (a timer; `stripe`, an event), a company's own person (`user:<id>`), else an operator. */
function transitionActor(by: string): { type: 'system' | 'tenant_user' | 'operator'; id: string } {
  if (by === 'system' || by === 'stripe') return { type: 'system', id: by };
  if (by.startsWith('user:')) return { type: 'tenant_user', id: by.slice('user:'.length) };
  return { type: 'operator', id: by };
}

const UNIQUE_FIELDS: Record<string, string> = {
  tenants_slug_unique: 'slug',
  tenants_owner_email_key: 'owner_email',
};

/**
 * A new company's owner: a tenant user without a password, invited by the sign-up itself.
 * The welcome e-mail carries the invitation's set-password link (7 days, once), which also
 * proves the address. Only the token's hash is kept; the e-mail activity derives the token.
 */
async function createOwner(secret: string, r: Registration): Promise<string> {
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + INVITE_VALID_MS);
  await TenantUser.query().insert({
    id,
    tenant_id: r.tenantId,
    email: r.owner_email,
    name: r.owner_name,
    role: 'owner',
    phone: r.owner_phone,
    invited_at: new Date(),
    invited_by: 'system:onboarding',
    invite_expires_at: expiresAt,
    invite_token_hash: inviteTokenHash(inviteToken(secret, id, expiresAt)),
  });
  return id;
}

export function tenantActivities(config: Config) {
  return {
    /**
     * Creates the tenant row and, for a sign-up, its owner's account, in one transaction:
     * running it again for the same tenant (a retry) finds both and returns the same row,
     * so a company never gets two owners. A location (cloned, with a parent) gets no owner
     * of its own: the company's people are invited to it.
     */
    async createTenant(r: Registration): Promise<RegisteredTenant> {
      return withTenant(r.tenantId, async () => {
        const existing = await Tenant.query().findById(r.tenantId);
        if (existing) return { id: existing.id, slug: existing.slug, status: existing.status };
        try {
          const tenant = await Tenant.query().insertAndFetch({
            id: r.tenantId,
            workflow_id: r.workflowId,
            slug: r.slug,
            company_name: r.company_name,
            industry: r.industry,
            timezone: r.timezone,
            owner_name: r.owner_name,
            owner_email: r.owner_email,
            owner_phone: r.owner_phone,
            plan_tier: r.plan_tier,
            billing_plan_tier: r.plan_tier,
            forward_to_number: r.forward_to_number,
            emergency_phone: r.emergency_phone,
            business_hours: r.business_hours ?? {},
            ai_settings: r.ai_settings ?? {},
            parent_tenant_id: r.parent_tenant_id ?? null,
            status: 'pending',
          });
          const overrides = Object.entries(r.feature_flag_overrides ?? {});
          if (overrides.length > 0) {
            await TenantFeatureFlag.query().insert(
              overrides.map(([flag_name, enabled]) => ({ tenant_id: tenant.id, flag_name, enabled, set_by: `system:${r.parent_tenant_id ? 'clone' : 'onboarding'}` })),
            );
          }
          // The owner's account is part of the creation: its entry names it.
          const ownerUserId = r.parent_tenant_id ? undefined : await createOwner(apiKeyHmacSecret(config), r);
          await recordAudit({
            tenantId: tenant.id,
            actor: { type: 'system', id: 'onboarding' },
            action: 'tenant.created',
            target: { type: 'tenant', id: tenant.id },
            idempotencyKey: `${r.workflowId}:created`,
            details: {
              slug: tenant.slug,
              plan_tier: tenant.plan_tier,
              ...(r.parent_tenant_id ? { parent_tenant_id: r.parent_tenant_id } : {}),
              ...(ownerUserId ? { owner_user_id: ownerUserId } : {}),
            },
          });
          return { id: tenant.id, slug: tenant.slug, status: tenant.status };
        } catch (error) {
          const field = UNIQUE_FIELDS[(error as { constraint?: string }).constraint ?? ''];
          if ((error as { code?: string }).code === '23505' && field) {
            throw ApplicationFailure.nonRetryable(`${field} is already taken`, 'Conflict', { field });
          }
          throw error;
        }
      });
    },

    /**
     * Writes one transition to the read model and the audit log, in one transaction. A
     * retry writes the audit entry once (its key) and the same patch again, which is
     * harmless: the workflow makes no later transition before this one is acknowledged.
     */
    async recordTransition(t: TransitionRecord): Promise<void> {
      await withTenant(t.tenantId, async () => {
        await recordAudit(
          {
            tenantId: t.tenantId,
            actor: transitionActor(t.by),
            // The workflow names its transitions; domain/audit-actions.ts has each as `tenant.<transition>` (its unit test checks).
            action: `tenant.${t.action}` as AuditAction,
            target: { type: 'tenant', id: t.tenantId },
            reason: t.reason,
            idempotencyKey: t.key,
            details: { from: t.from, to: t.to, ...t.patch },
          },
          { ifNew: true },
        );
        await Tenant.query().findById(t.tenantId).patch(t.patch as Partial<Tenant>);
      });
    },

    /**
     * Records a number the provisioning saga bought on its tenant. The number is unique
     * across tenants: one that another tenant holds is a permanent `NumberTaken`, and the
     * saga releases it and tries another. Recording it again is harmless.
     */
    async claimNumber(p: { tenantId: string; phoneNumber: string; sid: string }): Promise<void> {
      try {
        await withTenant(p.tenantId, () => Tenant.query().findById(p.tenantId).patch({ phone_number: p.phoneNumber, phone_number_sid: p.sid }));
      } catch (error) {
        const permanent = classifyFailure(error);
        if (permanent && failureDetails(permanent).constraint === 'tenants_phone_number_unique') {
          throw ApplicationFailure.nonRetryable(`${p.phoneNumber} is already held by another tenant`, 'NumberTaken');
        }
        throw error;
      }
    },

    /** Undoes claimNumber, if the tenant still holds that number. */
    async unclaimNumber(p: { tenantId: string; phoneNumber: string }): Promise<void> {
      await withTenant(p.tenantId, () =>
        Tenant.query().findById(p.tenantId).where('phone_number', p.phoneNumber).patch({ phone_number: null, phone_number_sid: null }),
      );
    },

    /** Opens a usage period (idempotent: one period per tenant and start), with a negotiated call limit where there is one. */
    async openUsagePeriod(p: { tenantId: string; start: string; end: string; planTier: PlanTier; callsIncluded: number | null }): Promise<void> {
      await withTenant(p.tenantId, async () => {
        const negotiated = await negotiatedCallLimit(p.tenantId);
        await UsagePeriod.query()
          .insert({
            tenant_id: p.tenantId,
            period_start: new Date(p.start),
            period_end: new Date(p.end),
            plan_tier: p.planTier,
            calls_included: negotiated ?? p.callsIncluded,
            calls_used: 0,
          })
          .onConflict(['tenant_id', 'period_start'])
          .ignore();
      });
    },

    /** Closes every open period that started before `at`. */
    async closeUsagePeriods(p: { tenantId: string; at: string }): Promise<number> {
      return withTenant(p.tenantId, () =>
        UsagePeriod.query().whereNull('closed_at').where('period_start', '<', new Date(p.at)).patch({ closed_at: new Date(p.at) }),
      );
    },

    /** Changes the open period in place: a longer trial, or a new plan's limit from now on. */
    async updateOpenUsagePeriod(p: { tenantId: string; end?: string; planTier?: PlanTier; callsIncluded?: number | null }): Promise<void> {
      const patch: Partial<UsagePeriod> = {};
      if (p.end) patch.period_end = new Date(p.end);
      if (p.planTier) patch.plan_tier = p.planTier;
      await withTenant(p.tenantId, async () => {
        if (p.callsIncluded !== undefined) patch.calls_included = (await negotiatedCallLimit(p.tenantId)) ?? p.callsIncluded;
        await UsagePeriod.query().whereNull('closed_at').patch(patch);
      });
    },

    /** The trial so far, for the "trial ending" email. */
    async trialSummary(p: { tenantId: string; since: string }): Promise<{ calls: number; appointments: number }> {
      return withTenant(p.tenantId, async () => ({
        calls: await CallLog.query().where('started_at', '>=', new Date(p.since)).resultSize(),
        appointments: await Appointment.query().where('created_at', '>=', new Date(p.since)).resultSize(),
      }));
    },
  };
}
