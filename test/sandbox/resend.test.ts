import { expectResponsesMatchSpecs } from './support/provider-specs';
import { sandboxCall, startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

interface MailboxEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  rendered: string;
}

let env: SandboxWithClients;

beforeAll(async () => {
  env = await startSandboxWithClients();
});

afterAll(async () => {
  await env.sandbox.close();
});

const mailbox = async (to: string) => (await sandboxCall<{ emails: MailboxEmail[] }>(env.sandbox, 'GET', `/sandbox/emails?to=${encodeURIComponent(to)}`)).body.emails;

describe('Resend emails through the resend SDK', () => {
  it('sends an email once however often it is retried with the same idempotency key', async () => {
    const email = {
      from: 'Kestrel <hello@kestrel.local>',
      to: 'owner@acme-heating.example',
      subject: 'Your trial ends in 3 days',
      html: '<p>Hi Dana,</p><p>Your <strong>Kestrel</strong> trial ends on Friday.</p>',
    };
    const first = await env.resend.emails.send(email, { idempotencyKey: 'trial-reminder/tenant-1' });
    const retry = await env.resend.emails.send(email, { idempotencyKey: 'trial-reminder/tenant-1' });

    expect(first.error).toBeNull();
    expect(retry.error).toBeNull();
    expect(retry.data!.id).toBe(first.data!.id);

    const received = await mailbox('owner@acme-heating.example');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ id: first.data!.id, subject: 'Your trial ends in 3 days', to: ['owner@acme-heating.example'] });
    expect(received[0]!.rendered).toContain('Subject: Your trial ends in 3 days');
    expect(received[0]!.rendered).toContain('Hi Dana,\nYour Kestrel trial ends on Friday.');

    const fetched = await env.resend.emails.get(first.data!.id);
    expect(fetched.data).toMatchObject({ object: 'email', id: first.data!.id, from: 'Kestrel <hello@kestrel.local>', last_event: 'delivered' });
  });

  it('refuses the same idempotency key with another body, as Resend does', async () => {
    await env.resend.emails.send({ from: 'a@kestrel.local', to: 'x@example.com', subject: 'One', text: 'one' }, { idempotencyKey: 'reused-key' });
    const reused = await env.resend.emails.send({ from: 'a@kestrel.local', to: 'x@example.com', subject: 'Two', text: 'two' }, { idempotencyKey: 'reused-key' });

    expect(reused.data).toBeNull();
    expect(reused.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    expect((await mailbox('x@example.com')).map((e) => e.subject)).toEqual(['One']);
  });

  it('sends a batch and shows each message in its recipient’s mailbox', async () => {
    const batch = await env.resend.batch.send([
      { from: 'a@kestrel.local', to: 'first@example.com', subject: 'Usage at 80%', text: 'You have used 400 of 500 calls.' },
      { from: 'a@kestrel.local', to: ['second@example.com'], cc: 'ops@example.com', subject: 'Over the limit', html: '<p>Over</p>' },
    ]);
    expect(batch.error).toBeNull();
    expect(batch.data!.data).toHaveLength(2);
    expect((await mailbox('first@example.com'))[0]!.rendered).toContain('You have used 400 of 500 calls.');
    expect((await mailbox('ops@example.com')).map((e) => e.subject)).toEqual(['Over the limit']);
  });

  it('answers a send without a subject with a validation error', async () => {
    const bad = await env.resend.emails.send({ from: 'a@kestrel.local', to: 'x@example.com', text: 'no subject' } as never);
    expect(bad.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
  });

  it("served only responses that match Resend's OpenAPI document", () => {
    const results = expectResponsesMatchSpecs(env.sandbox.recordedResponses());
    expect(new Set(results.map((r) => r.operation))).toEqual(new Set(['POST /emails', 'GET /emails/{email_id}', 'POST /emails/batch']));
  });
});
