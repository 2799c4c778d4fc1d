import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

/**
 * The one error type of the API. Everything a handler throws ends up as an
 * `application/problem+json` answer (RFC 9457); field errors are keyed by field name,
 * the shape react-admin shows next to each input.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extras: { type?: string; errors?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail ?? title);
    this.name = 'Problem';
  }

  static badRequest(detail: string, errors?: Record<string, string>): Problem {
    return new Problem(400, 'Bad Request', detail, errors ? { errors } : {});
  }

  static validation(errors: Record<string, string>): Problem {
    return new Problem(422, 'Invalid request', 'Some fields are missing or invalid; see errors.', {
      type: '/docs#validation-error',
      errors,
    });
  }

  static notFound(detail: string): Problem {
    return new Problem(404, 'Not Found', detail);
  }

  static conflict(detail: string, extras: Record<string, unknown> = {}): Problem {
    return new Problem(409, 'Conflict', detail, extras);
  }

  static unavailable(detail: string, extras: Record<string, unknown> = {}): Problem {
    return new Problem(503, 'Service Unavailable', detail, extras);
  }
}

/** Over a limit: 429 with Retry-After (seconds), as every limit answers (`/docs#rate-limited`). */
export function rateLimited(res: Response, retryAfterS: number, detail: string): Problem {
  res.setHeader('Retry-After', String(retryAfterS));
  return new Problem(429, 'Too Many Requests', detail, { type: '/docs#rate-limited' });
}

/** Zod issues as `{ "field.path": "message" }`, the first message per field. */
export function fieldErrors(error: z.ZodError, prefix?: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    errors[path] ??= issue.message;
  }
  return errors;
}

export function sendProblem(
  res: Parameters<RequestHandler>[1],
  problem: Problem,
  instance: string,
  requestId?: string,
): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: problem.extras.type ?? 'about:blank',
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      instance,
      ...(requestId ? { request_id: requestId } : {}),
      ...Object.fromEntries(Object.entries(problem.extras).filter(([k]) => k !== 'type')),
    });
}

export const notFoundHandler: RequestHandler = (req) => {
  throw Problem.notFound(`No route for ${req.method} ${req.path}`);
};

/** Body-parser failures carry a `type`; they are the client's fault, never a 500. */
const BODY_ERRORS: Record<string, (error: { limit?: number }) => Problem> = {
  'entity.parse.failed': () => Problem.badRequest('The request body is not valid JSON.'),
  'entity.too.large': (e) => new Problem(413, 'Content Too Large', `The request body exceeds the limit of ${e.limit} bytes.`),
  'encoding.unsupported': () => new Problem(415, 'Unsupported Media Type', 'The request body encoding is not supported.'),
  'charset.unsupported': () => new Problem(415, 'Unsupported Media Type', 'The request body charset is not supported.'),
  'request.aborted': () => new Problem(400, 'Bad Request', 'The request was aborted while its body was read.'),
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    let problem: Problem;
    if (error instanceof Problem) problem = error;
    else if (error instanceof z.ZodError) problem = Problem.validation(fieldErrors(error));
    else if (typeof error?.type === 'string' && BODY_ERRORS[error.type]) problem = BODY_ERRORS[error.type]!(error);
    else {
      (req.log ?? logger).error({ err: error }, 'unhandled error');
      problem = new Problem(500, 'Internal Server Error', 'Something went wrong on our side; it has been logged.');
    }
    sendProblem(res, problem, req.originalUrl, typeof req.id === 'string' ? req.id : undefined);
  };
}
