import { ApplicationFailure } from '@temporalio/common';

/**
 * Which failures of an activity will never change however often it is retried. Every
 * activity's error passes through `classifyFailure` (the worker's failure interceptor):
 * a permanent one becomes a non-retryable ApplicationFailure that names its kind, so the
 * workflow hears of it at once and moves on; anything else retries on the schedule its
 * workflow chose for that activity.
 */
export type PermanentKind = 'ConstraintViolation' | 'InvalidData' | 'DatabaseRejected' | 'ProviderRejected';

/**
 * Postgres SQLSTATE classes that describe the statement or the data, not the moment:
 * 22 data exception, 23 integrity constraint violation, 42 syntax error or access rule
 * violation, 44 WITH CHECK OPTION (row-level security on insert). Everything else
 * (08 connection, 40 serialization or deadlock, 53 resources, 57 shutdown or cancel…) is
 * worth retrying.
 */
const PERMANENT_SQL_CLASSES: Record<string, PermanentKind> = {
  '22': 'InvalidData',
  '23': 'ConstraintViolation',
  '42': 'DatabaseRejected',
  '44': 'DatabaseRejected',
};

/** HTTP statuses of a provider's 4xx family that may succeed later. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 409, 423, 425, 429]);

interface ErrorShape {
  name?: string;
  message?: string;
  code?: unknown;
  status?: unknown;
  statusCode?: unknown;
  constraint?: string;
  nativeError?: ErrorShape;
}

/** The SQLSTATE of a pg error, or of the pg error objection wrapped (UniqueViolationError and friends). */
function sqlState(error: ErrorShape): string | undefined {
  const code = error.nativeError?.code ?? error.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * The permanent failure `error` stands for, or undefined when it may pass. An
 * ApplicationFailure is the activity's own verdict and is returned unchanged.
 */
export function classifyFailure(error: unknown): ApplicationFailure | undefined {
  if (error instanceof ApplicationFailure) return error.nonRetryable ? error : undefined;
  if (!error || typeof error !== 'object') return undefined;
  const e = error as ErrorShape;

  const state = sqlState(e);
  if (state) {
    const kind = PERMANENT_SQL_CLASSES[state.slice(0, 2)];
    if (!kind) return undefined;
    const constraint = e.constraint ?? e.nativeError?.constraint;
    // The message only: pg's `detail` quotes the row's values, which are the tenant's data.
    return ApplicationFailure.create({
      message: e.nativeError?.message ?? e.message ?? kind,
      type: kind,
      nonRetryable: true,
      details: [{ sqlState: state, ...(constraint ? { constraint } : {}) }],
    });
  }

  // Objection's model validation, and zod's: the input is wrong, not the moment.
  if (e.name === 'ValidationError' || e.name === 'ZodError') {
    return ApplicationFailure.create({ message: e.message ?? 'invalid data', type: 'InvalidData', nonRetryable: true });
  }

  // Twilio's RestException and OpenAI's APIError carry the HTTP status (Stripe's errors as statusCode); Twilio and Stripe add their own code.
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500 && !RETRYABLE_CLIENT_STATUSES.has(status)) {
    const providerCode = typeof e.code === 'number' || typeof e.code === 'string' ? e.code : undefined;
    return ApplicationFailure.create({
      message: e.message ?? `the provider refused the request (${status})`,
      type: 'ProviderRejected',
      nonRetryable: true,
      details: [{ status, ...(providerCode !== undefined ? { code: providerCode } : {}) }],
    });
  }
  return undefined;
}

/** The details an ApplicationFailure from `classifyFailure` carries (the constraint, the provider's code). */
export function failureDetails(failure: ApplicationFailure): { sqlState?: string; constraint?: string; status?: number; code?: number | string } {
  return (failure.details?.[0] ?? {}) as { sqlState?: string; constraint?: string; status?: number; code?: number | string };
}
