import { z } from 'zod';
import type { CallLimits } from '../domain/call-limits';
import { parseModelLatency } from '../sandbox/openai/latency';

/**
 * Every setting Kestrel reads, validated once at start-up. The defaults give the
 * embedded, sandboxed setup that `npm start` runs on a developer's machine; each
 * variable is documented in `.env.example`.
 */

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'expected a TCP port number' })
  .int('expected a TCP port number')
  .min(0, 'expected a TCP port number')
  .max(65535, 'expected a TCP port number');

const url = z.url({ message: 'expected an absolute URL' });

/** Durations such as `14d`, `30s`, `500ms` or a plain number of milliseconds. */
const DURATION_PATTERN = /^\d+(ms|s|m|h|d)?$/;
const duration = z.string().regex(DURATION_PATTERN, 'expected a duration such as 30s, 15m, 14d');
/** A duration before (`-3d`) or after (`3d`) a moment. */
const SIGNED_DURATION_PATTERN = /^-?\d+(ms|s|m|h|d)?$/;

/** A rate limit: requests per window (`20/1m`, `100/10s`), or `off`. */
const rateLimit = z.string().regex(/^(off|[1-9]\d*\/[1-9]\d*(ms|s|m|h|d)?)$/, 'expected requests per window such as 20/1m, or off');

/**
 * Which peers are proxies whose X-Forwarded-For is believed: a number of hops (0: none), or
 * addresses and CIDRs separated by commas (with Express's names loopback, linklocal,
 * uniquelocal). Parsed into Express's `trust proxy` setting.
 */
const proxyEntry = z.union([z.enum(['loopback', 'linklocal', 'uniquelocal']), z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
const trustProxy = z
  .string()
  .trim()
  .default('loopback')
  .transform((value, ctx): number | string[] => {
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const wrong = entries.find((entry) => !proxyEntry.safeParse(entry).success);
    if (wrong !== undefined) {
      ctx.addIssue({ code: 'custom', message: `expected a number of proxy hops, or addresses/CIDRs (or loopback, linklocal, uniquelocal) separated by commas; "${wrong}" is neither` });
      return z.NEVER;
    }
    return entries;
  });

/** A billing cycle: calendar months (`1mo`) or a fixed duration (`30s` in tests). */
const cycle = z.string().regex(/^(\d+mo|\d+(ms|s|m|h|d)?)$/, 'expected calendar months such as 1mo, or a duration such as 30s');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  PUBLIC_BASE_URL: url.optional(),
  MAX_BODY_SIZE: z.string().regex(/^\d+(b|kb|mb)$/i, 'expected a size such as 100kb or 1mb').default('100kb'),
  /** The proxies in front of the API whose X-Forwarded-For names the client (rate limits, sign-in lock-outs, sessions' addresses). */
  TRUST_PROXY: trustProxy,

  DATABASE_URL: url.optional(),
  DATABASE_APP_URL: url.optional(),
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'expected a lowercase Postgres role name')
    .default('kestrel_app'),
  /** The application role's password, set on every migrate; the default is for development only (production requires one). */
  DATABASE_APP_PASSWORD: z.string().min(8, 'expected at least 8 characters').default('kestrel-app-local'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),

  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('kestrel'),
  /**
   * A workflow bundle built beforehand (`npm run build:workflows`), which workers load
   * instead of bundling the workflow code when they start: faster starts, and about 70 MB
   * less memory per worker (the bundler's leftovers). Unset: bundled at start.
   */
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /**
   * A worker's sizing (the README's capacity section says how to choose it for a number of live calls).
   * Unset: the SDK's defaults. The cache holds each live call's workflow between turns (a
   * call evicted is replayed at its next turn); the slots bound the workflow tasks, the
   * local activities (a call's model turns run as these) and the activities run at once.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1).max(100_000).optional(),
  WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(10_000).optional(),
  WORKER_LOCAL_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(10_000).optional(),
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(10_000).optional(),
  /**
   * How long a cached workflow's next task waits for this worker before any worker may take
   * it (replaying the history). Short: a dead worker's calls move on sooner; too short: a
   * busy worker hands its own calls to others and replays them.
   */
  WORKER_STICKY_QUEUE_TIMEOUT: duration.default('3s'),
  /**
   * How long workflow code may run without yielding before its task fails as a deadlock
   * (the SDK's isolateExecutionTimeout); `0` turns the check off. The check costs a thread
   * started and joined by Node for each call into the workflow sandbox: see the capacity
   * section of the README for what it costs a call and what turning it off gives up.
   */
  WORKER_DEADLOCK_TIMEOUT: duration.default('5s'),
  /** host:port where a worker serves its Temporal metrics for Prometheus (`/metrics`); unset, none. */
  WORKER_METRICS_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, such as 0.0.0.0:9464').optional(),
  TEMPORAL_TLS: boolean.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_UI_URL: url.optional(),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_PORT: port.default(7233),

  SANDBOX_PORT: port.default(4010),
  /** The sandbox listens on loopback unless told otherwise (its Twilio token is no secret). */
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Keep the sandbox's numbers, calls, messages and mailbox under DATA_DIR/sandbox across
   * restarts, as Postgres keeps the tenants that hold those numbers. Tests run theirs in memory.
   */
  SANDBOX_PERSIST: boolean.default(true),
  /**
   * `off` (the sandbox's model answers at once), or the median and 99th percentile in ms of
   * a real model's answer time (`800,2500`), for load tests whose turns must hold their
   * slots as long as real ones do (sandbox/openai/latency.ts).
   */
  SANDBOX_MODEL_LATENCY: z
    .string()
    .default('off')
    .superRefine((spec, ctx) => {
      try {
        parseModelLatency(spec);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  SANDBOX_URL: url.optional(),
  /**
   * Whether a provider without credentials may be played by the sandbox. Unset: yes, except
   * in production, where a provider on the sandbox (whose Twilio token is public, so anyone
   * could sign webhooks) must be asked for in words: `on`.
   */
  PROVIDER_SANDBOX: z.enum(['on', 'off'], { message: 'expected on or off' }).optional(),

  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/i, 'expected an account SID (AC followed by 32 hex digits)').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'expected a Twilio auth token').optional(),
  /**
   * Where Kestrel's own texts (sign-in and verification codes) come from: a number of the
   * Twilio account, or a messaging service. Unset with the sandbox: a sandbox number bought for them.
   */
  SMS_FROM: z
    .string()
    .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-f]{32})$/i, 'expected a phone number in E.164 (+18575550100) or a messaging service SID (MG…)')
    .optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: url.optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** The model of conversation turns for tenants with the `premium_model` flag. */
  OPENAI_PREMIUM_MODEL: z.string().min(1).default('gpt-4o'),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: url.optional(),
  /** Stripe's secret key (sk_live_… or sk_test_…); unset: the provider sandbox plays Stripe. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  /** The signing secret of Kestrel's endpoint (`/webhooks/stripe`) in Stripe's dashboard; required with STRIPE_SECRET_KEY. */
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default('Kestrel <hello@kestrel.local>'),
  OPERATOR_EMAIL: z.email({ message: 'expected an e-mail address' }).default('operators@kestrel.local'),
  /** Where health alerts go; unset: OPERATOR_EMAIL. */
  CUSTOMER_SUCCESS_EMAIL: z.email({ message: 'expected an e-mail address' }).optional(),
  /** When the daily health scores run (the `health-score-daily` Temporal Schedule), as a cron expression in UTC. */
  HEALTH_SCORE_CRON: z
    .string()
    .regex(/^\S+(\s+\S+){4}$/, 'expected a cron expression of five fields, such as 0 6 * * *')
    .default('0 6 * * *'),

  DATA_DIR: z.string().min(1).default('.data'),
  /**
   * Where finished data exports (zip files) are kept until their links expire; unset:
   * DATA_DIR/exports. Workers write there and the API serves from there, so every process
   * must see the same directory (a shared volume). Not object storage yet.
   */
  EXPORT_DIR: z.string().min(1).optional(),
  /** How long a finished export can be downloaded; then its file is deleted and the export is `expired`. */
  EXPORT_LINK_TTL: duration.default('7d'),
  /** Rows per part file of an export (each part one activity, streamed from the database into its file). */
  EXPORT_CHUNK_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  TRIAL_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  /** Overrides TRIAL_DAYS with any duration (demos and tests run a trial in seconds). */
  TRIAL_DURATION: duration.optional(),
  TRIAL_REMINDER_BEFORE: duration.default('3d'),
  BILLING_CYCLE: cycle.default('1mo'),
  CANCEL_GRACE: duration.default('30d'),
  /** How long before a visit its reminder is texted to the customer. */
  REMINDER_BEFORE: duration.default('24h'),
  /**
   * When a customer invoice's payment reminders are texted: durations from its due date,
   * before it (`-3d`) or after it (`7d`), separated by commas.
   */
  CUSTOMER_INVOICE_REMINDERS: z
    .string()
    .default('-3d,0d,3d,7d')
    .refine((v) => v.split(',').every((part) => SIGNED_DURATION_PATTERN.test(part.trim())), 'expected durations from the due date separated by commas, such as -3d,0d,3d,7d'),
  /** How long a past-due tenant's calls are still answered before it is suspended for non-payment. */
  BILLING_GRACE: duration.default('7d'),
  /** When, after a failed payment, the charge is tried again and the owner reminded (each a duration after the failure, inside BILLING_GRACE). */
  BILLING_REMINDERS: z
    .string()
    .default('1d,3d,6d')
    .refine((v) => v.split(',').every((part) => DURATION_PATTERN.test(part.trim())), 'expected durations separated by commas, such as 1d,3d,6d'),
  /** How long after leaving (cancelled, or deleted without a cancellation) a tenant's personal data is erased. */
  RETENTION_PERIOD: duration.default('90d'),
  /** When the daily retention run (the `retention-daily` Temporal Schedule) looks for tenants to erase, as a cron expression in UTC. */
  RETENTION_CRON: z
    .string()
    .regex(/^\S+(\s+\S+){4}$/, 'expected a cron expression of five fields, such as 0 3 * * *')
    .default('0 3 * * *'),
  /**
   * When the daily seasonal campaign run (the `seasonal-campaigns-daily` Temporal Schedule)
   * enrols the contacts of every seasonal campaign in season, as a cron expression in UTC;
   * each campaign's season is read in its company's own zone.
   */
  SEASONAL_CAMPAIGNS_CRON: z
    .string()
    .regex(/^\S+(\s+\S+){4}$/, 'expected a cron expression of five fields, such as 0 16 * * *')
    .default('0 16 * * *'),
  /** The first operator (super_admin), created at start when no operator of that e-mail exists. */
  ADMIN_EMAIL: z.email('expected an e-mail address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'expected at least 12 characters').max(256).optional(),
  /** How long a session's access token lasts; the refresh token gets a new one. */
  SESSION_ACCESS_TTL: duration.default('15m'),
  /** How long a session can be refreshed without signing in again. */
  SESSION_REFRESH_TTL: duration.default('30d'),
  /** Failed sign-ins in a row to an account from one client address before that address is held off for a while (doubling each time). */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Failed sign-ins in a row to one account from addresses it has not signed in from (all
   * such addresses together) before sign-ins from new addresses are held off, doubling each
   * time; addresses it signed in from keep signing in.
   */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
  /** How long a password-reset link works (tests shorten it). */
  PASSWORD_RESET_TTL: duration.default('30m'),
  /** How long a one-time code sent by text works. */
  OTP_TTL: duration.default('5m'),
  /** How long an operator's support session on a tenant lasts. */
  SUPPORT_SESSION_DURATION: duration.default('30m'),
  /**
   * Tenant API keys are stored as an HMAC-SHA256 under this secret. Required in production;
   * elsewhere, when unset, one is generated once into DATA_DIR/api-key-secret.
   */
  API_KEY_HMAC_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  /** Sign-in attempts per client IP address. */
  RATE_LIMIT_LOGIN: rateLimit.default('30/10m'),
  /** Sign-ups per client IP address. */
  RATE_LIMIT_ONBOARDING: rateLimit.default('20/1h'),
  /** Password-reset requests per client IP address. */
  RATE_LIMIT_PASSWORD_RESET: rateLimit.default('10/1h'),
  /** Reset e-mails per account; requests past it are answered alike and send nothing. */
  RATE_LIMIT_PASSWORD_RESET_ACCOUNT: rateLimit.default('3/1h'),
  /** One-time codes sent by text, per user and per phone number. */
  RATE_LIMIT_OTP_SEND: rateLimit.default('3/10m'),
  /** Slug suggestions (GET /api/onboarding/slug) per client IP address; unset: ten times RATE_LIMIT_ONBOARDING's requests in its window. */
  RATE_LIMIT_ONBOARDING_SLUG: rateLimit.optional(),
  /** Tenant API requests per tenant, all keys together; unset: the plan's figure per minute. */
  RATE_LIMIT_TENANT_API: rateLimit.optional(),
  /** Tenant API requests per key; unset: half the tenant's limit, so one runaway client cannot starve the others. */
  RATE_LIMIT_API_KEY: rateLimit.optional(),
  SHUTDOWN_GRACE: duration.default('20s'),
  /** How long an admin action waits for the workflow's answer; past it the answer is 202 with the state so far. */
  ACTION_WAIT: duration.default('10s'),
  /** An activity whose attempt this many has failed, and which still retries, is listed as needing attention. */
  ATTENTION_AFTER_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(3),
  /** When a lifecycle step due on a timer (trial end, cycle start) failed for good, how long before it is tried again. */
  LIFECYCLE_STEP_RETRY: duration.default('5m'),

  /** Countries (ISO 3166 codes) whose numbers calls may be put through to: a forwarding or emergency line elsewhere is refused. */
  DIAL_COUNTRIES: z
    .string()
    .regex(/^[A-Z]{2}(,[A-Z]{2})*$/, 'expected ISO country codes separated by commas, such as US,CA')
    .default('US,CA')
    .transform((v) => v.split(',')),
  /** The longest a call put through to a person may last (Twilio's <Dial timeLimit>). */
  DIAL_TIME_LIMIT: duration.default('1h'),
  /** How long the agent may take over one caller turn before a person takes over. */
  CALL_TURN_BUDGET: duration.default('8s'),
  /** Caller turns the agent takes before handing the call to a person. */
  CALL_MAX_TURNS: z.coerce.number().int().min(1).max(200).default(20),
  /** A call without Twilio's final status callback is finished as abandoned after this long. */
  CALL_MAX_DURATION: duration.default('2h'),
  /** How long the webhooks may serve a number's routing (tenant, status) from memory. */
  CALL_ROUTING_CACHE_TTL: duration.default('5s'),
  /** The tenant (by slug) whose agent answers numbers no tenant owns; unset, such calls hear "not in service". */
  CALL_DEFAULT_TENANT: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'expected a tenant slug').optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming each bad variable and what it expects. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const config = parsed.data;
  if (config.TEMPORAL_TLS_CERT_PATH && !config.TEMPORAL_TLS_KEY_PATH) {
    throw new ConfigError(['TEMPORAL_TLS_KEY_PATH: expected a path when TEMPORAL_TLS_CERT_PATH is set']);
  }
  if (config.NODE_ENV === 'production' && !config.API_KEY_HMAC_SECRET) {
    throw new ConfigError(['API_KEY_HMAC_SECRET: required in production (at least 32 random characters, e.g. openssl rand -base64 48)']);
  }
  // The default password is public (it is in this file): fine on a laptop, not in production.
  if (config.NODE_ENV === 'production' && !config.DATABASE_APP_URL && !present.DATABASE_APP_PASSWORD) {
    throw new ConfigError([
      'DATABASE_APP_PASSWORD: required in production (the application role\'s password, e.g. openssl rand -base64 24), unless DATABASE_APP_URL names the role and its password',
    ]);
  }
  const providerProblems = providerConfigProblems(config);
  if (providerProblems.length > 0) throw new ConfigError(providerProblems);
  return config;
}

let loaded: Config | undefined;

/** The process's configuration, parsed on first use. A bad value ends the process with the reason. */
export function config(): Config {
  if (!loaded) {
    try {
      loaded = parseConfig();
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(78); // EX_CONFIG
      }
      throw error;
    }
  }
  return loaded;
}

/** Parses a duration such as `14d` or `30s` into milliseconds. */
export function durationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}

/** CUSTOMER_INVOICE_REMINDERS in milliseconds from the due date (negative: before it). */
export function customerInvoiceRemindersMs(c: Config): number[] {
  return c.CUSTOMER_INVOICE_REMINDERS.split(',').map((part) => {
    const value = part.trim();
    return value.startsWith('-') ? -durationMs(value.slice(1)) : durationMs(value);
  });
}

/** A rate limit setting as requests per window; null when it is `off`. */
export function rateLimitSpec(value: string): { points: number; durationMs: number } | null {
  if (value === 'off') return null;
  const [points, window] = value.split('/');
  return { points: Number(points), durationMs: durationMs(window!) };
}

/** The lifecycle's durations, as the tenant workflow receives them. */
export interface LifecycleDurations {
  trialMs: number;
  trialReminderBeforeMs: number;
  cycle: { months: number } | { ms: number };
  cancelGraceMs: number;
  /** Past due → suspended (absent in workflows started before billing on Stripe). */
  billingGraceMs?: number;
  /** After a failed payment: when to charge again and remind, each counted from the failure. */
  billingRemindersMs?: number[];
  /** How long after a timer's step failed for good it is tried again (absent in workflows started before it existed). */
  stepRetryMs?: number;
}

export function lifecycleDurations(c: Config): LifecycleDurations {
  const months = /^(\d+)mo$/.exec(c.BILLING_CYCLE);
  return {
    trialMs: c.TRIAL_DURATION ? durationMs(c.TRIAL_DURATION) : c.TRIAL_DAYS * 86_400_000,
    trialReminderBeforeMs: durationMs(c.TRIAL_REMINDER_BEFORE),
    cycle: months ? { months: Number(months[1]) } : { ms: durationMs(c.BILLING_CYCLE) },
    cancelGraceMs: durationMs(c.CANCEL_GRACE),
    stepRetryMs: durationMs(c.LIFECYCLE_STEP_RETRY),
    billingGraceMs: durationMs(c.BILLING_GRACE),
    billingRemindersMs: c.BILLING_REMINDERS.split(',').map((part) => durationMs(part.trim())),
  };
}

/** The bounds of a call, as the call workflow receives them. */
export function callLimits(c: Config): CallLimits {
  return { turnBudgetMs: durationMs(c.CALL_TURN_BUDGET), maxTurns: c.CALL_MAX_TURNS, maxCallMs: durationMs(c.CALL_MAX_DURATION) };
}

/** Where Twilio reaches this deployment's webhooks. */
export function publicBaseUrl(c: Config): string {
  return (c.PUBLIC_BASE_URL ?? `http://localhost:${c.API_PORT}`).replace(/\/+$/, '');
}

/**
 * A provider half-configured is refused everywhere (one Twilio credential without the
 * other would silently fall back to the sandbox); a provider on the sandbox is refused
 * where the sandbox is not allowed (production, unless PROVIDER_SANDBOX=on).
 */
function providerConfigProblems(c: Config): string[] {
  const problems: string[] = [];
  if (Boolean(c.TWILIO_ACCOUNT_SID) !== Boolean(c.TWILIO_AUTH_TOKEN)) {
    problems.push(`${c.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID'}: required with ${c.TWILIO_ACCOUNT_SID ? 'TWILIO_ACCOUNT_SID' : 'TWILIO_AUTH_TOKEN'} (set both, or neither for the sandbox)`);
  }
  if (!sandboxAllowed(c)) {
    const credentials = { twilio: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN', openai: 'OPENAI_API_KEY', resend: 'RESEND_API_KEY', stripe: 'STRIPE_SECRET_KEY' } as const;
    for (const provider of sandboxedProviders(c)) {
      const why = c.PROVIDER_SANDBOX === 'off' ? 'with PROVIDER_SANDBOX=off' : 'in production';
      problems.push(`${credentials[provider]}: required ${why}; the provider sandbox plays ${provider} only with PROVIDER_SANDBOX=on`);
    }
  }
  if (c.STRIPE_SECRET_KEY && !c.STRIPE_WEBHOOK_SECRET) {
    problems.push("STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY (the signing secret of Kestrel's webhook endpoint in Stripe's dashboard)");
  }
  return problems;
}

/** Whether providers without credentials may be played by the sandbox. */
export function sandboxAllowed(c: Config): boolean {
  return c.PROVIDER_SANDBOX === 'on' || (c.PROVIDER_SANDBOX === undefined && c.NODE_ENV !== 'production');
}

/** Each provider and whether it is the real one or the sandbox, for the banner and /readyz. */
export function providerModes(c: Config): Record<Provider, 'real' | 'sandbox'> {
  const sandboxed = new Set(sandboxedProviders(c));
  const mode = (provider: Provider) => (sandboxed.has(provider) ? 'sandbox' : 'real');
  return { twilio: mode('twilio'), openai: mode('openai'), resend: mode('resend'), stripe: mode('stripe') };
}

export type Provider = 'twilio' | 'openai' | 'resend' | 'stripe';

/** Which providers run against the local sandbox because they have no credentials. */
export function sandboxedProviders(c: Config): Provider[] {
  const out: Provider[] = [];
  if (!c.TWILIO_ACCOUNT_SID || !c.TWILIO_AUTH_TOKEN) out.push('twilio');
  if (!c.OPENAI_API_KEY) out.push('openai');
  if (!c.RESEND_API_KEY) out.push('resend');
  if (!c.STRIPE_SECRET_KEY) out.push('stripe');
  return out;
}
