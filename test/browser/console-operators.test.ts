import type { Page } from 'playwright-core';
import { linkToken, mailTo, mailbox, type Mail } from '../support/accounts';
import { OPERATOR_TOKEN, startTestPlatform, type Platform } from '../support/platform';
import { SIGNED_OUT, browserScenario } from './scenario';

/**
 * A super_admin manages the operators on the Operators page, in the system Chromium
 * against the real API and the sandbox's mailbox: their own row cannot be changed and
 * says why; they invite an operator by e-mail and send the invitation again; the newest
 * e-mail's link sets the new operator's password and lands them in the console signed in,
 * and they sign in again with it; the super_admin then promotes them, disables them after
 * a confirmation that says what happens (their sign-in is refused from then on), and
 * enables them again.
 *
 * The run's seeded operator only creates this file's own super_admin, who does the rest.
 */
describe('managing operators in the console', () => {
  let platform: Platform;
  let page: Page;
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const chief = { email: `chief.${run}@kestrel.test`, name: `Chief ${run}`, password: 'chief first password' };
  const nia = { email: `nia.${run}@kestrel.test`, name: `Nia ${run}`, password: 'nia chose this password' };
  let invitationsSeen: Mail[] = [];

  const ui = browserScenario({ name: 'operators', apiUrl: () => platform.api.url });
  const { step, screenshots, signIn, url, dialog, notification, visible, button } = ui;

  jest.setTimeout(120_000);

  const apiSignIn = async (who: { email: string; password: string }) =>
    (await fetch(`${platform.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: who.email, password: who.password }) })).status;
  /** An operator's row: a table row at a desktop's width, an entry of the list at a phone's. */
  const rowOf = (email: string) => page.locator('tr, [data-testid="operator"]', { hasText: email });
  const invitationMail = /^You're invited to Kestrel's operator console/;

  beforeAll(async () => {
    platform = await startTestPlatform();
    const created = await platform.admin('/api/admin/operators', { body: { ...chief, role: 'super_admin' } });
    expect(created.status).toBe(201);
    page = await ui.openPage();
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  step(
    "the super_admin sees the operators; their own row's role and access are locked, with the reason",
    async () => {
      await signIn(chief);
      await visible('Kestrel operator console');
      await page.goto(url('/operators'));
      const own = rowOf(chief.email);
      await own.waitFor();
      expect(await own.getByRole('combobox', { name: `Role of ${chief.name}` }).getAttribute('aria-disabled')).toBe('true');
      expect(await own.getByRole('button', { name: `Disable ${chief.name}` }).isDisabled()).toBe(true);
      await own.getByText('You cannot change your own role or disable yourself; another super admin can.').waitFor();
      await own.getByTestId('operator-status').getByText('Active').waitFor();
      await screenshots('01-list');
    },
    [SIGNED_OUT],
  );

  step('invites Nia by e-mail, and sends the invitation again: the new link replaces the first', async () => {
    await button('Invite operator').click();
    await dialog().getByLabel('E-mail').fill(nia.email);
    await dialog().getByLabel('Name').fill(nia.name);
    await dialog().getByText(/link to choose their password/).waitFor();
    await screenshots('02-invite');
    await dialog().getByRole('button', { name: 'Send invitation' }).click();
    await notification(`Invitation sent to ${nia.email}`);
    const row = rowOf(nia.email);
    await row.getByTestId('operator-status').getByText('Invited').waitFor();
    invitationsSeen = [await mailTo(platform, nia.email, invitationMail)];

    await row.getByRole('button', { name: `Send ${nia.name} a new invitation` }).click();
    await notification(`A new invitation is on its way to ${nia.email}`);
    await mailTo(platform, nia.email, invitationMail, invitationsSeen);
    expect((await mailbox(platform, nia.email)).filter((m) => invitationMail.test(m.subject))).toHaveLength(2);
    await screenshots('03-invited');
  });

  step(
    "Nia follows the newest invitation's link, chooses a password and lands in the console signed in; the first link no longer works",
    async () => {
      const mails = (await mailbox(platform, nia.email)).filter((m) => invitationMail.test(m.subject));
      const newest = linkToken(mails[0]!, 'set-password');
      const first = linkToken(mails[1]!, 'set-password');
      expect(newest).not.toBe(first);

      page = await ui.openPage();
      await page.goto(url(`/set-password#token=${first}`));
      await page.locator('#password').fill(nia.password);
      await page.locator('#password_again').fill(nia.password);
      await page.getByTestId('choose-password').click();
      await page.getByTestId('link-problem').waitFor();
      expect(await page.getByTestId('link-problem').getAttribute('data-kind')).toBe('token-used');

      await page.goto('about:blank');
      await page.goto(url(`/set-password#token=${newest}`));
      await page.getByTestId('set-password-page').waitFor();
      await screenshots('04-set-password');
      await page.locator('#password').fill(nia.password);
      await page.locator('#password_again').fill(nia.password);
      await page.getByTestId('choose-password').click();
      await visible('Kestrel operator console');
      await screenshots('05-signed-in');
    },
    [SIGNED_OUT, /status of 410 .*\/api\/auth\/accept-invite\)$/],
  );

  step(
    'Nia signs in again with the password she chose',
    async () => {
      page = await ui.openPage();
      await signIn(nia);
      await visible('Kestrel operator console');
    },
    [SIGNED_OUT],
  );

  step(
    'the super_admin promotes Nia to super admin',
    async () => {
      page = await ui.openPage();
      await signIn(chief);
      await visible('Kestrel operator console');
      await page.goto(url('/operators'));
      const row = rowOf(nia.email);
      await row.getByTestId('operator-status').getByText('Active').waitFor();
      await row.getByRole('combobox', { name: `Role of ${nia.name}` }).click();
      await page.getByRole('option', { name: 'Super admin' }).click();
      await notification(`${nia.name} is now Super admin`);
      const listed = (await (await platform.admin('/api/admin/operators')).json()) as Array<{ email: string; role: string }>;
      expect(listed.find((o) => o.email === nia.email)?.role).toBe('super_admin');
    },
    [SIGNED_OUT],
  );

  step('disables Nia after a confirmation that says she is signed out everywhere; her sign-in is refused', async () => {
    expect(await apiSignIn(nia)).toBe(200);
    const row = rowOf(nia.email);
    await row.getByRole('button', { name: `Disable ${nia.name}` }).click();
    await dialog().getByText(/signs them out everywhere at once/).waitFor();
    await screenshots('06-disable-confirm');
    await dialog().getByRole('button', { name: 'Disable' }).click();
    await notification(`${nia.email} is disabled and signed out everywhere`);
    await row.getByTestId('operator-status').getByText('Disabled').waitFor();
    expect(await apiSignIn(nia)).toBe(401);
    await screenshots('07-disabled');
  });

  step('enables Nia again: she can sign in', async () => {
    const row = rowOf(nia.email);
    await row.getByRole('button', { name: `Enable ${nia.name}` }).click();
    await dialog().getByText(/They can sign in again with their password, as Super admin/).waitFor();
    await dialog().getByRole('button', { name: 'Enable', exact: true }).click();
    await notification(`${nia.email} can sign in again`);
    await row.getByTestId('operator-status').getByText('Active').waitFor();
    expect(await apiSignIn(nia)).toBe(200);
    // The run's own operator is never touched: it still holds its session.
    expect((await fetch(`${platform.api.url}/api/auth/me`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } })).status).toBe(200);
  });
});
