import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../../activities';
import { connectDatabase, createKnex, databaseConnected, disconnectDatabase } from '../../db/connection';
import { parseConfig } from '../../lib/config';
import { resendClient } from '../../providers/resend';
import { twilioClient } from '../../providers/twilio';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { startApi, type RunningApi } from '../support/api';
import { OPERATOR_TOKEN, eventually, signup, workflowBundle, type Platform } from '../support/platform';
import { caller, json, linkToken, mailTo, mailbox } from '../api/support/accounts';

/**
 * A company signs up and its owner gets in, as a new customer would: the sign-up makes
 * the owner's account (exactly one, even when the step that makes it runs twice), the
 * welcome e-mail's set-password link works once and proves the address, and an owner who
 * lost it asks for a fresh one with the reset form.
 *
 * The worker here loses the acknowledgement of the first `createTenant` (the activity's
 * work is committed, then its attempt fails, as when a worker dies at the wrong moment),
 * so Temporal runs the registration step again for every sign-up of this file.
 */
describe("the owner's account, made at sign-up", () => {
  let sandbox: Sandbox;
  let api: RunningApi;
  let worker: Worker;
  let running: Promise<void>;
  let connection: NativeConnection;
  let owner: Knex;
  const createTenantAttempts = new Map<string, number>();

  /** Enough of the platform for the mailbox helpers (their sandbox, the API's address). */
  const platform = () => ({ sandbox, api }) as unknown as Platform;
  const call = () => caller(api.url);
  const admin = (path: string) => call()(path, { token: OPERATOR_TOKEN });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const env = { SANDBOX_URL: sandbox.url, TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`, PUBLIC_BASE_URL: 'https://kestrel.test' };
    const config = parseConfig({ ...process.env, ...env });
    if (!databaseConnected()) connectDatabase(process.env.DATABASE_APP_URL!, 4);
    // The lost acknowledgements are the point here: the SDK need not warn about each.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    worker = await Worker.create({
      connection,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ config, twilio: twilioClient(config), resend: resendClient(config) }),
      interceptors: {
        activity: [
          (ctx) => ({
            inbound: {
              async execute(input, next) {
                const result = await next(input);
                if (ctx.info.activityType !== 'createTenant') return result;
                createTenantAttempts.set(ctx.info.workflowExecution?.workflowId ?? '', ctx.info.attempt);
                // The work is done and committed; the acknowledgement is lost: Temporal runs it again.
                if (ctx.info.attempt === 1) throw ApplicationFailure.retryable('the worker lost the acknowledgement', 'LostAcknowledgement');
                return result;
              },
            },
          }),
        ],
      },
    });
    running = worker.run();
    api = await startApi({ env });
    owner = createKnex(process.env.DATABASE_URL!, 2);
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await api?.close();
    await sandbox?.close();
    await owner?.destroy();
    await disconnectDatabase();
  });

  it('makes exactly one owner, even though the registration step ran twice; the same sign-up again is a 409', async () => {
    const body = signup();
    const signedUp = await json(await call()('/api/onboarding', { body }), 201);
    const tenantId = signedUp.tenant.id as string;
    expect(createTenantAttempts.get(`tenant-${tenantId}`)).toBe(2);

    const users = await json(await admin(`/api/admin/tenants/${tenantId}/users`), 200);
    expect(users).toEqual([
      expect.objectContaining({ email: body.owner_email, name: body.owner_name, role: 'owner', status: 'invited', email_verified: false, phone: '•••• 0142', phone_verified: false, two_step: false }),
    ]);
    const created = await owner('audit_log').where({ tenant_id: tenantId, action: 'tenant.created' });
    expect(created).toEqual([expect.objectContaining({ actor_type: 'system', actor_id: 'onboarding', details: expect.objectContaining({ owner_user_id: users[0].id }) })]);
    // No password, and the owner's phone is the sign-up's owner_phone, not yet verified.
    const [row] = await owner('tenant_users').where({ tenant_id: tenantId });
    expect(row).toMatchObject({ password_hash: null, phone: '+16175550142', phone_verified_at: null, email_verified_at: null });
    expect(await json(await admin(`/api/admin/tenants/${tenantId}`), 200)).toMatchObject({ owner_phone: '+16175550142', owner_phone_verified_at: null });

    // Signing up again with the same e-mail (a retried form, a double click) makes nothing.
    const again = await call()('/api/onboarding', { body: { ...body, slug: undefined, company_name: `${body.company_name} again` } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).errors).toHaveProperty('owner_email');
    expect(await owner('tenant_users').whereRaw('lower(email) = ?', [body.owner_email as string])).toHaveLength(1);
  });

  it("welcomes the owner with a set-password link that works once, proves the address and signs in; then the password signs in", async () => {
    const body = signup();
    const { tenant } = await json(await call()('/api/onboarding', { body }), 201);
    const welcome = await mailTo(platform(), body.owner_email as string, /^Welcome to Kestrel/);
    // A link to the page that acts on it, in the text and the HTML parts, and a footer naming the company and why.
    const token = linkToken(welcome, 'set-password');
    expect(welcome.html).toContain(`href="https://kestrel.test/admin/set-password#token=${token}"`);
    expect(welcome.text).toContain(`You get this email as the owner of ${body.company_name}'s Kestrel account.`);
    expect(welcome.html).toContain(`owner of ${body.company_name}&#39;s Kestrel account`);
    // Only a hash of the token is stored.
    expect(JSON.stringify(await owner('tenant_users').where({ tenant_id: tenant.id }))).not.toContain(token.split('.').at(-1)!);

    const me = (t: string) => call()('/api/auth/me', { token: t });
    const set = await json(await call()('/api/auth/accept-invite', { body: { token, password: 'plumbing since 1987' } }), 200);
    expect(set.user).toMatchObject({ kind: 'tenant_user', email: body.owner_email, role: 'owner', tenant_id: tenant.id });
    expect(await json(await me(set.access_token), 200)).toMatchObject({
      email_verified: true,
      phone: '•••• 0142',
      phone_verified: false,
      two_step: false,
      needs_phone_verification: true,
    });

    const reused = await call()('/api/auth/accept-invite', { body: { token, password: 'another password here' } });
    expect(reused.status).toBe(410);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await reused.json()).toMatchObject({ type: '/docs#token-used', status: 410 });

    const signedIn = await json(await call()('/api/auth/login', { body: { email: body.owner_email, password: 'plumbing since 1987' } }), 200);
    expect(signedIn.user).toMatchObject({ id: set.user.id, role: 'owner' });
    const accepted = await owner('audit_log').where({ tenant_id: tenant.id, action: 'user.invite_accepted' });
    expect(accepted).toEqual([expect.objectContaining({ actor_type: 'tenant_user', actor_id: set.user.id, request_id: expect.any(String) })]);
  });

  it('gives an owner who never set a password a fresh set-password link from the reset form, which voids the old one', async () => {
    const body = signup();
    const { tenant } = await json(await call()('/api/onboarding', { body }), 201);
    const welcome = await mailTo(platform(), body.owner_email as string, /^Welcome to Kestrel/);
    const first = linkToken(welcome, 'set-password');

    expect(await json(await call()('/api/auth/password-reset', { body: { email: (body.owner_email as string).toUpperCase() } }), 202)).toEqual({ status: 'accepted' });
    const fresh = await mailTo(platform(), body.owner_email as string, /^Choose your password for /);
    const second = linkToken(fresh, 'set-password');
    expect(second).not.toBe(first);
    expect(fresh.text).toContain(`You get this email because you have an account at ${body.company_name} on Kestrel.`);
    // No reset link: there is no password to reset.
    expect((await mailbox(platform(), body.owner_email as string)).map((m) => m.subject)).not.toContain('Reset your Kestrel password');

    const old = await call()('/api/auth/accept-invite', { body: { token: first, password: 'a brand new password' } });
    expect(await json(old, 410)).toMatchObject({ type: '/docs#token-used' });
    const set = await json(await call()('/api/auth/accept-invite', { body: { token: second, password: 'a brand new password' } }), 200);
    expect(set.user).toMatchObject({ tenant_id: tenant.id, role: 'owner' });
    await eventually(async () => (await owner('audit_log').where({ tenant_id: tenant.id, action: 'user.invitation_renewed' })).length === 1, 5_000, 'the renewal audited');
  });
});
