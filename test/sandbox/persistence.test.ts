import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimAreaCode } from '../support/area-codes';
import { startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

const AREA_CODE = claimAreaCode();
let dir: string;
let env: SandboxWithClients;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-sandbox-'));
  env = await startSandboxWithClients({ persistDir: dir });
});

afterAll(async () => {
  await env.sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sandbox persistence', () => {
  it('remembers numbers, messages and emails across a restart', async () => {
    const number = await env.twilio.incomingPhoneNumbers.create({ areaCode: AREA_CODE, voiceUrl: 'https://kestrel.example/voice' });
    const message = await env.twilio.messages.create({ from: number.phoneNumber, to: '+16175550123', body: 'kept' });
    const email = await env.resend.emails.send({ from: 'a@kestrel.local', to: 'x@example.com', subject: 'kept', text: 'kept' }, { idempotencyKey: 'kept-1' });
    await env.sandbox.close();

    env = await startSandboxWithClients({ persistDir: dir });
    expect((await env.twilio.incomingPhoneNumbers(number.sid).fetch()).voiceUrl).toBe('https://kestrel.example/voice');
    expect((await env.twilio.messages(message.sid).fetch()).body).toBe('kept');
    expect((await env.resend.emails.get(email.data!.id)).data).toMatchObject({ subject: 'kept' });
    const retried = await env.resend.emails.send({ from: 'a@kestrel.local', to: 'x@example.com', subject: 'kept', text: 'kept' }, { idempotencyKey: 'kept-1' });
    expect(retried.data!.id).toBe(email.data!.id);
    const offered = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(AREA_CODE) });
    expect(offered.map((n) => n.phoneNumber)).not.toContain(number.phoneNumber);
  });
});
