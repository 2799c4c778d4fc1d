import type { Page } from 'playwright-core';
import { acceptInvitation, linkToken, mailbox, mailTo, type Mail } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_TOKEN } from '../support/operator';
import { eventually, startPlatform, type Platform } from '../support/platform';
import { DESKTOP, PHONE, browserScenario } from './scenario';

/**
 * A new company's first minutes and an operator's e-mail log, in the system Chromium
 * against the real API, worker and sandbox mailbox: the sign-up wizard on a phone (the
 * step it is at by name, business hours one can read, a missing plan said in words), the
 * sign-in page (the product's name, the way to a forgotten password), a session revoked
 * on the server (the sign-in page says why; signing out on purpose says nothing), and the
 * Emails page (an e-mail shown as sent, sent again or refused when its link is spent).
 */
describe('sign-up, sign-in and e-mails in the console', () => {
  /** The new company's area, for the line it forwards calls to. */
  const areaCode = claimAreaCode();
  let platform: Platform;
  let page: Page;
  const run = Date.now().toString(36);
  const company = `Lowell Boiler Works ${run}`;
  const owner = { name: 'Lena Owner', email: `lena.${run}@example.com`, password: 'lena chose this one' };

  // The browser names itself, so that its sessions are told apart from other suites' sessions of the run's shared operator.
  const USER_AGENT = `Kestrel console test (signup-sign-in ${process.pid})`;
  const ui = browserScenario({ name: 'signup-sign-in', apiUrl: () => platform.api.url, context: { timezoneId: 'America/New_York', userAgent: USER_AGENT } });
  const { step, screenshots, signInAsOperator, url, visible, button } = ui;
  const stepTitle = () => page.getByTestId('signup-step-title');

  jest.setTimeout(120_000);

  /** The console asks who is signed in before anyone is, and again once a session has ended. */
  const SIGNED_OUT = /status of 401 .*\/api\/auth\/(me|refresh|logout)\)$/;
  /** A request of a session that has ended, and react-admin's report of its refusal. */
  const SESSION_GONE = [/status of 401 .*\/api\/admin\//, /^\[browser console\] \w+: Sign in as an operator/];

  /** The operator's own sessions, as `GET /api/auth/sessions` lists them to the run's operator. */
  async function operatorSessions(): Promise<Array<{ id: string; current: boolean; user_agent: string | null }>> {
    const res = await fetch(`${platform.api.url}/api/auth/sessions`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as Array<{ id: string; current: boolean; user_agent: string | null }>;
  }

  /** Signs the operator in in the browser and answers the id of the session that opened. */
  async function operatorSignsIn(): Promise<string> {
    const before = new Set((await operatorSessions()).map((s) => s.id));
    await signInAsOperator();
    const opened = (await operatorSessions()).filter((s) => !before.has(s.id) && !s.current && s.user_agent === USER_AGENT);
    expect(opened).toHaveLength(1);
    return opened[0]!.id;
  }

  /** Ends one of the operator's sessions from elsewhere (the run's own session), as "sign that device out" does. */
  async function revoke(sessionId: string): Promise<void> {
    const res = await fetch(`${platform.api.url}/api/auth/sessions/${sessionId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(204);
  }

  /** The e-mail of a template about this run's company, as the admin API lists it. */
  async function emailOf(template: string): Promise<{ id: string; recipient: string; subject: string; status: string }> {
    return eventually(
      async () => {
        const filter = JSON.stringify({ template, q: company });
        const res = await platform.admin(`/api/admin/emails?${new URLSearchParams({ filter })}`);
        const [found] = (await res.json()) as Array<{ id: string; recipient: string; subject: string; status: string }>;
        return found?.status === 'sent' && found;
      },
      30_000,
      `the ${template} e-mail, sent`,
    );
  }

  beforeAll(async () => {
    platform = await startPlatform();
    // The wizard is first seen on a phone.
    page = await ui.openPage({ viewport: PHONE });
  }, 240_000);

  afterAll(async () => {
    await platform?.close();
  });

  step('on a phone, the wizard says which step it is at, by name', async () => {
    await page.goto(`${platform.api.url}/signup`);
    await stepTitle().getByText('Step 1 of 6: Company', { exact: true }).waitFor();
    await page.getByLabel('Company name').fill(company);
    await page.getByRole('combobox', { name: 'Industry' }).click();
    await page.getByRole('option', { name: 'HVAC', exact: true }).click();
    await screenshots('01-wizard-company');
    await button('Next').click();
    await stepTitle().getByText('Step 2 of 6: Owner', { exact: true }).waitFor();
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('Your e-mail').fill(owner.email);
    await button('Next').click();
    await stepTitle().getByText('Step 3 of 6: Subdomain', { exact: true }).waitFor();
    await eventually(async () => (await page.getByLabel('Subdomain').inputValue()).startsWith('lowell-boiler-works-'), 10_000, 'the slug suggestion');
    await button('Next').click();
    await stepTitle().getByText('Step 4 of 6: Plan', { exact: true }).waitFor();
  });

  step('leaving the plan empty is said in words, not a message key', async () => {
    await button('Next').click();
    await page.getByTestId('plan-error').getByText('Choose a plan', { exact: true }).waitFor();
    // Still on the plan step, and nothing on the page is a key of the console's texts.
    await stepTitle().getByText('Step 4 of 6: Plan', { exact: true }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/@@react-admin@@|kestrel\.signup\./);
    await screenshots('02-wizard-plan-missing');
    await page.getByTestId('plan-starter').click();
    await page.getByTestId('plan-error').waitFor({ state: 'detached' });
    await button('Next').click();
    await stepTitle().getByText('Step 5 of 6: Calls and hours', { exact: true }).waitFor();
  });

  step("the hours are the console's business-hours input, each time wide enough to read whole", async () => {
    const hours = page.getByTestId('business-hours-input');
    await hours.waitFor();
    for (const day of ['Monday', 'Friday']) {
      for (const part of ['From', 'To']) {
        const input = page.getByLabel(`${day} ${part}`, { exact: true });
        const box = await input.boundingBox();
        expect(box?.width).toBeGreaterThanOrEqual(90);
      }
    }
    expect(await page.getByLabel('Monday From', { exact: true }).inputValue()).toBe('08:00');
    expect(await page.getByLabel('Monday To', { exact: true }).inputValue()).toBe('17:00');
    // Saturday is closed by default; a closing time before the opening one is said in words, and holds the wizard.
    await hours.getByTestId('hours-sat').getByText('Closed').waitFor();
    await page.getByLabel('Forward calls to').fill(`(${areaCode}) 555-0123`);
    await page.getByLabel('Monday To', { exact: true }).fill('07:00');
    await button('Next').click();
    await hours.getByTestId('hours-mon').getByText('Must be after the opening time', { exact: true }).waitFor();
    await stepTitle().getByText('Step 5 of 6: Calls and hours', { exact: true }).waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/@@react-admin@@|kestrel\.signup\./);
    await screenshots('03-wizard-hours-wrong');
    await page.getByLabel('Monday To', { exact: true }).fill('16:30');
    await hours.getByTestId('hours-mon').getByText('Must be after the opening time').waitFor({ state: 'detached' });
    await screenshots('04-wizard-hours');
    await button('Next').click();
    await stepTitle().getByText('Step 6 of 6: Review', { exact: true }).waitFor();
    await page.getByTestId('review-routing').getByText(/Mon 08:00–16:30/).waitFor();
    await screenshots('05-wizard-review');
  });

  step('on a desktop the wizard shows every step; the sign-up is made', async () => {
    await page.setViewportSize(DESKTOP);
    const progress = page.getByTestId('signup-progress');
    for (const name of ['Company', 'Owner', 'Subdomain', 'Plan', 'Calls and hours', 'Review']) await progress.getByText(name, { exact: true }).waitFor();
    expect(await stepTitle().count()).toBe(0);
    await button('Sign up').click();
    await visible(`Welcome to Kestrel, ${company}!`);
    const { recipient } = await emailOf('welcome');
    expect(recipient).toBe(owner.email);
    const [tenant] = (await (await platform.admin(`/api/admin/tenants?${new URLSearchParams({ filter: JSON.stringify({ q: company }) })}`)).json()) as Array<{
      business_hours: Record<string, unknown>;
    }>;
    expect(tenant?.business_hours).toMatchObject({ mon: { open: '08:00', close: '16:30' }, tue: { open: '08:00', close: '17:00' }, sat: null, sun: null });
  });

  step(
    'the sign-in page names Kestrel and leads to a forgotten password',
    async () => {
      await page.goto(url('/login'));
      await page.getByTestId('product-name').getByText('Kestrel', { exact: true }).waitFor();
      expect(await page.getByTestId('session-ended').count()).toBe(0);
      await screenshots('06-sign-in');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.waitForURL(/\/admin\/reset-password$/);
      await visible('Reset your password');
      await page.locator('#reset-email').waitFor();
      await screenshots('07-reset-password');
    },
    [SIGNED_OUT],
  );

  step(
    'a session revoked on the server sends the browser to sign in, saying the session ended',
    async () => {
      const session = await operatorSignsIn();
      await revoke(session);
      // The next thing the operator does finds the session gone.
      await page.getByRole('menuitem', { name: 'Tenants' }).click();
      await page.waitForURL(/\/admin\/login\?session=ended$/);
      await page.getByTestId('session-ended').getByText('Your session ended; please sign in again.').waitFor();
      await screenshots('08-session-ended');
    },
    [SIGNED_OUT, ...SESSION_GONE],
  );

  step(
    'so does coming back to the console after the session was revoked',
    async () => {
      const session = await operatorSignsIn();
      await revoke(session);
      await page.reload();
      await page.waitForURL(/\/admin\/login\?session=ended$/);
      await page.getByTestId('session-ended').getByText('Your session ended; please sign in again.').waitFor();
    },
    [SIGNED_OUT, ...SESSION_GONE],
  );

  step(
    'signing out on purpose leads to the sign-in page with no such words',
    async () => {
      await operatorSignsIn();
      await page.getByRole('button', { name: 'Profile' }).click();
      await page.getByRole('menuitem', { name: 'Logout' }).click();
      await page.waitForURL(/\/admin\/login$/);
      await page.locator('#email').waitFor();
      await page.waitForTimeout(500);
      expect(await page.getByTestId('session-ended').count()).toBe(0);
      // A reload remembers no session either.
      await page.reload();
      await page.locator('#email').waitFor();
      expect(page.url()).toMatch(/\/admin\/login$/);
      expect(await page.getByTestId('session-ended').count()).toBe(0);
    },
    [SIGNED_OUT],
  );

  let welcome: Mail;

  step(
    'the Emails page shows the welcome e-mail as it was sent, without its link\'s secret',
    async () => {
      await operatorSignsIn();
      const email = await emailOf('welcome');
      welcome = await mailTo(platform, owner.email, /^Welcome to Kestrel/);
      const token = linkToken(welcome, 'set-password');
      await page.getByRole('menuitem', { name: 'Emails' }).click();
      await page.getByText(email.subject).first().click();
      await page.waitForURL(new RegExp(`/admin/emails/${email.id}/show$`));
      const frame = page.frameLocator('[data-testid="email-preview-html"]');
      await frame.getByText(`Thank you for choosing Kestrel for ${company}.`, { exact: false }).waitFor();
      await frame.getByRole('link', { name: 'Choose your password' }).waitFor();
      // The frame runs nothing: no scripts, no forms, nothing of the console's.
      expect(await page.getByTestId('email-preview-html').getAttribute('sandbox')).toBe('');
      expect(await page.getByTestId('email-preview-html').getAttribute('srcdoc')).not.toContain(token);
      await screenshots('09-email-preview');
      await page.getByRole('tab', { name: 'Plain text' }).click();
      const text = page.getByTestId('email-preview-text');
      await text.getByText(`Hi ${owner.name},`, { exact: false }).waitFor();
      expect(await text.innerText()).toContain('/admin/set-password#token=…');
      expect(await text.innerText()).not.toContain(token);
      await screenshots('10-email-preview-text');
    },
    [SIGNED_OUT],
  );

  step(
    'once its link is used, the welcome e-mail is not sent again, and the page says how to get a fresh link',
    async () => {
      // The owner follows the welcome e-mail's link and chooses a password.
      await acceptInvitation(platform, linkToken(welcome, 'set-password'), owner.password);
      await button('Send again').click();
      await page.getByRole('dialog').getByText(`goes again to ${owner.email}`, { exact: false }).waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Send again' }).click();
      const status = page.getByTestId('resend-status');
      await status.getByText(/single-use link has been used already/).waitFor();
      await status.getByText(/Forgot your password\?/).waitFor();
      await screenshots('11-email-resend-refused');
      expect(await mailbox(platform, owner.email)).toHaveLength(1);
    },
    [SIGNED_OUT, /status of 409 .*\/api\/admin\/emails\/[\w-]+\/resend\)$/],
  );

  step(
    'the new sign-up e-mail to the operators is sent again: a second copy in the mailbox, a new e-mail in the log that names the first',
    async () => {
      const original = await emailOf('tenant_signup');
      const subject = new RegExp(`^New tenant signup: ${company}$`);
      await mailTo(platform, original.recipient, subject);
      await page.goto(url(`/emails/${original.id}/show`));
      await page.frameLocator('[data-testid="email-preview-html"]').getByText('just signed up', { exact: false }).waitFor();
      await button('Send again').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Send again' }).click();
      await page.getByTestId('resend-status').getByText(`Sent again to ${original.recipient}.`).waitFor();
      await page.getByTestId('email-resend').first().getByText('Sent').waitFor();
      await screenshots('12-email-resent');

      const copies = (await mailbox(platform, original.recipient)).filter((m) => subject.test(m.subject));
      expect(copies).toHaveLength(2);
      expect(copies[0]!.text).toBe(copies[1]!.text);

      const shown = (await (await platform.admin(`/api/admin/emails/${original.id}`)).json()) as { resends: Array<{ id: string; status: string }> };
      expect(shown.resends).toHaveLength(1);
      const resend = (await (await platform.admin(`/api/admin/emails/${shown.resends[0]!.id}`)).json()) as { resend_of: string; template: string; recipient: string; status: string };
      expect(resend).toMatchObject({ resend_of: original.id, template: 'tenant_signup', recipient: original.recipient, status: 'sent' });
      const audit = (await (await platform.admin(`/api/admin/audit-log?${new URLSearchParams({ filter: JSON.stringify({ action: 'email.resent' }) })}`)).json()) as Array<{
        target_id: string;
        actor_type: string;
      }>;
      expect(audit.filter((entry) => entry.target_id === original.id)).toEqual([expect.objectContaining({ actor_type: 'operator' })]);

      // The re-send's page names the e-mail it sends again.
      await page.getByTestId('email-resend').first().getByRole('link').click();
      await page.waitForURL(new RegExp(`/admin/emails/${shown.resends[0]!.id}/show$`));
      await page.getByTestId('email-resends').getByText('This e-mail sends again').waitFor();
    },
    [SIGNED_OUT],
  );
});
