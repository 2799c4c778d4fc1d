import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';

export const providers = ['twilio', 'openai', 'resend', 'stripe'] as const;
export type Provider = (typeof providers)[number];

const faultInput = z
  .object({
    provider: z.enum(providers),
    /** The operationId of the provider's OpenAPI document, e.g. `CreateMessage`, `createChatCompletion`, `emails/send`, `PostInvoicesInvoicePay`. */
    operation: z.string().min(1).optional(),
    count: z.number().int().min(1).default(1),
    status: z.number().int().min(400).max(599).optional(),
    hangMs: z.number().int().min(1).max(600_000).optional(),
    drop: z.literal(true).optional(),
    /** The request is carried out, then the connection closes before the answer: the client cannot tell whether it happened. */
    dropAnswer: z.literal(true).optional(),
    message: z.string().optional(),
  })
  .refine((f) => [f.status !== undefined, f.hangMs !== undefined, f.drop === true, f.dropAnswer === true].filter(Boolean).length === 1, {
    message: 'give exactly one of status, hangMs, drop or dropAnswer',
  });

export type FaultInput = z.input<typeof faultInput>;
export type Fault = z.output<typeof faultInput> & { id: number; remaining: number };

/** Provider-shaped error bodies, so SDKs raise the same error types they would in production. */
export type ErrorBody = (status: number, message: string) => unknown;

/**
 * Faults armed for the next N requests of a provider or of one of its operations.
 * A fault is used up when a matching request arrives, whatever it then does.
 */
export class Faults {
  private rules: Fault[] = [];
  private nextId = 1;
  private readonly hanging = new Set<NodeJS.Timeout>();

  add(input: FaultInput): Fault {
    const parsed = faultInput.parse(input);
    const fault: Fault = { ...parsed, id: this.nextId++, remaining: parsed.count };
    this.rules.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Takes one use of the first fault matching the request, most specific first. */
  take(provider: Provider, operation: string): Fault | undefined {
    const match =
      this.rules.find((r) => r.provider === provider && r.operation === operation) ??
      this.rules.find((r) => r.provider === provider && r.operation === undefined);
    if (!match) return undefined;
    match.remaining -= 1;
    if (match.remaining <= 0) this.rules = this.rules.filter((r) => r !== match);
    return match;
  }

  /** Middleware for one operation: applies the next armed fault, if any, before the handler. */
  guard(provider: Provider, operation: string, errorBody: ErrorBody): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const fault = this.take(provider, operation);
      if (!fault) return next();
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.dropAnswer) {
        // Whatever the handler answers is lost on the way: it has done its work all the same.
        res.end = (() => {
          req.socket.destroy();
          return res;
        }) as Response['end'];
        return next();
      }
      if (fault.status !== undefined) {
        const status = fault.status;
        res.status(status).json(errorBody(status, fault.message ?? `Sandbox fault: ${operation} failed with ${status}`));
        return;
      }
      const timer = setTimeout(() => {
        this.hanging.delete(timer);
        if (!res.destroyed) next();
      }, fault.hangMs);
      this.hanging.add(timer);
    };
  }

  /** Stops pending hangs so the server can close. */
  stop(): void {
    for (const timer of this.hanging) clearTimeout(timer);
    this.hanging.clear();
  }
}

export function faultsRouter(faults: Faults): Router {
  const router = Router();
  router.post('/sandbox/faults', (req, res) => {
    const parsed = faultInput.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: z.prettifyError(parsed.error) });
      return;
    }
    res.status(201).json(faults.add(parsed.data));
  });
  router.get('/sandbox/faults', (_req, res) => {
    res.json({ faults: faults.list() });
  });
  router.delete('/sandbox/faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  return router;
}
