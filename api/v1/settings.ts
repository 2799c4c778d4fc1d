import { z } from 'zod';
import { Tenant } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { PLAN_TIERS } from '../../domain/plans';
import { EDITABLE, saveTenantSettings, tenantOut, tenantSettingsBody } from '../admin/tenant-settings';
import { actorOf, requestIdOf } from '../http/audit-actor';
import { liveKeyRequired, TenantApiRouter } from './router';

/**
 * What a company may change of its own settings: the operator's fields but test mode. A
 * test-mode tenant's calls are not metered, so switching it is Kestrel's decision, made by
 * an operator (PUT /api/admin/tenants/:id); a company asking gets a field error saying so.
 */
const companySettingsBody = tenantSettingsBody.extend({
  is_test_mode: z
    .unknown()
    .refine((value) => value === undefined, { message: "only Kestrel's operators switch test mode (test calls are not metered): ask support" })
    .optional(),
});

/** The fields a tenant sees: the editable settings and, read-only, who it is on the platform. */
const SHOWN = ['id', 'slug', 'status', 'plan_tier', 'phone_number', ...EDITABLE] as const;
const settingsSchema = tenantOut.extend({
  slug: z.string(),
  status: z.string(),
  plan_tier: z.enum(PLAN_TIERS),
  phone_number: z.string().nullable(),
});

const shown = (tenant: Tenant) => Object.fromEntries(SHOWN.map((field) => [field, tenant[field]]));

/**
 * The tenant's settings: the ones an operator edits in the console (PUT
 * /api/admin/tenants/:id), with the same validation; changes are audited with the key as
 * the actor. Settings have no sandbox copy, so a test key reads them but cannot change them.
 */
export function tenantApiSettingsRoutes(): TenantApiRouter {
  return new TenantApiRouter()
    .route(
      'settings:read',
      {
        method: 'get',
        path: '/settings',
        summary: "The company's settings: owner, routing numbers, business hours, AI settings, test mode, quiet hours and send rate for texts",
        responses: { 200: { description: 'The settings', schema: settingsSchema } },
      },
      async (_input, key, _req, res) => {
        const tenant = await withTenant(key.tenantId, () => Tenant.query().findById(key.tenantId).throwIfNotFound());
        res.json(shown(tenant));
      },
    )
    .route(
      'settings:write',
      {
        method: 'patch',
        path: '/settings',
        summary: 'Change some settings; fields left out stay, null clears a clearable one, ai_settings merges key by key (a test key cannot; test mode is for operators)',
        body: companySettingsBody,
        responses: {
          200: { description: 'The settings', schema: settingsSchema },
          409: { description: 'Another tenant has this owner e-mail' },
          422: { description: 'Invalid fields, by name (nested as ai_settings.voice, business_hours.mon)' },
        },
      },
      async ({ body }, key, req, res) => {
        liveKeyRequired(key, 'settings');
        const tenant = await withTenant(key.tenantId, () =>
          saveTenantSettings(key.tenantId, { ...body, is_test_mode: undefined }, { actor: actorOf(key), requestId: requestIdOf(req) }),
        );
        res.json(shown(tenant));
      },
    );
}
