import type { Page } from 'playwright-core';
import { createKnex } from '../../db/connection';
import { claimAreaCode } from '../support/area-codes';
import { eventually, signup, startPlatform, type Platform } from '../support/platform';
import { SIGNED_OUT, browserScenario } from './scenario';

/**
 * The console's tenant pages and dashboard as an operator uses them, in the system
 * Chromium against the real API, worker, Temporal and Postgres: quick-add a company from
 * the list, buy it a number in its area on the provision page, activate it, change how its
 * agent answers, read the change in its activity log, and look at the dashboard. Every
 * page must load without a page error, a console error or a console warning.
 */
describe('admin console: tenants and dashboard', () => {
  /** The company's area: its number, and the lines it forwards calls to. */
  const areaCode = claimAreaCode();
  let platform: Platform;
  let page: Page;
  const run = Date.now().toString(36);
  const company = `Desert Air ${run}`;
  const slug = `desert-air-${run}`;
  let tenantId: string;

  const ui = browserScenario({ name: 'tenants', apiUrl: () => platform.api.url, warnings: true });
  const { step, screenshot: shot, fitsTheScreen, signInAsOperator, url, visible, button, dialog, tab, notification, search } = ui;
  const hours = (day: string) => page.getByTestId(`hours-${day}`);

  jest.setTimeout(120_000);

  beforeAll(async () => {
    // The trial outlasts the test and ends within 7 days, so the dashboard lists it.
    platform = await startPlatform({ TRIAL_DURATION: '5d', TRIAL_REMINDER_BEFORE: '3d', BILLING_CYCLE: '30d' });
    page = await ui.openPage();
  }, 240_000);

  afterAll(async () => {
    await platform?.close();
  });

  step(
    'signs in',
    async () => {
      await signInAsOperator();
    },
    [SIGNED_OUT],
  );

  step('quick-adds a tenant from the list, correcting a field first', async () => {
    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    await button('Quick add').click();
    const form = dialog();
    await form.getByLabel('Company name').fill(company);
    // The API suggests a free subdomain from the company name while it is typed.
    await eventually(async () => (await form.getByLabel('Subdomain').inputValue()) === slug, 10_000, 'the slug suggestion');
    await form.getByRole('combobox', { name: 'Industry' }).click();
    await page.getByRole('option', { name: 'HVAC', exact: true }).click();
    await form.getByRole('combobox', { name: 'Time zone' }).click();
    await page.getByRole('option', { name: 'Mountain, no DST (Phoenix)' }).click();
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Reese Owner');
    await form.getByRole('textbox', { name: 'E-mail', exact: true }).fill(`reese.${run}@example.com`);
    await form.getByRole('combobox', { name: 'Plan' }).click();
    await page.getByRole('option', { name: 'Professional' }).click();
    await form.getByLabel('Forward calls to').fill('555-01');
    await button('Add tenant').click();

    // Nothing is sent: the field says what is wrong, and the dialog stays open.
    await form.getByText('Expected a phone number such as (617) 555-0199').waitFor();
    await shot('tenants-01-quick-add-invalid');
    await form.getByLabel('Forward calls to').fill(`(${areaCode}) 555-0147`);
    await button('Add tenant').click();
    await notification(`${company} is signed up as "${slug}"`);
    await form.waitFor({ state: 'detached' });

    // The newest tenant comes first, with its status and no usage bar before it has a number.
    const row = page.locator('tbody tr').filter({ hasText: company });
    await row.waitFor();
    await row.getByText('Pending').waitFor();
    expect(await row.getByTestId('usage-bar').count()).toBe(0);
    await shot('tenants-02-list');
  });

  step('searches, sorts and filters the list', async () => {
    const other = `Mesa Plumbing ${run}`;
    expect((await platform.post('/api/onboarding', signup({ company_name: other, plan_tier: 'starter' }))).status).toBe(201);
    const names = () => page.locator('tbody tr td.column-company_name p').allTextContents();
    const shows = (expected: string[]) => eventually(async () => JSON.stringify(await names()) === JSON.stringify(expected), 10_000, `the list to show ${expected.join(', ')}`);

    // Both companies of this run, newest first; then by name.
    await search(run);
    await shows([other, company]);
    await page.getByRole('button', { name: 'Sort by company ascending' }).click();
    await shows([company, other]);

    await button('Add filter').click();
    await page.getByRole('menuitemcheckbox', { name: 'Plan' }).click();
    await page.getByRole('combobox', { name: 'Plan' }).click();
    await page.getByRole('option', { name: 'Professional' }).click();
    await shows([company]);
    expect(await page.locator('tbody tr td.column-plan_tier').allTextContents()).toEqual(['Professional']);
  });

  step('opens the tenant', async () => {
    await page.locator('tbody tr').filter({ hasText: company }).click();
    await page.waitForURL(/\/admin\/tenants\/[0-9a-f-]{36}\/show$/);
    tenantId = /tenants\/([0-9a-f-]{36})\/show/.exec(page.url())![1]!;
    await visible(slug);
    await visible('Mountain, no DST (Phoenix)');
    await shot('tenants-03-overview');
  });

  step('searches numbers in the area and buys one, following the workflow to the number', async () => {
    await tab('Phone & AI').click();
    await page.getByTestId('tenant-phone-number').getByText('No number yet').waitFor();
    await page.getByRole('link', { name: 'Choose a number' }).click();
    await page.waitForURL(new RegExp(`/admin/tenants/${tenantId}/provision$`));
    await visible(`Provision a number for ${company}`);

    await page.getByLabel('Area code').fill('60');
    await button('Search').click();
    await visible('Expected a 3-digit US area code');
    await page.getByLabel('Area code').fill(areaCode);
    await button('Search').click();
    const offered = page.getByTestId('available-number');
    await offered.first().waitFor();
    expect(await offered.count()).toBeGreaterThan(0);
    for (const text of await offered.allTextContents()) expect(text).toContain(`(${areaCode})`);
    await offered.first().getByRole('img', { name: 'Voice: yes' }).waitFor();
    await shot('tenants-04-provision-search');

    // The saga picks the number when it buys: the page offers a number in the area, not one of the list.
    await button(`Buy a number in area ${areaCode}`).click();
    await page.getByTestId('provision-progress').waitFor();
    const bought = await page.getByTestId('provisioned-number').textContent({ timeout: 60_000 });
    expect(bought).toMatch(new RegExp(`^\\(${areaCode}\\) \\d{3}-\\d{4}$`));
    await visible('Number ready');
    await shot('tenants-05-provision-done');

    await page.getByRole('link', { name: 'Back to the tenant' }).click();
    await page.waitForURL(new RegExp(`/admin/tenants/${tenantId}/show$`));
    await tab('Phone & AI').click();
    await page.getByTestId('tenant-phone-number').getByText(bought!).waitFor();
  });

  step('activates the tenant', async () => {
    await button('Activate').click();
    await dialog().getByRole('button', { name: 'Activate' }).click();
    await notification('Activate: done');
    await tab('Overview').click();
    await page.getByTestId('status-chip').getByText('Trial').waitFor();
  });

  step(
    'edits Phone & AI: a bad number is refused on its field, hours and a keyword are saved and read back',
    async () => {
      await tab('Phone & AI').click();
      const forward = page.getByLabel('Forward calls to');
      expect(await forward.inputValue()).toBe(`+1${areaCode}5550147`);
      await shot('tenants-06-phone-ai');

      // Looks like a phone number, but no US number starts 555: the API refuses it (422), under the field.
      await forward.fill('+1 555 555 0100');
      await button('Save').click();
      await page.getByText('expected a valid phone number, e.g. +18575550123').waitFor();
      await shot('tenants-07-phone-ai-refused');

      await forward.fill(`(${areaCode}) 555-0188`);
      await hours('wed').getByLabel('Wednesday From').fill('09:30');
      await hours('wed').getByLabel('Wednesday To').fill('18:00');
      await hours('sat').getByRole('switch', { name: 'Open on Saturday' }).check();
      await hours('sat').getByLabel('Saturday From').fill('09:00');
      await hours('sat').getByLabel('Saturday To').fill('13:00');
      const keywords = page.getByTestId('emergency-keywords');
      await keywords.getByLabel('New keyword').fill('sewage backup');
      await keywords.getByLabel('New keyword').press('Enter');
      await keywords.getByTestId('keyword-chip').filter({ hasText: 'sewage backup' }).waitFor();
      await button('Save').click();
      await notification('Settings saved');

      // Read back from the API, as a fresh page load does.
      await page.reload();
      await tab('Phone & AI').click();
      await eventually(async () => (await page.getByLabel('Forward calls to').inputValue()) === `+1${areaCode}5550188`, 10_000, 'the saved forward number');
      expect(await hours('wed').getByLabel('Wednesday From').inputValue()).toBe('09:30');
      expect(await hours('wed').getByLabel('Wednesday To').inputValue()).toBe('18:00');
      expect(await hours('sat').getByRole('switch', { name: 'Open on Saturday' }).isChecked()).toBe(true);
      expect(await hours('sat').getByLabel('Saturday To').inputValue()).toBe('13:00');
      expect(await hours('sun').getByRole('switch', { name: 'Open on Sunday' }).isChecked()).toBe(false);
      expect(await page.getByTestId('keyword-chip').allTextContents()).toContain('sewage backup');

      const saved = (await (await platform.admin(`/api/admin/tenants/${tenantId}`)).json()) as {
        forward_to_number: string;
        business_hours: Record<string, unknown>;
        ai_settings: { emergency_keywords?: string[] };
      };
      expect(saved.forward_to_number).toBe(`+1${areaCode}5550188`);
      expect(saved.business_hours.wed).toEqual({ open: '09:30', close: '18:00' });
      expect(saved.business_hours.sat).toEqual({ open: '09:00', close: '13:00' });
      expect(saved.ai_settings.emergency_keywords).toContain('sewage backup');
    },
    [/status of 422 .*\/api\/admin\/tenants\/[0-9a-f-]{36}\)$/, /^\[browser console\] \w+: Some fields are missing or invalid; see errors\./],
  );

  step('shows the changes in the Activity tab', async () => {
    await tab('Activity').click();
    const entry = page.locator('tbody tr').filter({ hasText: 'Settings changed' });
    await entry.waitFor();
    // One save, one entry: the refused one changed nothing.
    expect(await entry.count()).toBe(1);
    await entry.getByText(`+1${areaCode}5550147`).waitFor();
    await entry.getByText(`+1${areaCode}5550188`).waitFor();
    const changes = await entry.getByTestId('audit-change').allTextContents();
    expect(changes).toEqual(
      expect.arrayContaining([
        `Forward calls to: +1${areaCode}5550147 → +1${areaCode}5550188`,
        'Business hours · Wednesday: 08:00–17:00 → 09:30–18:00',
        'Business hours · Saturday: Closed → 09:00–13:00',
        // The tenant had the platform's list until now: the saved list is its own.
        expect.stringMatching(/^Emergency keywords: default → gas leak, .*, sewage backup$/),
      ]),
    );
    for (const transition of ['Signed up', 'Number provisioned', 'Trial started']) {
      await page.locator('tbody tr').filter({ hasText: transition }).first().waitFor();
    }
    await shot('tenants-08-activity');
  });

  step('shows the subscription with its usage, and the tenant\'s calls', async () => {
    await tab('Subscription').click();
    await visible('Professional — $1,497 / month');
    await page.getByTestId('subscription-usage').getByText('0 / 1,500 calls').waitFor();
    await page.getByTestId('subscription-cycle').waitFor();
    await shot('tenants-09-subscription');

    await tab('Calls').click();
    await visible('No calls yet.');
  });

  step('shows the cards and charts on the dashboard', async () => {
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    for (const card of ['total', 'active', 'trial', 'pending', 'suspended', 'mrr', 'calls_this_month', 'dead_letters_open']) {
      await page.locator(`[data-testid=stat-${card}]`, { hasText: /\d/ }).waitFor();
    }
    expect(Number(await page.getByTestId('stat-trial').textContent())).toBeGreaterThanOrEqual(1);
    // Thirty days of calls stacked by outcome, and revenue by plan, drawn as SVG.
    await page.getByTestId('calls-per-day-chart').getByRole('application').waitFor();
    await page.getByTestId('calls-per-day-chart').getByRole('img', { name: 'Appointment booked legend icon' }).waitFor();
    await page.getByTestId('mrr-by-plan-chart').getByRole('application').waitFor();
    expect(await page.getByTestId('mrr-by-plan-chart').getByText('Professional').count()).toBe(1);
    await page.getByTestId('trials-ending').getByText(company).waitFor();
    await visible('Dead letters');
    await shot('tenants-10-dashboard');
  });

  step('fits a phone: the tenant list and the tenant page at 390 px', async () => {
    // A company that signed up with a name without spaces must wrap, not widen the list.
    const res = await platform.post('/api/onboarding', signup({ company_name: `Supercalifragilisticexpialidocious-Heating-and-Cooling-${run}` }));
    expect(res.status).toBe(201);
    // And a dead letter with a long error, which the dashboard lists.
    const owner = createKnex(process.env.DATABASE_URL!, 1);
    try {
      await owner('dead_letters').insert({ tenant_id: tenantId, workflow_id: `call-CA${run}`, step: 'summariseCall', error: `the model did not answer with the summary schema: ${'unparseable-output-'.repeat(8)}` });
    } finally {
      await owner.destroy();
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url('/tenants'));
    await page.getByText(company).first().waitFor();
    await fitsTheScreen();
    await shot('tenants-11-list-390');
    await page.getByText(company).first().click();
    await page.waitForURL(/\/show$/);
    await visible(slug);
    await fitsTheScreen();
    await shot('tenants-12-overview-390');
    await tab('Phone & AI').click();
    await page.getByTestId('phone-ai-form').waitFor();
    await fitsTheScreen();
    await shot('tenants-13-phone-ai-390');
    await page.goto(url('/'));
    await page.getByTestId('calls-per-day-chart').waitFor();
    await fitsTheScreen();
    await shot('tenants-14-dashboard-390');
  });
});
