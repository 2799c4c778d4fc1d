import { HttpError } from 'react-admin';

/** An RFC 9457 problem as the API sends it; `errors` maps field names to messages. */
export interface ProblemBody {
  /** A URI naming the kind of problem; its fragment (`/docs#token-expired`) is what the console tells apart. */
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  errors?: Record<string, string>;
  /** A wrong one-time code: how many tries the code has left. */
  attempts_left?: number;
}

/**
 * fetchJson names its HttpError after `body.message`, which problem+json does not have:
 * the readable part is `detail` (for a refused transition, the workflow's reason). The
 * body is kept whole so react-admin forms find `body.errors` and show them per field.
 */
export function problemError(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  const body = (error.body ?? {}) as ProblemBody;
  return new HttpError(body.detail ?? body.title ?? error.message, error.status, body);
}

/** The field errors a failed request carried, if any. */
export function fieldErrorsOf(error: unknown): Record<string, string> | undefined {
  return error instanceof HttpError ? (error.body as ProblemBody | undefined)?.errors : undefined;
}

/** The field errors of a request refused as invalid (422), for a form to show per field; undefined for any other failure. */
export function invalidFieldsOf(error: unknown): Record<string, string> | undefined {
  return error instanceof HttpError && error.status === 422 ? fieldErrorsOf(error) : undefined;
}

/** The problem body a failed request carried, if any. */
export function problemOf(error: unknown): ProblemBody | undefined {
  return error instanceof HttpError ? (error.body as ProblemBody | undefined) : undefined;
}

/** The kind of problem, from its type's fragment (`token-expired`, `otp-invalid`, `sms-failed`…); undefined when it names none. */
export function problemKind(error: unknown): string | undefined {
  const type = problemOf(error)?.type;
  return type?.includes('#') ? type.slice(type.lastIndexOf('#') + 1) : undefined;
}

/** The HTTP status of a failed request, if it was one. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof HttpError ? error.status : undefined;
}
