import type { Page } from 'playwright-core';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_LOGIN, eventually, signup, startPlatform, type Platform } from '../support/platform';
import { SIGNED_OUT, browserScenario, refused } from './scenario';

/**
 * The console as a person uses it, in the system Chromium against the real API, worker,
 * Temporal and Postgres: sign a company up, sign in, find it, give it a number, start
 * its trial, meet a refusal, and read the dashboard.
 */
describe('admin console', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let page: Page;
  const run = Date.now().toString(36);
  const company = `Bayside Plumbing ${run}`;
  const takenEmail = `taken.${run}@example.com`;
  let tenantId: string;
  let otherTenantId: string;

  const ui = browserScenario({ name: 'console', apiUrl: () => platform.api.url });
  const { step, screenshot, url, visible, button, dialog, openList } = ui;
  // Inputs are found by their label, as a person finds them.
  const field = (label: string) => page.getByLabel(label);

  jest.setTimeout(120_000);

  beforeAll(async () => {
    // The trial outlasts the test and ends within 7 days, so the dashboard lists it.
    platform = await startPlatform({ TRIAL_DURATION: '5d', TRIAL_REMINDER_BEFORE: '3d' });
    page = await ui.openPage();
  }, 240_000);

  afterAll(async () => {
    await platform?.close();
  });

  step(
    'signs a company up through the wizard, sending server errors back to their step',
    async () => {
      // Someone already signed up with the owner's e-mail: the API refuses it on submit.
      const other = await platform.post('/api/onboarding', signup({ owner_email: takenEmail }));
      expect(other.status).toBe(201);
      otherTenantId = ((await other.json()) as any).tenant.id;

      await page.goto(url('/signup'));
      await field('Company name').fill(company);
      await page.getByRole('combobox', { name: 'Industry' }).click();
      await page.getByRole('option', { name: 'Plumbing', exact: true }).click();
      await button('Next').click();

      await field('Your name').fill('Robin Owner');
      await field('Your e-mail').fill(takenEmail);
      await field('Your phone').fill('(617) 555-0142');
      await button('Next').click();

      // The subdomain was suggested by the API from the company name while it was typed.
      const slug = `bayside-plumbing-${run}`;
      await eventually(async () => (await field('Subdomain').inputValue()) === slug, 10_000, 'the slug suggestion');
      await screenshot('01-signup-subdomain');
      await button('Next').click();

      await visible('$1,497 / month');
      await visible('1,500 calls / month');
      await page.getByTestId('plan-professional').click();
      await screenshot('02-signup-plans');
      await button('Next').click();

      await field('Forward calls to').fill('(617) 555-0199');
      await field('Emergency phone').fill('+1 617 555 0111');
      await screenshot('03-signup-routing');
      await button('Next').click();

      await visible('Professional — $1,497 / month');
      await screenshot('04-signup-review');
      await button('Sign up').click();

      // The e-mail is taken: the wizard goes back to the owner step and says so under the field.
      await visible('already has a tenant');
      expect(await page.getByTestId('step-owner').isVisible()).toBe(true);
      await screenshot('05-signup-server-error');
      await field('Your e-mail').fill(`robin.${run}@example.com`);
      for (let i = 0; i < 4; i++) await button('Next').click();
      await button('Sign up').click();

      await visible(`Welcome to Kestrel, ${company}!`);
      await visible(`Your account "${slug}" is created and pending.`);
      await screenshot('06-signup-confirmation');
    },
    [refused(409, '/api/onboarding')],
  );

  step(
    'refuses a wrong password and signs in with the right one',
    async () => {
      await page.goto(url('/'));
      await page.locator('#email').fill(OPERATOR_LOGIN.email);
      await page.locator('#password').fill('not the password at all');
      await button('Sign in').click();
      await visible('The e-mail or the password is wrong.');
      await screenshot('07-login-refused');

      await page.locator('#password').fill(OPERATOR_LOGIN.password);
      await button('Sign in').click();
      await visible('Kestrel operator console');
      await visible('All systems ready');
    },
    [refused(401, '/api/auth/login')],
  );

  step('finds the new tenant by search and opens it', async () => {
    await openList('Tenants', `plumbing ${run}`);
    await eventually(async () => (await page.locator('tbody tr').count()) === 1 && (await page.locator('tbody tr').first().textContent())?.includes(company), 10_000, 'the search result');
    await visible('Pending');
    await screenshot('08-tenant-list-search');

    await page.getByRole('cell', { name: company }).click();
    await page.waitForURL(/\/admin\/tenants\/[0-9a-f-]{36}\/show$/);
    tenantId = /tenants\/([0-9a-f-]{36})\/show/.exec(page.url())![1]!;
    await visible(`bayside-plumbing-${run}`);
    await screenshot('09-tenant-overview');
  });

  step('provisions a number in the area code typed, from the button', async () => {
    await button('Provision number').click();
    await dialog().getByLabel('Area code').fill(areaCode);
    await screenshot('10-provision-dialog');
    await dialog().getByRole('button', { name: 'Provision number' }).click();
    await visible('Provision number: done');

    await page.getByRole('tab', { name: 'Phone & AI' }).click();
    await visible(new RegExp(`^\\(${areaCode}\\) \\d{3}-\\d{4}$`));
    expect(await field('Forward calls to').inputValue()).toBe('+16175550199');
    await screenshot('11-tenant-phone');
  });

  step('activates the tenant, whose trial counts down in the Workflow tab', async () => {
    await button('Activate').click();
    await dialog().getByRole('button', { name: 'Activate' }).click();
    await visible('Activate: done');

    await page.getByRole('tab', { name: 'Workflow' }).click();
    const panel = page.getByTestId('workflow-panel');
    await panel.getByTestId('status-chip').first().getByText('Trial').waitFor();
    await panel.getByText('Trial reminder e-mail').waitFor();
    const countdown = panel.getByTestId('countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^in 1d 23:\d\d:\d\d$/);
    await eventually(async () => (await countdown.textContent()) !== first, 5_000, 'the countdown to tick');
    await panel.getByText('Trial started').waitFor();
    await panel.getByText('Number provisioned').waitFor();
    expect(await page.getByTestId('temporal-link').getAttribute('href')).toBe(`http://localhost:8233/namespaces/default/workflows/tenant-${tenantId}`);
    // Exactly what the workflow allows now: a trial is not activated twice.
    expect(await button('Activate').isDisabled()).toBe(true);
    await button('Extend trial').waitFor();
    await screenshot('12-tenant-workflow-trial');
  });

  step(
    "shows the workflow's reason when an action is refused",
    async () => {
      await button('Change plan').click();
      await dialog().getByRole('combobox', { name: /New plan/ }).click();
      await page.getByRole('option', { name: 'Premium' }).click();
      await screenshot('13-change-plan-dialog');
      // Another operator changes the plan while this dialog is open.
      expect((await platform.admin(`/api/admin/tenants/${tenantId}/actions/change-plan`, { body: { tier: 'premium' } })).status).toBe(200);
      await dialog().getByRole('button', { name: 'Change plan' }).click();
      await visible('Refused by the workflow: the plan is already premium');
      await screenshot('14-action-refused');

      await page.getByRole('tab', { name: 'Subscription' }).click();
      await visible('Premium');
    },
    [refused(409, '/actions/change-plan')],
  );

  step('counts tenants and MRR on the dashboard as the API does', async () => {
    // The other company goes live without a trial, billed by bank transfer, so it is active and counts in MRR.
    expect((await platform.admin(`/api/admin/tenants/${otherTenantId}/actions/provision-number`, { body: { areaCode } })).status).toBe(200);
    expect((await platform.admin(`/api/admin/tenants/${otherTenantId}/actions/confirm-billing`, { body: {} })).status).toBe(200);
    expect((await platform.admin(`/api/admin/tenants/${otherTenantId}/actions/activate`, { body: { skipTrial: true } })).status).toBe(200);

    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    await page.getByTestId('trials-ending').getByText(company).waitFor();
    // Other suites may sign tenants up meanwhile: compare with the API until both agree.
    await eventually(
      async () => {
        const stats = (await (await platform.admin('/api/admin/stats')).json()) as { mrr_cents: number; tenants: { total: number; by_status: Record<string, number> } };
        const mrr = `$${(stats.mrr_cents / 100).toLocaleString('en-US')}`;
        const expected = {
          total: stats.tenants.total,
          active: stats.tenants.by_status.active ?? 0,
          trial: stats.tenants.by_status.trial ?? 0,
          pending: stats.tenants.by_status.pending ?? 0,
          suspended: stats.tenants.by_status.suspended ?? 0,
        };
        await page.reload();
        // Cards show a placeholder until the figures arrive.
        await page.locator('[data-testid=stat-total]', { hasText: /\d/ }).waitFor();
        const shown: Record<string, number> = {};
        for (const card of Object.keys(expected)) {
          shown[card] = Number((await page.getByTestId(`stat-${card}`).textContent({ timeout: 10_000 }))?.replace(/,/g, '') ?? NaN);
        }
        const shownMrr = await page.getByTestId('stat-mrr').textContent();
        return JSON.stringify(shown) === JSON.stringify(expected) && shownMrr === mrr && { ...expected, mrr };
      },
      30_000,
      'the dashboard to match the stats',
    ).then((counts) => {
      expect(counts.trial).toBeGreaterThanOrEqual(1);
      expect(counts.active).toBeGreaterThanOrEqual(1);
      expect(counts.mrr).toMatch(/^\$[1-9][\d,]*$/);
    });
    // What is stuck, as GET /api/admin/attention lists it: either nothing, or one line per item.
    const attention = page.getByTestId('needs-attention');
    await attention.getByText('Needs attention').waitFor();
    const listed = ((await (await platform.admin('/api/admin/attention')).json()) as { items: unknown[] }).items.length;
    if (listed === 0) await attention.getByText('Nothing is stuck.').waitFor();
    else await attention.getByText(/still retrying|longer than it should/).first().waitFor();
    await screenshot('15-dashboard');
  });

  step("opens a read-only support session on the tenant: a banner with the time left, ended from the banner", async () => {
    await page.goto(url(`/tenants/${tenantId}/show`));
    await button('Support session').click();
    await dialog().getByLabel('Why support needs to look').fill('The owner asked why the greeting changed');
    await dialog().getByLabel('Ticket reference (optional)').fill('ZD-4321');
    await button('Open read-only').click();
    const banner = page.getByTestId('support-banner');
    await banner.getByText(new RegExp(`Support session on ${company}: read-only, (29|30):\\d\\d left`)).waitFor();
    await screenshot('16-support-session');
    await banner.getByRole('button', { name: 'End support session' }).click();
    await banner.waitFor({ state: 'detached' });
    // Back where it began: the tenant's page in the operator console.
    await page.waitForURL(new RegExp(`/admin/tenants/${tenantId}/show$`));
    await visible(company);
  });

  step(
    'signs out when the session ends elsewhere',
    async () => {
      // As if the operator had signed out in another tab: the session is over on the server.
      await page.evaluate("fetch('/api/auth/logout', { method: 'POST' })");
      await page.getByRole('menuitem', { name: 'Tenants' }).click();
      await page.waitForURL(/\/admin\/login\?session=ended$/);
      await visible('Your session ended; please sign in again.');
      await screenshot('17-logged-out');
    },
    [SIGNED_OUT, /status of 401 .*\/api\/admin\/tenants\?/],
  );
});
