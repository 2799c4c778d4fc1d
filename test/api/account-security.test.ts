import type { Knex } from 'knex';
import { OPERATOR_LOGIN, startTestPlatform, type Platform } from '../support/platform';
import { caller, json, signIn, signedUpOwner, type Call, type Owner } from './support/accounts';

/**
 * A signed-in person's own security: changing the password (which signs every other
 * session out), seeing where they are signed in, and signing a session out.
 */
describe("a signed-in person's security settings", () => {
  let platform: Platform;
  let db: Knex;
  let api: Call;
  let owner: Owner;

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true });
    db = platform.owner;
    api = caller(platform.api.url);
    owner = await signedUpOwner(platform);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  const status = async (token: string) => (await api('/api/auth/me', { token })).status;

  it('changes the password given the current one; the other sessions end, this one stays', async () => {
    const laptop = await signIn(api, owner.email, owner.password);
    const phone = await signIn(api, owner.email, owner.password);
    const change = (body: Record<string, unknown>) => api('/api/auth/password', { token: laptop.access_token, body });

    const wrong = await change({ current_password: 'not my password', new_password: 'a much better password' });
    expect(await json(wrong, 422)).toMatchObject({ type: '/docs#validation-error', errors: { current_password: 'is not your current password' } });
    expect(await json(await change({ current_password: owner.password, new_password: 'short' }), 422)).toMatchObject({ errors: { new_password: expect.any(String) } });
    expect(await status(phone.access_token)).toBe(200); // nothing changed so far

    const changed = await change({ current_password: owner.password, new_password: 'a much better password' });
    expect(changed.status).toBe(204);
    expect(await status(laptop.access_token)).toBe(200);
    expect(await status(phone.access_token)).toBe(401);
    expect(await status(owner.session.access_token)).toBe(401);
    expect((await api('/api/auth/login', { body: { email: owner.email, password: owner.password } })).status).toBe(401);
    owner.password = 'a much better password';
    await signIn(api, owner.email, owner.password);
    expect(await db('audit_log').where({ tenant_id: owner.tenantId, action: 'user.password_changed', actor_id: owner.session.user.id })).toEqual([
      expect.objectContaining({ actor_type: 'tenant_user', request_id: expect.any(String) }),
    ]);
    expect((await api('/api/auth/password', { body: { current_password: 'x', new_password: 'a much better password' } })).status).toBe(401);
  });

  it("lists the person's own sessions, marks the current one, and signs one of them out (never someone else's)", async () => {
    const here = await signIn(api, owner.email, owner.password);
    const there = await json(
      await api('/api/auth/login', { body: { email: owner.email, password: owner.password }, headers: { 'User-Agent': 'Kestrel test phone', 'X-Forwarded-For': '198.51.100.90' } }),
      200,
    );
    const sessions = await json(await api('/api/auth/sessions', { token: here.access_token }), 200);
    expect(sessions.filter((s: any) => s.current)).toHaveLength(1);
    const other = sessions.find((s: any) => s.user_agent === 'Kestrel test phone');
    expect(other).toEqual({ id: expect.any(String), created_at: expect.any(String), last_seen_at: null, user_agent: 'Kestrel test phone', ip: '198.51.100.90', current: false });
    expect(sessions.map((s: any) => s.created_at)).toEqual([...sessions.map((s: any) => s.created_at)].sort().reverse());

    // Someone else's session is not there for this person.
    const operator = await signIn(api, OPERATOR_LOGIN.email, OPERATOR_LOGIN.password);
    const operatorSession = (await json(await api('/api/auth/sessions', { token: operator.access_token }), 200)).find((s: any) => s.current);
    expect((await api(`/api/auth/sessions/${operatorSession.id}`, { method: 'DELETE', token: here.access_token })).status).toBe(404);
    expect(await status(operator.access_token)).toBe(200);

    expect((await api(`/api/auth/sessions/${other.id}`, { method: 'DELETE', token: here.access_token })).status).toBe(204);
    expect(await status(there.access_token)).toBe(401);
    expect(await status(here.access_token)).toBe(200);
    expect((await json(await api('/api/auth/sessions', { token: here.access_token }), 200)).map((s: any) => s.id)).not.toContain(other.id);
    expect(await db('audit_log').where({ tenant_id: owner.tenantId, action: 'session.revoked', target_id: other.id })).toEqual([
      expect.objectContaining({ actor_type: 'tenant_user', actor_id: owner.session.user.id, request_id: expect.any(String) }),
    ]);
    expect((await api('/api/auth/sessions')).status).toBe(401);
  });
});
