import { startApi } from '../support/api';
import { claimAreaCode } from '../support/area-codes';
import { caller, json, linkToken, mailTo, mailbox, type Call, type Mail } from '../support/accounts';
import { OPERATOR_TOKEN, signup, startTestPlatform, type Platform } from '../support/platform';

const PROBLEM = /^application\/problem\+json/;

interface Operator {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

/**
 * Super_admins manage Kestrel's operators, and operators get in by e-mail: an invitation
 * whose link sets the first password and signs in (once, for 7 days; sending it again
 * kills the old link), a role changed either way, an account disabled (every session
 * ended at once) and enabled, and a forgotten password reset by e-mail. Nobody demotes or
 * disables themselves. Every change is in the audit log.
 *
 * The run's seeded operator is shared by every suite: it only creates this suite's own
 * super_admin ("boss"), who does everything else, to operators this suite made.
 */
describe('managing operators', () => {
  let platform: Platform;
  let api: Call;
  let boss: Operator;
  const areaCode = claimAreaCode();
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const address = (who: string) => `${who}.${run}@kestrel.test`;

  const me = (token: string) => api('/api/auth/me', { token });
  const change = (id: string, body: unknown, token = boss.token) => api(`/api/admin/operators/${id}`, { method: 'PATCH', body, token });
  const resendInvitation = (id: string, token = boss.token) => api(`/api/admin/operators/${id}/invitation`, { body: {}, token });
  const acceptInvite = (token: string, password: string) => api('/api/auth/accept-invite', { body: { token, password } });
  const confirmReset = (token: string, password: string, call: Call = api) => call('/api/auth/password-reset/confirm', { body: { token, password } });
  const login = (email: string, password: string) => api('/api/auth/login', { body: { email, password } });
  const refused = async (res: Response, status: number, type?: string) => {
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    const problem = await json(res, status);
    if (type) expect(problem.type).toBe(type);
    return problem;
  };
  const signIn = async (email: string, password: string): Promise<{ token: string; refreshToken: string; id: string }> => {
    const session = await json(await login(email, password), 200);
    return { token: session.access_token, refreshToken: session.refresh_token, id: session.user.id };
  };
  /** An operator with a first password, added by `by` (a super_admin), and signed in. */
  const addOperator = async (who: string, role: 'super_admin' | 'support', by = boss.token): Promise<Operator> => {
    const email = address(who);
    const password = `${who} first password`;
    const created = await json(await api('/api/admin/operators', { token: by, body: { email, name: `${who[0]!.toUpperCase()}${who.slice(1)} Operator`, role, password } }), 201);
    expect(created).toMatchObject({ email, role, status: 'active' });
    const { token, refreshToken } = await signIn(email, password);
    return { id: created.id, email, password, token, refreshToken };
  };
  const listed = async (id: string) => ((await json(await api('/api/admin/operators', { token: boss.token }), 200)) as any[]).find((o) => o.id === id);
  /** The audit lines of `action`s about one operator, newest first. */
  const auditOf = async (targetId: string, actions: string[]) => {
    const query = new URLSearchParams({ filter: JSON.stringify({ action: actions }), range: JSON.stringify([0, 499]) });
    return ((await json(await api(`/api/admin/audit-log?${query}`, { token: boss.token }), 200)) as any[]).filter((e) => e.target_id === targetId);
  };
  const invitationTo = async (email: string, seen: Mail[] = []) => linkToken(await mailTo(platform, email, /^You're invited to Kestrel's operator console/, seen), 'set-password');

  beforeAll(async () => {
    // A generous per-account reset limit here: this suite asks for several links; the limit has its own check below.
    platform = await startTestPlatform({ env: { RATE_LIMIT_PASSWORD_RESET_ACCOUNT: '100/1h' } });
    api = caller(platform.api.url);
    boss = await addOperator('boss', 'super_admin', OPERATOR_TOKEN);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('invites an operator by e-mail: the link sets the password and signs in to the console, once', async () => {
    const email = address('ivy');
    const invited = await json(await api('/api/admin/operators', { token: boss.token, body: { email, name: 'Ivy Invited', role: 'support' } }), 201);
    expect(invited).toMatchObject({ email, role: 'support', status: 'invited', invited_at: expect.any(String), invite_expires_at: expect.any(String) });
    const daysValid = (Date.parse(invited.invite_expires_at) - Date.parse(invited.invited_at)) / 86_400_000;
    expect(daysValid).toBeCloseTo(7, 2);
    // No password yet: a sign-in is refused like any wrong password.
    await refused(await login(email, 'anything at all, long enough'), 401, '/docs#invalid-credentials');

    const mail = await mailTo(platform, email, /^You're invited to Kestrel's operator console/);
    const token = linkToken(mail, 'set-password');
    expect(token.startsWith(`inv_${invited.id.replace(/-/g, '')}.`)).toBe(true);
    expect(mail.text).toContain('Boss Operator has invited you');
    expect(mail.text).toContain('as support');
    expect(mail.html).toContain(`href="https://kestrel.test/admin/set-password#token=${token}"`);

    const session = await json(await acceptInvite(token, 'ivy chose this password'), 200);
    expect(session.user).toMatchObject({ kind: 'operator', id: invited.id, email, role: 'support' });
    expect((await me(session.access_token)).status).toBe(200);
    expect(await listed(invited.id)).toMatchObject({ status: 'active', invite_expires_at: null });
    await signIn(email, 'ivy chose this password');

    // Once only.
    await refused(await acceptInvite(token, 'another password, long enough'), 410, '/docs#token-used');
    await signIn(email, 'ivy chose this password');

    const audit = await auditOf(invited.id, ['operator.invited', 'operator.invite_accepted']);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'operator.invite_accepted', action_label: 'Operator invitation accepted', actor_type: 'operator', actor_id: invited.id }),
      expect.objectContaining({ action: 'operator.invited', action_label: 'Operator invited', actor_type: 'operator', actor_id: boss.id, details: { email, role: 'support' } }),
    ]);
  });

  it('sends an invitation again with a fresh link: the old one stops working; an operator with a password has none to send', async () => {
    const email = address('rex');
    const invited = await json(await api('/api/admin/operators', { token: boss.token, body: { email, name: 'Rex Resent', role: 'super_admin' } }), 201);
    const first = await invitationTo(email);

    const seen = await mailbox(platform, email);
    const renewed = await json(await resendInvitation(invited.id), 200);
    expect(renewed).toMatchObject({ id: invited.id, status: 'invited' });
    expect(Date.parse(renewed.invite_expires_at)).toBeGreaterThan(Date.parse(invited.invite_expires_at));
    const second = await invitationTo(email, seen);
    expect(second).not.toBe(first);

    await refused(await acceptInvite(first, 'rex chose this password'), 410, '/docs#token-used');
    expect((await json(await acceptInvite(second, 'rex chose this password'), 200)).user).toMatchObject({ kind: 'operator', role: 'super_admin' });

    await refused(await resendInvitation(invited.id), 409, '/docs#operator-not-invited');
    await refused(await resendInvitation('00000000-0000-4000-8000-00000000beef'), 404);
    expect(await auditOf(invited.id, ['operator.invitation_renewed'])).toEqual([
      expect.objectContaining({ action_label: 'Operator invitation sent again', actor_type: 'operator', actor_id: boss.id }),
    ]);
  });

  it('refuses a wrong or cross-purpose link with its own problem, and changes nothing', async () => {
    await refused(await acceptInvite('inv_not-a-token', 'a good long password'), 400, '/docs#token-invalid');
    await refused(await acceptInvite(`inv_${'0'.repeat(32)}.zzzzzz.${'A'.repeat(43)}`, 'a good long password'), 400, '/docs#token-invalid');
    // An invitation's token is no reset link.
    const email = address('cass');
    await json(await api('/api/admin/operators', { token: boss.token, body: { email, name: 'Cass Crossed', role: 'support' } }), 201);
    const invitation = await invitationTo(email);
    await refused(await confirmReset(invitation, 'a good long password'), 400, '/docs#token-invalid');
    // A short password is a field error, and spends nothing.
    expect(await refused(await acceptInvite(invitation, 'short'), 422)).toMatchObject({ errors: { password: expect.any(String) } });
    await json(await acceptInvite(invitation, 'cass chose this password'), 200);
  });

  it('answers a bad change field by field, and an unknown operator with 404', async () => {
    expect((await refused(await change(boss.id, {}), 422)).errors).toEqual({ role: 'give a role, or disabled (true or false)' });
    expect((await refused(await change(boss.id, { role: 'boss', disabled: 'yes' }), 422)).errors).toEqual({
      role: 'expected one of super_admin, support',
      disabled: 'expected true or false',
    });
    await refused(await change('00000000-0000-4000-8000-00000000abcd', { role: 'support' }), 404);
  });

  it('changes a role either way, from the next request of the session they have; support may not manage operators', async () => {
    const helper = await addOperator('hana', 'support');
    await refused(await api('/api/admin/operators', { token: helper.token }), 403);
    await refused(await change(boss.id, { role: 'support' }, helper.token), 403);

    expect(await json(await change(helper.id, { role: 'super_admin' }), 200)).toMatchObject({ id: helper.id, role: 'super_admin', status: 'active' });
    expect((await api('/api/admin/operators', { token: helper.token })).status).toBe(200);
    expect(await json(await change(helper.id, { role: 'support' }), 200)).toMatchObject({ role: 'support' });
    await refused(await api('/api/admin/operators', { token: helper.token }), 403);

    expect(await auditOf(helper.id, ['operator.role_changed'])).toEqual([
      expect.objectContaining({ actor_id: boss.id, action_label: 'Operator role changed', details: expect.objectContaining({ before: { role: 'super_admin' }, after: { role: 'support' } }) }),
      expect.objectContaining({ actor_id: boss.id, details: expect.objectContaining({ before: { role: 'support' }, after: { role: 'super_admin' } }) }),
    ]);
  });

  it('refuses a super_admin demoting or disabling themselves, with another super_admin there', async () => {
    for (const body of [{ role: 'support' }, { disabled: true }]) {
      const problem = await refused(await change(boss.id, body), 409, '/docs#operator-yourself');
      expect(problem.detail).toBe('You cannot change your own role or disable yourself; another super admin can.');
    }
    expect(await listed(boss.id)).toMatchObject({ role: 'super_admin', status: 'active' });
    expect((await me(boss.token)).status).toBe(200);
  });

  it('disables an operator: every session and their support session end at once, and their sign-in is refused; enabling lets them in again', async () => {
    const second = await addOperator('sam', 'super_admin');
    const elsewhere = await signIn(second.email, second.password);
    const onboarding = await platform.post('/api/onboarding', signup({ owner_phone: `(${areaCode}) 555-0142` }));
    const tenant = await json(onboarding, onboarding.status === 202 ? 202 : 201);
    const support = await json(await api(`/api/admin/tenants/${tenant.tenant.id}/support-sessions`, { token: second.token, body: { reason: 'the owner asked for help' } }), 201);
    expect((await me(second.token)).status).toBe(200);

    expect(await json(await change(second.id, { disabled: true }), 200)).toMatchObject({ id: second.id, role: 'super_admin', status: 'disabled', disabled_at: expect.any(String) });

    for (const session of [second, elsewhere]) {
      expect((await me(session.token)).status).toBe(401);
      expect((await api('/api/admin/operators', { token: session.token })).status).toBe(401);
      expect((await api('/api/auth/refresh', { body: { refresh_token: session.refreshToken } })).status).toBe(401);
    }
    const ended = ((await json(await api('/api/admin/support-sessions', { token: boss.token }), 200)) as any[]).find((s) => s.id === support.id);
    expect(ended).toMatchObject({ ended_at: expect.any(String) });
    await refused(await login(second.email, second.password), 401, '/docs#invalid-credentials');

    expect(await json(await change(second.id, { disabled: false }), 200)).toMatchObject({ status: 'active', disabled_at: null });
    expect((await me((await signIn(second.email, second.password)).token)).status).toBe(200);

    expect(await auditOf(second.id, ['operator.disabled', 'operator.enabled'])).toEqual([
      expect.objectContaining({ action: 'operator.enabled', action_label: 'Operator enabled', actor_id: boss.id }),
      expect.objectContaining({
        action: 'operator.disabled',
        action_label: 'Operator disabled',
        actor_id: boss.id,
        details: expect.objectContaining({ sessions_ended: 2, support_sessions_ended: 1 }),
      }),
    ]);
  });

  it("resets an operator's forgotten password by e-mail: the link works once, ends every other session, and the old password stops working", async () => {
    const forgetful = await addOperator('fern', 'support');
    const elsewhere = await signIn(forgetful.email, forgetful.password);
    const unknown = address('nobody');

    const answers = await Promise.all([forgetful.email, unknown].map((email) => api('/api/auth/password-reset', { body: { email } })));
    for (const res of answers) expect({ status: res.status, body: await res.json() }).toEqual({ status: 202, body: { status: 'accepted' } });

    const mail = await mailTo(platform, forgetful.email, /^Reset your Kestrel operator password/);
    const token = linkToken(mail, 'reset-password');
    expect(token.startsWith(`pwr_${forgetful.id.replace(/-/g, '')}.`)).toBe(true);
    expect(mail.text).toMatch(/The link works once, until .* UTC/);
    expect(await mailbox(platform, unknown)).toEqual([]);

    const reset = await json(await confirmReset(token, 'fern remembers this one'), 200);
    expect(reset.user).toMatchObject({ kind: 'operator', id: forgetful.id, role: 'support' });
    expect((await me(reset.access_token)).status).toBe(200);
    for (const session of [forgetful, elsewhere]) expect((await me(session.token)).status).toBe(401);
    await refused(await login(forgetful.email, forgetful.password), 401, '/docs#invalid-credentials');
    await signIn(forgetful.email, 'fern remembers this one');
    await refused(await confirmReset(token, 'yet another new password'), 410, '/docs#token-used');

    const audit = await auditOf(forgetful.id, ['operator.password_reset_requested', 'operator.password_reset']);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'operator.password_reset', action_label: 'Operator password reset', actor_type: 'operator', actor_id: forgetful.id }),
      expect.objectContaining({ action: 'operator.password_reset_requested', actor_type: 'system' }),
    ]);
  });

  it('sends an invited operator who asks for a reset a fresh set-password link instead', async () => {
    const email = address('ian');
    await json(await api('/api/admin/operators', { token: boss.token, body: { email, name: 'Ian Late', role: 'support' } }), 201);
    const first = await invitationTo(email);
    await json(await api('/api/auth/password-reset', { body: { email } }), 202);
    const fresh = linkToken(await mailTo(platform, email, /^Choose your password for Kestrel's operator console/), 'set-password');
    await refused(await acceptInvite(first, 'ian chose this password'), 410, '/docs#token-used');
    expect((await json(await acceptInvite(fresh, 'ian chose this password'), 200)).user).toMatchObject({ kind: 'operator', email });
  });

  it('refuses an expired reset link, and limits the links an operator gets', async () => {
    const operator = await addOperator('lena', 'support');
    const limited = await startApi({ env: { ...platform.env, PASSWORD_RESET_TTL: '1s', RATE_LIMIT_PASSWORD_RESET_ACCOUNT: '1/1h' } });
    try {
      const call = caller(limited.url);
      const seen = await mailbox(platform, operator.email);
      await json(await call('/api/auth/password-reset', { body: { email: operator.email } }), 202);
      const expiring = linkToken(await mailTo(platform, operator.email, /^Reset your Kestrel operator password/, seen), 'reset-password');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await refused(await confirmReset(expiring, 'a good long password', call), 410, '/docs#token-expired');

      // Past the per-account limit the answer is the same 202, and nothing more is sent.
      const before = await mailbox(platform, operator.email);
      await json(await call('/api/auth/password-reset', { body: { email: operator.email } }), 202);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect((await mailbox(platform, operator.email)).length).toBe(before.length);
    } finally {
      await limited.close();
    }
    await signIn(operator.email, operator.password);
  });
});
