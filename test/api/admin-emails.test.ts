import { randomUUID } from 'node:crypto';
import { acceptInvitation, caller, json, linkToken, mailbox, mailTo, signIn, signUpOwner, type Call, type Mail, type Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_TOKEN } from '../support/operator';
import { eventually, signup, startTestPlatform, type Platform } from '../support/platform';

/**
 * The operators' e-mail log beyond listing: an e-mail previewed as it was sent (the
 * provider's copy, a single-use link without its token), and sent again through the same
 * workflow as a new e-mail naming the first. An e-mail whose single-use link still works
 * goes again with that same link; once the link is used it is refused with a problem that
 * says how to get a fresh one. Texts are not sent again; support needs a write session.
 */
describe('admin e-mails: preview and re-send', () => {
  /** The owner's phone is in it: codes texted to a number are counted across the run. */
  const areaCode = claimAreaCode();
  let platform: Platform;
  let api: Call;
  let owner: Owner;

  interface EmailRow {
    id: string;
    tenant_id: string | null;
    template: string;
    recipient: string;
    status: string;
    resend_of: string | null;
    channel: string;
  }

  const admin = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => api(path, { token: OPERATOR_TOKEN, ...init });
  const resend = (id: string, token = OPERATOR_TOKEN) => api(`/api/admin/emails/${id}/resend`, { method: 'POST', body: {}, token });
  const preview = (id: string, token = OPERATOR_TOKEN) => api(`/api/admin/emails/${id}/preview`, { token });

  /** The e-mails of a template to an address, newest first, once `count` of them are sent. */
  async function emailsTo(recipient: string, template: string, count = 1): Promise<EmailRow[]> {
    return eventually(
      async () => {
        const filter = JSON.stringify({ template, q: recipient });
        const rows = await json<EmailRow[]>(await admin(`/api/admin/emails?${new URLSearchParams({ filter })}`), 200);
        return rows.length >= count && rows.every((r) => r.status === 'sent') && rows;
      },
      30_000,
      `${count} ${template} e-mail(s) to ${recipient}, sent`,
    );
  }

  /** Waits for the `count`th mail to an address whose subject matches. */
  async function mails(address: string, subject: RegExp, count: number): Promise<Mail[]> {
    return eventually(
      async () => {
        const found = (await mailbox(platform, address)).filter((m) => subject.test(m.subject));
        return found.length >= count && found;
      },
      30_000,
      `${count} mail(s) "${subject.source}" to ${address}`,
    );
  }

  async function problem(res: Response, status: number, type?: string): Promise<Record<string, unknown>> {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await json<Record<string, unknown>>(res, status);
    if (type) expect(body.type).toBe(type);
    return body;
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true });
    api = caller(platform.api.url);
    owner = await signUpOwner(platform, { owner_phone: `(${areaCode}) 555-0142` });
  }, 90_000);
  afterAll(() => platform?.close());

  it("previews an invitation as sent, its link without the token; the re-sent copy carries the same working link, and once it is used the e-mail is refused", async () => {
    const invitee = `ivy.${randomUUID().slice(0, 8)}@example.com`;
    await json(await admin(`/api/admin/tenants/${owner.tenantId}/users`, { body: { email: invitee, name: 'Ivy Invited', role: 'member' } }), 201);
    const [invitation] = await emailsTo(invitee, 'user_invite');
    const [sent] = await mails(invitee, /invited/i, 1);
    const token = linkToken(sent!, 'set-password');

    const shown = await json<{ subject: string; to: string[]; html: string; text: string }>(await preview(invitation!.id), 200);
    expect(shown.subject).toBe(sent!.subject);
    expect(shown.to).toEqual([invitee]);
    expect(shown.html).toContain('/admin/set-password#token=…');
    expect(shown.text).toContain('/admin/set-password#token=…');
    expect(`${shown.html}${shown.text}`).not.toContain(token);
    // Everything else is the message as sent.
    expect(shown.text).toBe(sent!.text.replace(token, '…'));

    // Sent again while the link still works: the same link, in a new e-mail that names the first.
    expect(await json(await resend(invitation!.id), 202)).toMatchObject({ id: invitation!.id, workflow_id: expect.stringMatching(/^email-/) });
    const copies = await mails(invitee, /invited/i, 2);
    expect(linkToken(copies[0]!, 'set-password')).toBe(token);
    const [again] = (await emailsTo(invitee, 'user_invite', 2)).filter((r) => r.id !== invitation!.id);
    expect(again).toMatchObject({ resend_of: invitation!.id, recipient: invitee, tenant_id: owner.tenantId, status: 'sent' });
    const original = await json<{ resends: Array<{ id: string }> }>(await admin(`/api/admin/emails/${invitation!.id}`), 200);
    expect(original.resends.map((r) => r.id)).toEqual([again!.id]);

    // The invitee uses the link: the e-mail is not sent again, and the problem says how to get a fresh link.
    await acceptInvitation(platform, token, 'ivy chose her password');
    const refused = await problem(await resend(invitation!.id), 409, '/docs#email-link-gone');
    expect(refused).toMatchObject({ link_state: 'used', detail: expect.stringMatching(/has been used already.*new invitation/) });
    // Nor is the copy that was sent again.
    expect((await problem(await resend(again!.id), 409, '/docs#email-link-gone')).link_state).toBe('used');
    expect((await mailbox(platform, invitee)).filter((m) => /invited/i.test(m.subject))).toHaveLength(2);
  });

  it('sends a welcome again with its still-unused link, which then works; once used, refuses it', async () => {
    const body = signup();
    const signedUp = await api('/api/onboarding', { body });
    // 202: still being registered; its e-mail is waited for below either way.
    await json(signedUp, signedUp.status === 202 ? 202 : 201);
    const address = body.owner_email as string;
    const [welcome] = await emailsTo(address, 'welcome');
    await json(await resend(welcome!.id), 202);
    const [newest, first] = await mails(address, /^Welcome to Kestrel/, 2);
    expect(linkToken(newest!, 'set-password')).toBe(linkToken(first!, 'set-password'));
    await acceptInvitation(platform, linkToken(newest!, 'set-password'), 'a password of my own');
    expect((await problem(await resend(welcome!.id), 409, '/docs#email-link-gone')).link_state).toBe('used');
  });

  it('refuses a used password-reset e-mail, pointing to "Forgot your password?"', async () => {
    await json(await api('/api/auth/password-reset', { body: { email: owner.email } }), 202);
    const [reset] = await emailsTo(owner.email, 'password_reset');
    const mail = await mailTo(platform, owner.email, /^Reset your Kestrel password/);
    owner.password = 'owner reset this password';
    await json(await api('/api/auth/password-reset/confirm', { body: { token: linkToken(mail, 'reset-password'), password: owner.password } }), 200);
    const refused = await problem(await resend(reset!.id), 409, '/docs#email-link-gone');
    expect(refused.detail).toMatch(/Forgot your password\?/);
  });

  it("sends the operators' sign-up e-mail again, as a new e-mail of the platform's own", async () => {
    const operators = platform.config.OPERATOR_EMAIL;
    const company = owner.signup.company_name as string;
    const subject = new RegExp(`^New tenant signup: ${company}$`);
    const [signupMail] = await eventually(
      async () => {
        const rows = await json<EmailRow[]>(await admin(`/api/admin/emails?${new URLSearchParams({ filter: JSON.stringify({ template: 'tenant_signup', q: company }) })}`), 200);
        return rows.length > 0 && rows[0]!.status === 'sent' && rows;
      },
      30_000,
      'the sign-up e-mail to the operators',
    );
    expect(signupMail).toMatchObject({ tenant_id: null, recipient: operators });
    await json(await resend(signupMail!.id), 202);
    const copies = await mails(operators, subject, 2);
    expect(copies[0]!.html).toBe(copies[1]!.html);
    const shown = await eventually(
      async () => {
        const row = await json<{ resends: Array<{ id: string; status: string }> }>(await admin(`/api/admin/emails/${signupMail!.id}`), 200);
        return row.resends[0]?.status === 'sent' && row;
      },
      30_000,
      'the re-send, sent',
    );
    expect(await json(await admin(`/api/admin/emails/${shown.resends[0]!.id}`), 200)).toMatchObject({ tenant_id: null, resend_of: signupMail!.id, template: 'tenant_signup' });
    const audit = await json<Array<{ target_id: string; target_type: string; actor_id: string; details: Record<string, unknown> }>>(
      await admin(`/api/admin/audit-log?${new URLSearchParams({ filter: JSON.stringify({ action: 'email.resent' }) })}`),
      200,
    );
    expect(audit.find((entry) => entry.target_id === signupMail!.id)).toMatchObject({ target_type: 'email', details: { template: 'tenant_signup' } });
  });

  it('neither previews nor sends again a text message', async () => {
    const session = await signIn(api, owner.email, owner.password);
    await json(await api('/api/auth/otp/send', { token: session.access_token, body: { purpose: 'verify_phone', channel: 'sms' } }), 202);
    const [text] = await eventually(
      async () => {
        const rows = await json<EmailRow[]>(await admin(`/api/admin/emails?${new URLSearchParams({ filter: JSON.stringify({ template: 'otp_verify_phone', tenant_id: owner.tenantId }) })}`), 200);
        return rows.length > 0 && rows;
      },
      10_000,
      'the texted code in the log',
    );
    expect(text!.channel).toBe('sms');
    await problem(await resend(text!.id), 409, '/docs#email-not-resendable');
    await problem(await preview(text!.id), 409, '/docs#email-not-sent');
  });

  it('answers unknown and malformed ids with problems, and lets support preview but not send again', async () => {
    await problem(await resend(randomUUID()), 404);
    await problem(await preview(randomUUID()), 404);
    // A path that names no e-mail is not found, as on every admin route.
    await problem(await resend('not-an-id'), 404);
    await problem(await preview('not-an-id'), 404);

    const email = `sam.${randomUUID().slice(0, 8)}@kestrel.test`;
    await json(await admin('/api/admin/operators', { body: { email, name: 'Sam Support', role: 'support', password: 'sam support password' } }), 201);
    const support = (await signIn(api, email, 'sam support password')).access_token as string;
    const [welcome] = await emailsTo(owner.email, 'welcome');
    expect((await preview(welcome!.id, support)).status).toBe(200);
    expect(await problem(await resend(welcome!.id, support), 403)).toMatchObject({ required_permission: 'tenants:write' });
    // Signed out: 401, as every admin route.
    await problem(await api(`/api/admin/emails/${welcome!.id}/resend`, { method: 'POST', body: {} }), 401);
  });
});
