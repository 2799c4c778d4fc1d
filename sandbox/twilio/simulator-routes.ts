import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SandboxStore } from '../state';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from './account';
import { transcriptOf } from './call-events';
import { TwilioApiError } from './errors';
import type { CallResource } from './resources';
import { placeCallInput, type CallSimulator } from './simulator';

/**
 * The caller simulator's own API (`/sandbox/calls`) and the sandbox account's
 * credentials (`/sandbox/twilio/account`).
 */
export function simulatorRoutes(store: SandboxStore, simulator: CallSimulator): Router {
  const router = Router();

  const snapshot = (call: CallResource, since = 0) => {
    const events = store.state.callEvents[call.sid] ?? [];
    const session = simulator.live(call.sid);
    return {
      sid: call.sid,
      state: session?.state ?? 'ended',
      call,
      transcript: transcriptOf(events),
      events: events.slice(since),
      ...(since > 0 ? { since } : {}),
    };
  };

  const findCall = (req: Request<{ sid: string }>) => {
    const call = store.state.calls.find((c) => c.sid === req.params.sid);
    if (!call) throw new TwilioApiError(404, 20404, `No sandbox call ${req.params.sid}`);
    return call;
  };

  router.get('/sandbox/twilio/account', (_req, res) => {
    res.json({ accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN });
  });

  router.post('/sandbox/calls', async (req, res) => {
    const parsed = placeCallInput.safeParse(req.body ?? {});
    if (!parsed.success) throw new TwilioApiError(400, 20001, z.prettifyError(parsed.error));
    const session = simulator.place(parsed.data);
    if (parsed.data.interactive) await session.idle();
    else await session.ended;
    res.status(201).json(snapshot(session.call));
  });

  router.get('/sandbox/calls', (_req, res) => {
    res.json({ calls: [...store.state.calls].reverse() });
  });

  /** `?wait=true` answers once the call waits for the caller or has ended. */
  router.get('/sandbox/calls/:sid', async (req, res) => {
    const call = findCall(req);
    if (req.query.wait === 'true') await simulator.live(call.sid)?.idle();
    res.json(snapshot(call));
  });

  const speech = z.object({ text: z.string() });
  router.post('/sandbox/calls/:sid/speech', async (req, res) => {
    const call = findCall(req);
    const session = simulator.live(call.sid);
    if (!session || session.state !== 'waiting') throw new TwilioApiError(409, 21220, 'The call is not waiting for the caller');
    const parsed = speech.safeParse(req.body ?? {});
    if (!parsed.success) throw new TwilioApiError(400, 20001, z.prettifyError(parsed.error));
    const since = session.events.length;
    session.speak(parsed.data.text);
    await session.idle();
    res.json(snapshot(call, since));
  });

  router.post('/sandbox/calls/:sid/hangup', async (req, res) => {
    const call = findCall(req);
    const session = simulator.live(call.sid);
    const since = session?.events.length ?? 0;
    if (session) {
      session.hangUp();
      await session.ended;
    }
    res.json(snapshot(call, since));
  });

  router.use('/sandbox', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof TwilioApiError) {
      res.status(error.status).json({ error: error.message, code: error.code });
      return;
    }
    next(error);
  });
  return router;
}
