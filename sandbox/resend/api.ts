import { createHash } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Faults } from '../faults';
import { uuid } from '../ids';
import type { SandboxStore } from '../state';
import { addressedTo, renderEmail, resendDate, type StoredEmail } from './mailbox';

/** An error in Resend's shape; the SDK hands it back as `{ data: null, error }`. */
export class ResendApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }

  body() {
    return { statusCode: this.statusCode, message: this.message, name: this.errorName };
  }
}

export function resendFaultBody(status: number, message: string) {
  const name = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'internal_server_error' : 'application_error';
  return { statusCode: status, message, name };
}

const addresses = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(50)]);
const optionalAddresses = z.union([z.string().min(1), z.array(z.string().min(1))]).optional();

const sendEmail = z
  .object({
    from: z.string().min(1),
    to: addresses,
    subject: z.string().min(1),
    html: z.string().optional(),
    text: z.string().optional(),
    cc: optionalAddresses,
    bcc: optionalAddresses,
    reply_to: optionalAddresses,
    headers: z.record(z.string(), z.string()).optional(),
    tags: z.array(z.object({ name: z.string().regex(/^[\w-]{1,256}$/), value: z.string().regex(/^[\w-]{0,256}$/) })).optional(),
    scheduled_at: z.string().optional(),
    // Accepted so that requests valid for Resend are valid here; the mailbox does not render them.
    attachments: z.array(z.looseObject({})).optional(),
    template: z.looseObject({ id: z.string().min(1) }).optional(),
  })
  .refine((e) => e.html !== undefined || e.text !== undefined || e.template !== undefined, { message: 'Missing `html` or `text` field.' });

type SendEmail = z.infer<typeof sendEmail>;

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function validationError(error: z.ZodError): ResendApiError {
  const issue = error.issues[0];
  const field = issue?.path.join('.');
  return new ResendApiError(422, 'validation_error', field ? `Invalid \`${field}\` field: ${issue?.message}` : (issue?.message ?? 'Invalid request'));
}

/** The API's view of an email (`GET /emails/{id}`). */
function emailJson(e: StoredEmail) {
  return {
    object: 'email',
    id: e.id,
    to: e.to,
    from: e.from,
    created_at: e.created_at,
    subject: e.subject,
    ...(e.html !== undefined ? { html: e.html } : {}),
    ...(e.text !== undefined ? { text: e.text } : {}),
    bcc: e.bcc,
    cc: e.cc,
    reply_to: e.reply_to,
    last_event: e.last_event,
  };
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Resend's `/emails` endpoints, with idempotency keys, and the sandbox mailbox that shows what they sent. */
export function resendApi(store: SandboxStore, faults: Faults): Router {
  const state = store.state;
  const router = Router();
  const guard = (operation: string) => faults.guard('resend', operation, resendFaultBody);
  const json = express.json({ limit: '40mb' });

  const authenticated = (req: Request, _res: Response, next: NextFunction) => {
    if (!/^Bearer\s+\S+$/.test(req.headers.authorization ?? '')) {
      throw new ResendApiError(401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header `Authorization: Bearer YOUR_API_KEY` in the request.');
    }
    next();
  };
  router.use('/emails', json, authenticated);

  const keep = (input: SendEmail): StoredEmail => {
    const email: StoredEmail = {
      id: uuid(),
      from: input.from,
      to: list(input.to),
      cc: list(input.cc),
      bcc: list(input.bcc),
      reply_to: list(input.reply_to),
      subject: input.subject,
      html: input.html,
      text: input.text,
      headers: input.headers ?? {},
      tags: input.tags ?? [],
      scheduled_at: input.scheduled_at,
      created_at: resendDate(new Date()),
      last_event: input.scheduled_at ? 'scheduled' : 'delivered',
    };
    state.emails.push(email);
    return email;
  };

  /**
   * Runs `send` once per idempotency key: a retry with the same body gets the first
   * answer again, a reuse with another body gets Resend's 409.
   */
  const idempotent = (req: Request, res: Response, send: () => { status: number; body: unknown }) => {
    const key = req.headers['idempotency-key'];
    if (key === undefined) {
      const result = send();
      store.changed();
      res.status(result.status).json(result.body);
      return;
    }
    if (typeof key !== 'string' || key.length < 1 || key.length > 256) {
      throw new ResendApiError(400, 'invalid_idempotency_key', 'The idempotency key has to be between 1-256 characters.');
    }
    const fingerprint = createHash('sha256').update(`${req.path}\n${JSON.stringify(req.body)}`).digest('hex');
    const previous = state.emailIdempotency[key];
    if (previous && Date.now() - previous.storedAt < IDEMPOTENCY_TTL_MS) {
      if (previous.fingerprint !== fingerprint) {
        throw new ResendApiError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload. Change your idempotency key or payload.');
      }
      res.status(previous.status).json(previous.body);
      return;
    }
    const result = send();
    state.emailIdempotency[key] = { fingerprint, ...result, storedAt: Date.now() };
    store.changed();
    res.status(result.status).json(result.body);
  };

  router.post('/emails', guard('emails/send'), (req, res) => {
    const parsed = sendEmail.safeParse(req.body);
    if (!parsed.success) throw validationError(parsed.error);
    idempotent(req, res, () => ({ status: 200, body: { id: keep(parsed.data).id } }));
  });

  router.post('/emails/batch', guard('emails/send-batch'), (req, res) => {
    if (!Array.isArray(req.body) || req.body.length < 1 || req.body.length > 100) {
      throw new ResendApiError(422, 'validation_error', 'The batch must be an array of 1 to 100 emails.');
    }
    const permissive = req.headers['x-batch-validation'] === 'permissive';
    const results = (req.body as unknown[]).map((e) => sendEmail.safeParse(e));
    const errors = results.flatMap((r, index) => (r.success ? [] : [{ index, message: validationError(r.error).message }]));
    if (errors.length > 0 && !permissive) {
      throw new ResendApiError(422, 'validation_error', `Email ${errors[0]!.index}: ${errors[0]!.message}`);
    }
    idempotent(req, res, () => ({
      status: 200,
      body: {
        data: results.flatMap((r) => (r.success ? [{ id: keep(r.data).id }] : [])),
        ...(permissive ? { errors } : {}),
      },
    }));
  });

  router.get('/emails', guard('emails/list'), (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 20) || 20, 1), 100);
    const newestFirst = [...state.emails].reverse();
    const after = typeof req.query.after === 'string' ? newestFirst.findIndex((e) => e.id === req.query.after) + 1 : 0;
    const page = newestFirst.slice(after, after + limit);
    res.json({ object: 'list', has_more: after + limit < newestFirst.length, data: page.map(emailJson) });
  });

  router.get('/emails/:id', guard('emails/get'), (req, res) => {
    const email = state.emails.find((e) => e.id === req.params.id);
    if (!email) throw new ResendApiError(404, 'not_found', 'Email not found');
    res.json(emailJson(email));
  });

  router.get('/sandbox/emails', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    const emails = state.emails.filter((e) => !to || addressedTo(e, to)).reverse();
    res.json({ emails: emails.map((e) => ({ ...emailJson(e), headers: e.headers, tags: e.tags, rendered: renderEmail(e) })) });
  });

  router.use('/emails', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof ResendApiError) {
      res.status(error.statusCode).json(error.body());
      return;
    }
    if (error instanceof SyntaxError) {
      res.status(400).json(new ResendApiError(400, 'invalid_json', 'The request body is not valid JSON.').body());
      return;
    }
    next(error);
  });
  return router;
}
