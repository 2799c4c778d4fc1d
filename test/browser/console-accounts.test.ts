import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import type { Page } from 'playwright-core';
import { createKnex } from '../../db/connection';
import { accountToken } from '../../lib/account-tokens';
import { apiKeyHmacSecret } from '../../lib/api-key-secret';
import { inviteUser } from '../support/accounts';
import { OPERATOR_LOGIN, eventually, startPlatform, type Platform } from '../support/platform';
import { DESKTOP, SIGNED_OUT, browserScenario, refused } from './scenario';

/**
 * A company's accounts as its people and Kestrel's operators use them, in the system
 * Chromium against the real API, worker, sandbox mailbox and SMS log: the owner sets a
 * password from the welcome e-mail and verifies their phone, a dead link says why and
 * offers a new one, a forgotten password is reset, the owner invites an admin, creates
 * an API key (shown once) and revokes it, changes the password, signs another device
 * out, turns on two-step sign-in and signs in with a texted code, exports the calls;
 * sign-up has its public address; operators see the same users and keys on the tenant's
 * page, and super_admins the operators. Every new page is photographed at a desktop's
 * width and a phone's, where nothing may stick out sideways.
 */
describe('company accounts', () => {
  let platform: Platform;
  let db: Knex;
  let page: Page;
  const run = Date.now().toString(36);
  const company = `Riverside Heating ${run}`;
  const owner = { email: `rosa.${run}@example.com`, phone: '+16175550142', password: 'rosa first password', name: 'Rosa Owner' };
  const admin = { email: `abe.${run}@example.com`, name: 'Abe Admin' };
  const member = { email: `mia.${run}@example.com`, password: 'mia member password' };
  let tenantId: string;
  let ownerId: string;
  let welcomeLink: string;
  let adminLink: string;
  const seenMail = new Set<string>();
  const seenTexts = new Set<string>();

  const ui = browserScenario({
    name: 'accounts',
    apiUrl: () => platform.api.url,
    context: { timezoneId: 'America/New_York', permissions: ['clipboard-read', 'clipboard-write'] },
  });
  const { step, screenshots, signIn, signInAsOperator, url, visible, button, dialog } = ui;

  jest.setTimeout(120_000);

  async function signOut(): Promise<void> {
    await page.evaluate("fetch('/api/auth/logout', { method: 'POST' })");
    await ui.context.clearCookies();
  }

  /** The newest e-mail to `to` whose text matches, not read before. */
  async function mail(to: string, pattern: RegExp, what: string): Promise<{ subject: string; text: string }> {
    return eventually(
      async () => {
        const res = await fetch(`${platform.sandbox.url}/sandbox/emails?to=${encodeURIComponent(to)}`);
        const { emails } = (await res.json()) as { emails: Array<{ id: string; subject: string; text: string }> };
        const found = emails.find((e) => !seenMail.has(e.id) && pattern.test(e.text));
        if (found) seenMail.add(found.id);
        return found;
      },
      30_000,
      what,
    );
  }

  /** The console page an e-mail's link leads to, on this run's API (the link names PUBLIC_BASE_URL). */
  function linkIn(text: string, pageName: string): string {
    const link = new RegExp(`https?://[^\\s)"]+/admin/${pageName}#token=[\\w.-]+`).exec(text)?.[0];
    expect(link).toBeDefined();
    const { pathname, hash } = new URL(link!);
    expect(new URL(link!).search).toBe('');
    return `${platform.api.url}${pathname}${hash}`;
  }

  /** The newest code texted to `to`, not read before. */
  async function textedCode(to: string): Promise<string> {
    return eventually(
      async () => {
        const messages = await platform.twilio.messages.list({ to, limit: 10 });
        const fresh = messages.find((m) => !seenTexts.has(m.sid) && /code is \d+/.test(m.body));
        if (!fresh) return undefined;
        seenTexts.add(fresh.sid);
        return /code is (\d+)/.exec(fresh.body)![1];
      },
      30_000,
      `the code texted to ${to}`,
    );
  }

  beforeAll(async () => {
    platform = await startPlatform();
    db = createKnex(process.env.DATABASE_URL!, 2);
    page = await ui.openPage();
  }, 240_000);

  afterAll(async () => {
    await db?.destroy();
    await platform?.close();
  });

  step('a plumbing company signs up through the wizard at /signup', async () => {
    const field = (label: string) => page.getByLabel(label);
    await page.goto(`${platform.api.url}/signup`);
    await field('Company name').fill(company);
    await page.getByRole('combobox', { name: 'Industry' }).click();
    await page.getByRole('option', { name: 'Plumbing', exact: true }).click();
    await button('Next').click();
    await field('Your name').fill(owner.name);
    await field('Your e-mail').fill(owner.email);
    await field('Your phone').fill(owner.phone);
    await button('Next').click();
    await eventually(async () => (await field('Subdomain').inputValue()).startsWith('riverside-heating-'), 10_000, 'the slug suggestion');
    await button('Next').click();
    await page.getByTestId('plan-starter').click();
    await button('Next').click();
    await field('Forward calls to').fill('(617) 555-0199');
    await button('Next').click();
    await button('Sign up').click();
    await visible(`Welcome to Kestrel, ${company}!`);
    const found = await platform.admin(`/api/admin/tenants?${new URLSearchParams({ filter: JSON.stringify({ q: company }) })}`);
    const [tenant] = (await found.json()) as Array<{ id: string }>;
    tenantId = tenant!.id;
  });

  step(
    'the owner sets a password from the welcome e-mail and lands on verifying the phone',
    async () => {
      const welcome = await mail(owner.email, /set-password#token=/, 'the welcome e-mail');
      welcomeLink = linkIn(welcome.text, 'set-password');
      await page.goto(welcomeLink);
      await page.getByTestId('set-password-page').waitFor();
      await visible('Set your password');
      await screenshots('01-set-password');

      // The two fields must match, and follow the rules, before anything is sent.
      await page.locator('#password').fill('short');
      await page.locator('#password_again').fill('short');
      await button('Set password and sign in').click();
      await visible('At least 12 characters');
      await page.locator('#password').fill(owner.password);
      await page.locator('#password_again').fill(owner.password);
      await button('Set password and sign in').click();

      // The owner has a phone from the sign-up that nobody has verified: the portal asks for it first.
      await page.waitForURL(/\/admin\/verify-phone$/);
      await page.getByTestId('verify-phone-page').waitFor();
      await page.getByTestId('phone-destination').getByText(/0142/).waitFor();
      ownerId = (await db('tenant_users').where({ tenant_id: tenantId, email: owner.email }).first('id')).id;
    },
    [SIGNED_OUT],
  );

  step(
    'verifies the phone with the code texted to it',
    async () => {
      await screenshots('02-verify-phone');
      await page.getByTestId('send-code').click();
      await page.getByTestId('code-input').waitFor();
      const code = await textedCode(owner.phone);
      // A wrong code first: it says how many tries are left.
      await page.getByTestId('code-input').fill(code === '000000' ? '111111' : '000000');
      await button('Verify').click();
      await page.getByTestId('code-problem').getByText(/not right/).waitFor();
      await screenshots('03-verify-phone-wrong-code');
      await page.getByTestId('code-input').fill(code);
      await button('Verify').click();
      await page.waitForURL(/\/admin\/?$/);
      await page.getByTestId('portal-company').getByText(company).waitFor();
      expect(await page.getByTestId('verify-phone-banner').count()).toBe(0);
      const me = (await (await page.request.get(`${platform.api.url}/api/auth/me`)).json()) as { phone_verified: boolean; needs_phone_verification: boolean };
      expect(me).toMatchObject({ phone_verified: true, needs_phone_verification: false });
    },
    [refused(400, '/api/auth/otp/verify')],
  );

  step(
    'a used, an unknown and an expired link each say so, and offer a new one',
    async () => {
      await signOut();
      // Used: the welcome link again.
      await page.goto(welcomeLink);
      await page.locator('#password').fill('another long password');
      await page.locator('#password_again').fill('another long password');
      await button('Set password and sign in').click();
      await page.getByTestId('link-problem').getByText('This link has been used already').waitFor();
      await screenshots('04-link-used');

      // Unknown: not a token of ours.
      await page.goto(url('/set-password#token=inv_not-a-real-token'));
      await page.locator('#password').fill('another long password');
      await page.locator('#password_again').fill('another long password');
      await button('Set password and sign in').click();
      await page.getByTestId('link-problem').getByText('This link is not valid').waitFor();
      await screenshots('05-link-unknown');
      // No token at all: said at once.
      await page.goto(url('/set-password'));
      await page.getByTestId('link-problem').getByText('This link is not valid').waitFor();

      // Expired: a link signed for this account, valid until yesterday.
      const expired = accountToken(apiKeyHmacSecret(platform.config), 'invite', ownerId, new Date(Date.now() - 24 * 3600_000));
      await page.goto(url(`/set-password#token=${expired}`));
      await page.getByTestId('link-problem').getByText('This link has expired').waitFor();
      await screenshots('06-link-expired');

      // Verifying a phone needs a session: signed out, the page says to sign in first.
      await page.goto(url('/verify-phone'));
      await page.getByTestId('verify-phone-page').getByText('Sign in first').waitFor();
      await screenshots('06b-verify-phone-signed-out');
      await page.goto(url(`/set-password#token=${expired}`));
      await page.getByTestId('link-problem').getByText('This link has expired').waitFor();

      // A new one: the address gets a link (it has a password now, so a reset link).
      await page.locator('#reset-email').fill(owner.email);
      await button('Send me a new link').click();
      await page.getByTestId('link-sent').waitFor();
      await mail(owner.email, /reset-password#token=/, 'the new link');
    },
    [SIGNED_OUT, refused(410, '/api/auth/accept-invite'), refused(400, '/api/auth/accept-invite'), refused(401, '/api/auth/accept-invite'), refused(422, '/api/auth/accept-invite')],
  );

  step(
    'a forgotten password: asked for from the sign-in page, chosen from the e-mail, signed in',
    async () => {
      await page.goto(url('/login'));
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.waitForURL(/\/admin\/reset-password$/);
      await visible('Reset your password');
      await screenshots('07-reset-request');
      await page.locator('#reset-email').fill(owner.email);
      await button('Send me a link').click();
      await page.getByTestId('link-sent').waitFor();
      await screenshots('08-reset-sent');

      const reset = await mail(owner.email, /reset-password#token=/, 'the password-reset e-mail');
      await page.goto(linkIn(reset.text, 'reset-password'));
      await visible('Choose a new password');
      await screenshots('09-reset-choose');
      owner.password = 'rosa reset password';
      await page.locator('#password').fill(owner.password);
      await page.locator('#password_again').fill(owner.password);
      await button('Save password and sign in').click();
      await page.getByTestId('portal-company').getByText(company).waitFor();
      // The old password no longer works.
      const old = await fetch(`${platform.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: owner.email, password: 'rosa first password' }) });
      expect(old.status).toBe(401);
    },
    [SIGNED_OUT],
  );

  step(
    "the owner invites an admin on the Users page, changes the role and sends the invitation again; the last owner stays",
    async () => {
      await page.getByRole('menuitem', { name: 'Users' }).click();
      await page.getByTestId('tenant-users').waitFor();
      await page.locator('[data-testid="tenant-user"]', { hasText: owner.email }).getByTestId('last-owner').waitFor();
      await button('Invite someone').click();
      await dialog().getByLabel('E-mail').fill(admin.email);
      await dialog().getByLabel('Name').fill(admin.name);
      await dialog().getByRole('combobox', { name: 'Role' }).click();
      await page.getByRole('option', { name: 'Admin' }).click();
      await screenshots('10-users-invite');
      await button('Send invitation').click();
      await visible(`Invitation sent to ${admin.email}`);
      const row = page.locator('[data-testid="tenant-user"]', { hasText: admin.email });
      await row.getByTestId('user-status').getByText('Invited').waitFor();
      await screenshots('11-users');
      const invitation = await mail(admin.email, /(set-password|accept-invite)#token=/, 'the invitation');
      expect(invitation.subject).toMatch(/invited/i);
      const invited = await db('tenant_users').where({ tenant_id: tenantId, email: admin.email }).first();
      expect(invited.role).toBe('admin');

      // Member, then back to admin.
      await row.getByRole('combobox').click();
      await page.getByRole('option', { name: 'Member' }).click();
      await visible(`${admin.name} is now Member`);
      expect((await db('tenant_users').where({ id: invited.id }).first()).role).toBe('member');
      await row.getByRole('combobox').click();
      await page.getByRole('option', { name: 'Admin' }).click();
      await visible(`${admin.name} is now Admin`);

      await row.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: 'Send the invitation again' }).click();
      await visible(`A new link is on its way to ${admin.email}`);
      adminLink = linkIn((await mail(admin.email, /set-password#token=/, 'the invitation sent again')).text, 'set-password');
    },
  );

  step(
    "the admin's e-mail link works; the admin forgets the password and resets it: the old one fails, the new one works",
    async () => {
      // The admin on a device of their own: the owner stays signed in on this one.
      const adminContext = await ui.browser.newContext({ viewport: DESKTOP });
      const adminPage = await adminContext.newPage();
      adminPage.setDefaultTimeout(20_000);
      try {
        const firstPassword = 'abe first password';
        await adminPage.goto(adminLink);
        await adminPage.locator('#password').fill(firstPassword);
        await adminPage.locator('#password_again').fill(firstPassword);
        await adminPage.getByRole('button', { name: 'Set password and sign in' }).click();
        await adminPage.getByTestId('portal-company').getByText(company).waitFor();
        await adminPage.evaluate("fetch('/api/auth/logout', { method: 'POST' })");
        await adminContext.clearCookies();

        await adminPage.goto(url('/reset-password'));
        await adminPage.locator('#reset-email').fill(admin.email);
        await adminPage.getByRole('button', { name: 'Send me a link' }).click();
        await adminPage.getByTestId('link-sent').waitFor();
        const reset = await mail(admin.email, /reset-password#token=/, "the admin's password-reset e-mail");
        await adminPage.goto(linkIn(reset.text, 'reset-password'));
        const newPassword = 'abe second password';
        await adminPage.locator('#password').fill(newPassword);
        await adminPage.locator('#password_again').fill(newPassword);
        await adminPage.getByRole('button', { name: 'Save password and sign in' }).click();
        await adminPage.getByTestId('portal-company').getByText(company).waitFor();

        const signIn = (password: string) =>
          fetch(`${platform.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: admin.email, password }) });
        expect((await signIn(firstPassword)).status).toBe(401);
        expect((await signIn(newPassword)).status).toBe(200);
      } finally {
        await adminContext.close();
      }
    },
  );

  step(
    'the owner disables the admin',
    async () => {
      await page.reload();
      const row = page.locator('[data-testid="tenant-user"]', { hasText: admin.email });
      await row.getByTestId('user-status').getByText('Active').waitFor();
      await row.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: 'Disable' }).click();
      await dialog().getByText(`Disable ${admin.name}?`).waitFor();
      await dialog().getByRole('button', { name: 'Disable' }).click();
      await row.getByTestId('user-status').getByText('Disabled').waitFor();
      expect((await db('tenant_users').where({ tenant_id: tenantId, email: admin.email }).first()).disabled_at).not.toBeNull();
    },
  );

  let keyId: string;
  let apiKey: string;

  step('creates an API key, shown once with a copy button, and revokes it', async () => {
    await page.getByRole('menuitem', { name: 'API keys' }).click();
    await page.getByTestId('api-keys').waitFor();
    await screenshots('12-api-keys-empty');
    await button('Create API key').click();
    await dialog().getByLabel('Name').fill('Dispatch board');
    await dialog().getByLabel('Book, move and cancel appointments').check();
    await screenshots('13-api-key-create');
    await dialog().getByRole('button', { name: 'Create API key' }).click();
    const shown = page.getByTestId('new-key');
    await shown.waitFor();
    apiKey = await shown.inputValue();
    expect(apiKey).toMatch(/^kst_live_/);
    await page.getByTestId('copy-key').click();
    await visible('The key is copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(apiKey);
    await screenshots('14-api-key-shown-once');

    // The key works, with the scopes given.
    const calls = await fetch(`${platform.api.url}/api/v1/calls`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(calls.status).toBe(200);

    await button('I have copied it').click();
    const row = page.locator('[data-testid="api-key"]', { hasText: 'Dispatch board' });
    await row.getByText(apiKey.slice(0, 12)).waitFor();
    await row.getByText('appointments:write').waitFor();
    // Shown once: the list, and the page, no longer hold it.
    expect(await page.content()).not.toContain(apiKey);
    keyId = (await db('api_keys').where({ tenant_id: tenantId, name: 'Dispatch board' }).first('id')).id;
    await screenshots('15-api-keys');

    await row.getByTestId('revoke-key').click();
    await dialog().getByRole('button', { name: 'Revoke' }).click();
    await row.getByTestId('key-state').getByText('Revoked').waitFor();
    expect((await fetch(`${platform.api.url}/api/v1/calls`, { headers: { Authorization: `Bearer ${apiKey}` } })).status).toBe(401);
    expect((await db('api_keys').where({ id: keyId }).first()).revoked_at).not.toBeNull();
  });

  let otherDevice: string;

  step(
    'changes the password on the Security page and signs another device out',
    async () => {
      // Another device signs in.
      const login = await fetch(`${platform.api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1' },
        body: JSON.stringify({ email: owner.email, password: owner.password }),
      });
      expect(login.status).toBe(200);
      otherDevice = ((await login.json()) as { access_token: string }).access_token;

      await page.getByRole('menuitem', { name: 'Security' }).click();
      await page.getByTestId('portal-security').waitFor();
      const sessions = page.getByTestId('auth-session');
      await eventually(async () => (await sessions.count()) >= 2, 10_000, 'both sessions listed');
      await page.locator('[data-testid="auth-session"][data-current="true"]').getByText('This device').waitFor();
      await screenshots('16-security');

      // The other device is signed out from here.
      const other = page.locator('[data-testid="auth-session"]', { hasText: 'Safari on iPhone' });
      await other.getByTestId('end-session').click();
      await visible('That device is signed out');
      await other.waitFor({ state: 'detached' });
      expect((await fetch(`${platform.api.url}/api/auth/me`, { headers: { Authorization: `Bearer ${otherDevice}` } })).status).toBe(401);

      // A wrong current password is refused on its field; the right one changes it.
      await page.locator('#current_password').fill('not my password');
      await page.locator('#new_password').fill('rosa changed password');
      await page.locator('#password_again').fill('rosa changed password');
      await button('Change password').click();
      await visible('is not your current password');
      await screenshots('17-security-wrong-password');
      await page.locator('#current_password').fill(owner.password);
      await button('Change password').click();
      await visible('Password changed');
      owner.password = 'rosa changed password';
      expect(await page.locator('#current_password').inputValue()).toBe('');
      const again = await fetch(`${platform.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: owner.email, password: owner.password }) });
      expect(again.status).toBe(200);
    },
    [refused(422, '/api/auth/password'), /^\[browser console\] \w+: Some fields are missing or invalid/],
  );

  step(
    'turns two-step sign-in on and signs in with the code texted to the phone',
    async () => {
      await page.getByTestId('two-step-switch').locator('input').check();
      await visible('Two-step sign-in is on');
      await screenshots('18-security-two-step');
      await signOut();

      await signIn(owner);
      await page.getByTestId('two-step-form').waitFor();
      await page.getByTestId('code-destination').getByText(/0142/).waitFor();
      await screenshots('19-login-two-step');
      const code = await textedCode(owner.phone);
      await page.getByTestId('code-input').fill(code);
      await button('Verify and sign in').click();
      await page.getByTestId('portal-company').getByText(company).waitFor();
    },
    [SIGNED_OUT],
  );

  step("downloads the company's calls as CSV from the portal's call list", async () => {
    const startedAt = new Date(Date.now() - 3600_000);
    await db('call_logs').insert({
      tenant_id: tenantId,
      call_sid: `CA${run}export`.padEnd(34, '0').slice(0, 34),
      from_number: '+16175550177',
      to_number: '+16175550100',
      status: 'completed',
      started_at: startedAt,
      ended_at: new Date(startedAt.getTime() + 60_000),
      duration_seconds: 60,
      summary: 'Furnace pilot light keeps going out.',
      outcome: 'information',
    });
    await page.getByRole('menuitem', { name: 'Calls' }).click();
    await visible('Furnace pilot light keeps going out.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-calls').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv).toContain('Furnace pilot light keeps going out.');
    await screenshots('20-calls-export');
  });

  step(
    'a member sees neither the people nor the keys, and has a Security page of their own',
    async () => {
      // Mia is invited as a member (by an operator: the owner now signs in with a texted code) and accepts with a password.
      await inviteUser(platform, tenantId, { email: member.email, name: 'Mia Member', role: 'member' }, { password: member.password });
      await signOut();
      await signIn(member);
      await page.getByTestId('portal-company').getByText(company).waitFor();
      await page.getByRole('menuitem', { name: 'Security' }).waitFor();
      for (const item of ['Users', 'API keys']) expect(await page.getByRole('menuitem', { name: item }).count()).toBe(0);
      await screenshots('21-member-menu');
    },
    [SIGNED_OUT],
  );

  step(
    "sign-up has a public address, /signup, with the way in beside it; /admin/signup still works",
    async () => {
      await signOut();
      for (const address of ['/signup', '/admin/signup']) {
        await page.goto(`${platform.api.url}${address}`);
        await page.getByTestId('step-company').waitFor();
        await page.getByTestId('signup-account-links').getByRole('link', { name: 'Sign in' }).waitFor();
        await page.getByTestId('signup-account-links').getByRole('link', { name: 'Forgot your password?' }).waitFor();
      }
      await page.goto(`${platform.api.url}/signup`);
      await page.getByTestId('step-company').waitFor();
      await screenshots('22-signup-public');
      await page.getByTestId('signup-account-links').getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL(/\/admin\/login$/);
      await page.locator('#email').waitFor();
      await screenshots('23-login');
    },
    [SIGNED_OUT],
  );

  step(
    "the operator sees the company's users and API keys on its page, and the operators on theirs",
    async () => {
      await signInAsOperator();
      await page.goto(url(`/tenants/${tenantId}/show/users`));
      await page.locator('[data-testid="tenant-user"]', { hasText: owner.email }).waitFor();
      await page.locator('[data-testid="tenant-user"]', { hasText: admin.email }).getByTestId('user-status').getByText('Disabled').waitFor();
      await screenshots('24-operator-tenant-users');
      await page.getByRole('tab', { name: 'API keys' }).click();
      await page.locator('[data-testid="api-key"]', { hasText: 'Dispatch board' }).getByTestId('key-state').getByText('Revoked').waitFor();
      await screenshots('25-operator-tenant-api-keys');

      await page.getByRole('menuitem', { name: 'Operators' }).click();
      await page.getByText(OPERATOR_LOGIN.email).first().waitFor();
      await screenshots('26-operators');
      await button('Invite operator').click();
      await dialog().getByLabel('E-mail').fill(`sam.${run}@kestrel.test`);
      await dialog().getByLabel('Name').fill('Sam Support');
      await screenshots('27-operators-add');
      await dialog().getByRole('button', { name: 'Send invitation' }).click();
      await page.getByText(`sam.${run}@kestrel.test`).first().waitFor();
      expect((await db('operator_users').where({ email: `sam.${run}@kestrel.test` }).first()).role).toBe('support');
    },
    [SIGNED_OUT],
  );
});
