import { isDeepStrictEqual } from 'node:util';
import type twilio from 'twilio';
import { DBError } from 'objection';
import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { AGENT_LANGUAGES, AGENT_MODELS, AGENT_VOICE_NAMES, AGENT_VOICES, DEFAULT_CALL_SETTINGS, type AgentVoice } from '../../domain/call-settings';
import { CLOCK_TIME, MESSAGE_RATE_LIMITS } from '../../domain/messaging';
import { type AuditActor, requestIdOf } from '../http/audit-actor';
import { AdminRouter, tenantParam } from '../auth/operator-access';
import { text } from '../storable-fields';
import { onboardingBody } from '../onboarding';
import { Problem } from '../http/problem';
import { operatorTenantRecord, statusChangeSchema } from '../tenant-records';
import { businessHours, dialTarget, e164, timezone } from '../schemas';
import { operatorActor } from '../auth/authenticate';


type SayVoice = NonNullable<Exclude<Parameters<twilio.twiml.VoiceResponse['say']>[0], string | undefined>['voice']>;
/** Every voice offered is one Twilio's `<Say>` knows (checked when this compiles). */
const VOICES: readonly [AgentVoice & SayVoice, ...Array<AgentVoice & SayVoice>] = AGENT_VOICE_NAMES;

/** react-admin sends a cleared input as null or an empty string; either means "unset". */
const blankAsNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/** A field that may be cleared (back to nothing, or to the agent's default). */
const clearable = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsNull, schema.nullable()).optional();

/** A field that may be left out, but not emptied. */
const required = <T extends z.ZodType>(schema: T) =>
  z
    .preprocess((value, ctx) => {
      if (blankAsNull(value) !== null) return value;
      ctx.addIssue({ code: 'custom', message: 'cannot be empty' });
      return z.NEVER;
    }, schema)
    .optional();

const prose = (max: number) => clearable(text(max).trim());

/** The `ai_settings` keys the agent reads (domain/call-settings.ts); null puts a key back to its default. */
const aiSettings = z.object({
  greeting: prose(1000),
  after_hours_greeting: prose(1000),
  voice: clearable(z.enum(VOICES, { message: `expected one of the agent's voices: ${VOICES.join(', ')}` })),
  language: clearable(z.enum(AGENT_LANGUAGES, { message: `expected one of ${AGENT_LANGUAGES.join(', ')}` })),
  model: clearable(z.enum(AGENT_MODELS, { message: `expected one of ${AGENT_MODELS.join(', ')}` })),
  custom_prompt: prose(4000),
  emergency_keywords: z
    .array(text(100).trim().min(1, 'expected a word or phrase'))
    .max(50, 'expected at most 50 keywords')
    .nullable()
    .optional(),
});

/** A bound of quiet hours: a time of day on the company's (or the contact's) clock. */
const clockTime = z.string({ message: 'expected a time of day as HH:MM' }).regex(CLOCK_TIME, 'expected a time of day as HH:MM, from 00:00 to 23:59');

/** How many texts a minute the company's number may send (Twilio queues what a number cannot send at once). */
const messageRate = z
  .number({ message: 'expected a whole number of texts a minute' })
  .int('expected a whole number of texts a minute')
  .min(MESSAGE_RATE_LIMITS.min, `expected at least ${MESSAGE_RATE_LIMITS.min} text a minute`)
  .max(MESSAGE_RATE_LIMITS.max, `expected at most ${MESSAGE_RATE_LIMITS.max} texts a minute`);

/**
 * The settings an operator may edit. react-admin PUTs the whole record: every other
 * field (status, plan, number, dates) is the lifecycle's and is ignored here.
 */
export const tenantSettingsBody = z.object({
  company_name: required(onboardingBody.shape.company_name),
  // Stored in its canonical spelling (america/chicago → America/Chicago).
  timezone: required(timezone.transform((tz) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone)),
  owner_name: required(onboardingBody.shape.owner_name),
  owner_email: required(onboardingBody.shape.owner_email),
  owner_phone: clearable(e164),
  // Callers of a suspended tenant, and every call Temporal cannot take, are put through to it.
  forward_to_number: required(dialTarget),
  emergency_phone: clearable(dialTarget),
  business_hours: required(businessHours),
  ai_settings: required(aiSettings),
  is_test_mode: required(z.boolean({ message: 'expected true or false' })),
  // What Kestrel starts (reminders, job updates, campaigns) waits while it is quiet; equal bounds: never quiet.
  quiet_hours_start: required(clockTime),
  quiet_hours_end: required(clockTime),
  message_rate_per_minute: required(messageRate),
});
type SettingsBody = z.output<typeof tenantSettingsBody>;

export const EDITABLE = [
  'company_name',
  'timezone',
  'owner_name',
  'owner_email',
  'owner_phone',
  'forward_to_number',
  'emergency_phone',
  'business_hours',
  'ai_settings',
  'is_test_mode',
  'quiet_hours_start',
  'quiet_hours_end',
  'message_rate_per_minute',
] as const satisfies ReadonlyArray<keyof SettingsBody & keyof Tenant>;
type Editable = (typeof EDITABLE)[number];
type Settings = Pick<Tenant, Editable>;

/** JSON values compared and stored as the database holds them (no undefined keys). */
const plain = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** The settings once the body is applied: business hours are replaced whole, ai_settings key by key. */
function applySettings(current: Settings, body: SettingsBody): Settings {
  const next: Settings = { ...current };
  for (const field of EDITABLE) {
    if (field === 'ai_settings' || body[field] === undefined) continue;
    (next as Record<Editable, unknown>)[field] = plain(body[field]);
  }
  if (body.ai_settings) {
    const merged: Record<string, unknown> = { ...current.ai_settings };
    for (const [key, value] of Object.entries(body.ai_settings)) {
      if (value === null) delete merged[key];
      else if (value !== undefined) merged[key] = value;
    }
    next.ai_settings = merged;
  }
  return next;
}

/** The agent speaks and listens in one language, so the voice has to speak the language chosen. */
function voiceProblem(settings: Record<string, unknown>): string | undefined {
  const voice = (settings.voice ?? DEFAULT_CALL_SETTINGS.voice) as string;
  const language = (settings.language ?? DEFAULT_CALL_SETTINGS.language) as string;
  const speaks = AGENT_VOICES[voice as AgentVoice];
  if (!speaks || speaks === language) return undefined;
  return `${voice}${settings.voice ? '' : ' (the default voice)'} speaks ${speaks}, not ${language}: choose a voice for ${language}`;
}

/**
 * What changed, field by field; in the two JSON fields, key by key (an absent key
 * reads as null: a closed day, a default setting), so an absent key turned null is no change.
 */
function changes(before: Settings, after: Settings): { before: Record<string, unknown>; after: Record<string, unknown>; fields: Editable[] } {
  const diff = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown>, fields: [] as Editable[] };
  for (const field of EDITABLE) {
    const [was, is] = [plain(before[field]), plain(after[field])];
    if (field === 'ai_settings' || field === 'business_hours') {
      const [a, b] = [was as Record<string, unknown>, is as Record<string, unknown>];
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !isDeepStrictEqual(a[k] ?? null, b[k] ?? null));
      if (keys.length === 0) continue;
      diff.before[field] = Object.fromEntries(keys.map((k) => [k, a[k] ?? null]));
      diff.after[field] = Object.fromEntries(keys.map((k) => [k, b[k] ?? null]));
    } else {
      if (isDeepStrictEqual(was ?? null, is ?? null)) continue;
      diff.before[field] = was ?? null;
      diff.after[field] = is ?? null;
    }
    diff.fields.push(field);
  }
  return diff;
}

export const tenantOut = z
  .object({
    id: z.uuid(),
    company_name: z.string(),
    timezone: z.string(),
    owner_name: z.string(),
    owner_email: z.string(),
    owner_phone: z.string().nullable(),
    forward_to_number: z.string().nullable(),
    emergency_phone: z.string().nullable(),
    business_hours: z.record(z.string(), z.object({ open: z.string(), close: z.string() }).nullable()),
    ai_settings: z.record(z.string(), z.unknown()),
    is_test_mode: z.boolean(),
    quiet_hours_start: z.string().describe("From when (HH:MM, the contact's time) texts Kestrel starts wait for morning"),
    quiet_hours_end: z.string().describe('Until when (HH:MM) they wait; equal to the start: no quiet hours'),
    message_rate_per_minute: z.number().int().describe("Texts a minute the company's number sends at most"),
  })
  .loose();

/**
 * Applies the settings in `body` to the tenant and audits the change, in the current
 * scope: an operator's (the admin API) or the tenant's own (the tenant API).
 */
export async function saveTenantSettings(
  tenantId: string,
  body: SettingsBody,
  audit: { actor: AuditActor; requestId: string | null },
): Promise<Tenant> {
  try {
    const current = await Tenant.query().findById(tenantId).forUpdate();
    if (!current) throw Problem.notFound(`No tenant ${tenantId}`);
    if (current.deleted_at) throw Problem.conflict('This tenant is deleted; its settings can no longer change.');
    const next = applySettings(current, body);
    const voice = voiceProblem(next.ai_settings);
    if (voice) throw Problem.validation({ 'ai_settings.voice': voice });

    const diff = changes(current, next);
    if (diff.fields.length === 0) return current;
    const updated = await current.$query().patchAndFetch(Object.fromEntries(diff.fields.map((f) => [f, next[f]])) as Partial<Tenant>);
    await recordAudit({
      tenantId: current.id,
      actor: audit.actor,
      action: 'tenant.settings_updated',
      target: { type: 'tenant', id: current.id },
      requestId: audit.requestId,
      details: { before: diff.before, after: diff.after },
    });
    return updated;
  } catch (error) {
    // Under row-level security Postgres leaves out the key's value, so objection cannot name the violation; the driver's error can.
    const cause = error instanceof DBError ? (error.nativeError as { code?: string; constraint?: string }) : {};
    if (cause.code === '23505' && cause.constraint === 'tenants_owner_email_key') {
      throw Problem.conflict('Another tenant has this owner e-mail.', { errors: { owner_email: 'already has a tenant' } });
    }
    throw error;
  }
}

/**
 * Operators edit a tenant's settings. No workflow holds these: the call workflow reads
 * them when each call starts (`callContext`) and keeps them for the call, so a change
 * applies from the next call on. Only the number → tenant routing keeps
 * `forward_to_number` a few seconds longer (CALL_ROUTING_CACHE_TTL).
 */
export function adminTenantSettingsRoutes(): AdminRouter {
  return new AdminRouter().endpoint(
    {
      method: 'put',
      path: '/tenants/:id',
      access: { permission: 'tenants:write', tenant: tenantParam },
      summary: "Update a tenant's settings (company, owner, routing numbers, hours, AI settings, test mode, quiet hours and send rate for texts); other fields are ignored",
      params: z.object({ id: z.uuid() }),
      body: tenantSettingsBody,
      responses: {
        200: { description: 'The updated tenant', schema: tenantOut.extend({ status_change: statusChangeSchema }) },
        404: { description: 'No such tenant' },
        409: { description: 'The tenant is deleted, or another tenant has this owner e-mail' },
        422: { description: 'Invalid fields, by name (nested as ai_settings.voice, business_hours.mon)' },
      },
    },
    async ({ params, body }, req, res) => {
      const requestId = requestIdOf(req);
      res.json(
        await withOperatorAccess(operatorActor(req), async () => operatorTenantRecord(await saveTenantSettings(params.id, body, { actor: operatorActor(req), requestId }))),
      );
    },
  );
}
