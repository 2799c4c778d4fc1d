import { APIConnectionError, RateLimitError } from 'openai';
import { claimAreaCode } from '../support/area-codes';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { sandboxCall, startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

const AREA_CODE = claimAreaCode();
let env: SandboxWithClients;
let sender: string;

beforeAll(async () => {
  env = await startSandboxWithClients();
  sender = (await env.twilio.incomingPhoneNumbers.create({ areaCode: AREA_CODE })).phoneNumber;
});

afterAll(async () => {
  await env.sandbox.close();
});

const arm = (fault: Record<string, unknown>) => sandboxCall<{ id: number; remaining: number }>(env.sandbox, 'POST', '/sandbox/faults', fault);

describe('injected faults', () => {
  it('fails the next N requests of one operation with the given status, then recovers', async () => {
    expect((await arm({ provider: 'twilio', operation: 'CreateMessage', count: 2, status: 503 })).status).toBe(201);
    const send = () => env.twilio.messages.create({ from: sender, to: '+16175550123', body: 'hello' });

    await expect(send()).rejects.toMatchObject({ status: 503, code: 20500 });
    // Another operation of the same provider is not affected.
    await expect(env.twilio.incomingPhoneNumbers.list()).resolves.toHaveLength(1);
    await expect(send()).rejects.toMatchObject({ status: 503 });
    await expect(send()).resolves.toMatchObject({ status: 'queued' });
  });

  it('gives OpenAI rate limits the SDK retries through, or surfaces when retries are off', async () => {
    await arm({ provider: 'openai', status: 429, count: 1 });
    const noRetries = env.openai.withOptions({ maxRetries: 0 });
    await expect(noRetries.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(RateLimitError);

    await arm({ provider: 'openai', status: 429, count: 1 });
    const retried = await env.openai.withOptions({ maxRetries: 2 }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(retried.choices[0]!.message.content).toBeTruthy();
    expect((await sandboxCall<{ faults: unknown[] }>(env.sandbox, 'GET', '/sandbox/faults')).body.faults).toEqual([]);
  });

  it('hangs a request for longer than the client waits', async () => {
    await arm({ provider: 'openai', operation: 'createChatCompletion', hangMs: 5_000 });
    const impatient = env.openai.withOptions({ maxRetries: 0, timeout: 200 });
    // APIConnectionTimeoutError in plain Node; jest's separate globals hide the abort's type, hence the base class.
    await expect(impatient.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(
      APIConnectionError,
    );
    await expect(impatient.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).resolves.toBeDefined();
  });

  it('drops the connection', async () => {
    await arm({ provider: 'resend', operation: 'emails/send', drop: true });
    const dropped = await env.resend.emails.send({ from: 'a@kestrel.local', to: 'x@example.com', subject: 's', text: 't' });
    expect(dropped.data).toBeNull();
    expect(dropped.error).toMatchObject({ name: 'application_error', statusCode: null });
    const next = await env.resend.emails.send({ from: 'a@kestrel.local', to: 'x@example.com', subject: 's', text: 't' });
    expect(next.error).toBeNull();
  });

  it('refuses a fault that says neither how to fail nor which provider', async () => {
    expect((await arm({ provider: 'twilio' })).status).toBe(400);
    expect((await arm({ provider: 'fax', status: 500 })).status).toBe(400);
  });

  it('lists and clears armed faults', async () => {
    await arm({ provider: 'resend', status: 500, count: 3 });
    expect((await sandboxCall<{ faults: Array<{ remaining: number }> }>(env.sandbox, 'GET', '/sandbox/faults')).body.faults).toEqual([
      expect.objectContaining({ provider: 'resend', status: 500, remaining: 3 }),
    ]);
    expect((await sandboxCall(env.sandbox, 'DELETE', '/sandbox/faults')).status).toBe(204);
    expect((await sandboxCall<{ faults: unknown[] }>(env.sandbox, 'GET', '/sandbox/faults')).body.faults).toEqual([]);
  });

  it("answers faults in each provider's error shape", () => {
    expectResponsesMatchSpecs(env.sandbox.recordedResponses());
  });
});
