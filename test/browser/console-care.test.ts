import type { Knex } from 'knex';
import type { Page } from 'playwright-core';
import { createKnex } from '../../db/connection';
import { signUpOwner, verifyPhone } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { eventually, signup, startPlatform, type Platform } from '../support/platform';
import { SIGNED_OUT, browserScenario } from './scenario';

/**
 * The console's tenant-care pages as an operator and a company owner use them, in the
 * system Chromium against the real API, worker, Temporal and Postgres: define a feature
 * flag and roll it out, override it for one tenant, read a tenant's health and the
 * dashboard's distribution, filter the list by band, add a location and find it under
 * its company, export a tenant's data to a working download, erase a cancelled tenant,
 * and request an export from the company's own settings. Every page must load without a
 * page error, a console error or a console warning, and fit a phone's width.
 */
describe('admin console: tenant care', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let db: Knex;
  let page: Page;
  const run = Date.now().toString(36);
  const company = `Copper State Cooling ${run}`;
  const leaving = `Gone Fishing Plumbing ${run}`;
  const flag = `sms_confirmations_${run}`;
  /** The owner_phone of the sign-up: in the file's own area, as codes sent to a number are counted across the run. */
  const owner = { email: `opal.${run}@example.com`, password: 'opal owner password', phone: `+1${areaCode}5550160` };
  let tenantId: string;
  let companySlug: string;
  let leavingId: string;
  let leavingSlug: string;
  let locationId: string;

  const ui = browserScenario({ name: 'care', apiUrl: () => platform.api.url, warnings: true });
  const { step, screenshots, signIn, signInAsOperator, url, visible, button, dialog, tab, notification, search } = ui;

  jest.setTimeout(150_000);

  async function onboard(companyName: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; slug: string }> {
    const res = await platform.post('/api/onboarding', signup({ company_name: companyName, ...overrides }));
    expect(res.status).toBe(201);
    return ((await res.json()) as { tenant: { id: string; slug: string } }).tenant;
  }

  async function openTenant(id: string, tabName?: string): Promise<void> {
    await page.goto(url(`/tenants/${id}/show`));
    await page.getByTestId('tenant-overview').waitFor();
    if (tabName) await tab(tabName).click();
  }

  /** Follows an export's bar to 100% and checks that its link downloads the zip. */
  async function exportReachesTheEnd(): Promise<void> {
    const progress = page.getByTestId('export-progress');
    await progress.waitFor();
    await eventually(async () => (await progress.getAttribute('data-status')) === 'completed', 90_000, 'the export to complete');
    expect(await progress.getAttribute('data-percent')).toBe('100');
    await progress.getByText('100%').waitFor();
    const link = progress.getByTestId('export-download');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/downloads\/exports\/[0-9a-f-]{36}\?expires=\d+&signature=[0-9a-f]+$/);
    // The link is its own credential: it downloads without the session's cookies.
    const download = await fetch(`${platform.api.url}${href}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^application\/zip/);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    const zip = Buffer.from(await download.arrayBuffer());
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
  }

  beforeAll(async () => {
    platform = await startPlatform();
    db = createKnex(process.env.DATABASE_URL!, 2);

    // Opal signs the company up and sets her password from the welcome e-mail; she verifies her
    // phone with the code texted to it, so the portal does not ask her at sign-in.
    const signedUp = await signUpOwner(platform, { company_name: company, plan_tier: 'professional', owner_email: owner.email, owner_name: 'Opal Owner', owner_phone: owner.phone }, { password: owner.password });
    ({ tenantId, slug: companySlug } = signedUp);
    await verifyPhone(platform, signedUp);
    ({ id: leavingId, slug: leavingSlug } = await onboard(leaving));
    // Three earlier days of scores, as the daily run would have left them, for the trend.
    const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
    const breakdown = (engagement: number) => ({ usage: -20, engagement, support: 0, payment: 0 });
    await db('health_scores').insert(
      [
        { ago: 3, score: 80, engagement: 0 },
        { ago: 2, score: 80, engagement: 0 },
        { ago: 1, score: 50, engagement: -30 },
      ].map((s) => ({ tenant_id: tenantId, day: day(s.ago), computed_at: new Date(Date.now() - s.ago * 86_400_000), score: s.score, breakdown: breakdown(s.engagement) })),
    );
    page = await ui.openPage();
  }, 240_000);

  afterAll(async () => {
    await db?.destroy();
    await platform?.close();
  });

  step(
    'signs in as an operator',
    async () => {
      await signInAsOperator();
    },
    [SIGNED_OUT],
  );

  step(
    'defines a feature flag: a bad name is refused on its field, then it is rolled out to 10%, then 25%',
    async () => {
      await page.getByRole('menuitem', { name: 'Feature flags' }).click();
      await page.locator('tbody tr').filter({ hasText: 'premium_model' }).waitFor();
      await page.getByRole('link', { name: 'Create' }).click();
      await page.waitForURL(/\/admin\/feature-flags\/create$/);
      const name = page.getByRole('textbox', { name: 'Name', exact: true });
      await name.fill('SMS Confirmations');
      await page.getByRole('textbox', { name: 'Description', exact: true }).fill('Text the caller after a booking');
      await page.getByRole('spinbutton', { name: 'Rollout (% of tenants)' }).fill('10');
      await button('Save').click();
      // The API's rule for names, under the name.
      await visible('expected lowercase letters, digits and underscores, starting with a letter (2–63 characters)');
      await screenshots('01-flag-refused');

      await name.fill(flag);
      await button('Save').click();
      const row = page.locator('tbody tr').filter({ hasText: flag });
      await row.waitFor();
      expect(await row.getByTestId('flag-rollout').getAttribute('data-percent')).toBe('10');

      await row.click();
      await page.getByTestId('flag-name').getByText(flag).waitFor();
      await page.getByRole('spinbutton', { name: 'Rollout (% of tenants)' }).fill('25');
      await screenshots('02-flag-edit');
      await button('Save').click();
      await page.locator('tbody tr').filter({ hasText: flag }).getByTestId('flag-rollout').and(page.locator('[data-percent="25"]')).waitFor();
      const saved = (await (await platform.admin(`/api/admin/feature-flags/${flag}`)).json()) as { rollout_percentage: number; description: string };
      expect(saved).toMatchObject({ rollout_percentage: 25, description: 'Text the caller after a booking' });
      await screenshots('03-flags');
    },
    [/status of 422 .*\/api\/admin\/feature-flags\)$/, /Some fields are missing or invalid; see errors\./],
  );

  step('deletes a flag once the deletion is confirmed', async () => {
    const doomed = `doomed_${run}`;
    expect((await platform.admin('/api/admin/feature-flags', { body: { name: doomed, description: 'Tried and dropped' } })).status).toBe(201);
    await page.goto(url(`/feature-flags/${doomed}`));
    await page.getByTestId('flag-name').getByText(doomed).waitFor();
    await button('Delete').click();
    await dialog().getByText(`Delete the flag ${doomed}?`).waitFor();
    await dialog().getByText('Code reading it then sees it off, and 0 tenant overrides go with it.').waitFor();
    await dialog().getByRole('button', { name: 'Confirm' }).click();
    await notification('Flag deleted');
    await page.waitForURL(/\/admin\/feature-flags$/);
    await page.locator('tbody tr').filter({ hasText: flag }).waitFor();
    expect(await page.locator('tbody tr').filter({ hasText: doomed }).count()).toBe(0);
    expect((await platform.admin(`/api/admin/feature-flags/${doomed}`)).status).toBe(404);
  });

  step("overrides the flag for one tenant, then clears the override and sees the rollout's value", async () => {
    await openTenant(tenantId, 'Flags');
    const row = page.getByTestId('tenant-flag').and(page.locator(`[data-flag="${flag}"]`));
    await row.waitFor();
    const followed = (await row.getByTestId('flag-reason').getAttribute('data-source'))!;
    expect(['rollout', 'default']).toContain(followed);

    await row.getByRole('button', { name: 'On', exact: true }).click();
    await notification(`${flag} is now On for this tenant`);
    await row.getByText('Overridden for this tenant').waitFor();
    expect(await row.getByTestId('flag-value').getAttribute('data-enabled')).toBe('true');
    const overridden = (await (await platform.admin(`/api/admin/tenants/${tenantId}/feature-flags`)).json()) as Array<{ name: string; override: boolean | null; source: string }>;
    expect(overridden.find((f) => f.name === flag)).toMatchObject({ override: true, source: 'override' });
    await screenshots('04-tenant-flags');

    await row.getByRole('button', { name: 'Rollout', exact: true }).click();
    await notification(`${flag} follows the rollout again`);
    await eventually(async () => (await row.getByTestId('flag-reason').getAttribute('data-source')) === followed, 10_000, 'the rollout reason');
    // The override is set again for the rest of the scenario: the flag list counts it.
    await row.getByRole('button', { name: 'On', exact: true }).click();
    await row.getByText('Overridden for this tenant').waitFor();
    await page.goto(url('/feature-flags'));
    await page.locator('tbody tr').filter({ hasText: flag }).locator('td.column-overrides').getByText('1', { exact: true }).waitFor();
  });

  step("shows the tenant's health: score, each rule's figures and deduction, the trend; recomputes it", async () => {
    await openTenant(tenantId, 'Health');
    await page.getByTestId('health-tab').waitFor();
    // Yesterday's score until it is computed again.
    expect(await page.getByTestId('health-score').textContent()).toBe('50');
    await button('Recompute now').click();
    await notification('Health recomputed: 50');
    // A professional plan (1,500 calls a month) with no call at all: usage −20 and engagement −30.
    const rule = (name: string) => page.getByTestId(`health-rule-${name}`);
    await rule('usage').getByText('0 calls in the last 30 days; the plan includes 1,500 a month, so fewer than 300 deducts').waitFor();
    expect(await rule('usage').getByTestId('deduction').textContent()).toBe('−20');
    await rule('engagement').getByText('0 calls in the last 7 days; last call: never').waitFor();
    expect(await rule('engagement').getByTestId('deduction').textContent()).toBe('−30');
    await rule('support').getByText('0 support sessions this month').waitFor();
    expect(await rule('support').getByTestId('deduction').textContent()).toBe('0');
    await rule('payment').getByText('Status: Pending').waitFor();
    expect(await rule('payment').getByTestId('deduction').textContent()).toBe('0');
    await page.getByTestId('support-tickets-note').getByText(/support sessions opened on this tenant this month count as its tickets/).waitFor();
    expect(await page.getByTestId('health-tab').getByTestId('health-chip').first().getAttribute('data-band')).toBe('at_risk');
    // Four days of scores, drawn as a line with a dot a day.
    await page.getByTestId('health-trend-chart').getByRole('application').waitFor();
    expect(await page.getByTestId('health-trend-chart').locator('.recharts-line-dot').count()).toBe(4);
    await screenshots('05-health');
  });

  step('shows the health distribution on the dashboard, and a band opens the list filtered to it', async () => {
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    const chart = page.getByTestId('health-distribution-chart');
    await chart.getByRole('application').waitFor();
    for (const band of ['Healthy', 'At risk', 'Critical', 'Not scored']) await chart.getByText(band, { exact: true }).waitFor();
    const stats = (await (await platform.admin('/api/admin/stats')).json()) as { health_distribution: Record<string, number> };
    expect(stats.health_distribution.at_risk).toBeGreaterThanOrEqual(1);
    await screenshots('06-dashboard');

    const atRisk = page.getByTestId('health-band-at_risk');
    expect(Number(await atRisk.getAttribute('data-count'))).toBe(stats.health_distribution.at_risk);
    await atRisk.click();
    await page.waitForURL(/\/admin\/tenants\?.*health_band/);
    const row = page.locator('tbody tr').filter({ hasText: company });
    await row.waitFor();
    expect(await row.getByTestId('health-chip').textContent()).toBe('50 · At risk');
  });

  step('filters the tenant list by health band', async () => {
    const names = () => page.locator('tbody tr td.column-company_name p').allTextContents();
    await search(run);
    await eventually(async () => JSON.stringify(await names()) === JSON.stringify([company]), 10_000, 'the at-risk tenant alone');
    await page.getByRole('combobox', { name: 'Health' }).click();
    await page.getByRole('option', { name: 'Healthy' }).click();
    await visible('No Tenants found using the current filters.');
    await page.getByRole('combobox', { name: 'Health' }).click();
    await page.getByRole('option', { name: 'At risk' }).click();
    await eventually(async () => JSON.stringify(await names()) === JSON.stringify([company]), 10_000, 'the at-risk tenant again');
    await screenshots('07-list-by-band');
  });

  step('adds a location, opens it, and finds it under its company in the list', async () => {
    await openTenant(tenantId, 'Locations');
    await page.getByTestId('locations-tab').getByText('No locations yet.').waitFor();
    await button('Add location').click();
    await dialog().getByLabel('Location').fill('Scottsdale');
    await dialog().getByLabel("Invite this tenant's users to it").check();
    await screenshots('08-add-location');
    await dialog().getByRole('button', { name: 'Add location' }).click();
    const location = `${company} – Scottsdale`;
    // The company's one user, its owner from the sign-up, is invited to the location.
    await notification(`Added ${location}; one user invited`);
    expect((await (await platform.admin(`/api/admin/tenants/${tenantId}/users`)).json()) as Array<{ email: string }>).toEqual([expect.objectContaining({ email: owner.email })]);
    await page.waitForURL(/\/admin\/tenants\/[0-9a-f-]{36}\/show$/);
    locationId = /tenants\/([0-9a-f-]{36})\/show/.exec(page.url())![1]!;
    expect(locationId).not.toBe(tenantId);
    await page.getByTestId('tenant-overview').getByText(location).waitFor();

    await tab('Locations').click();
    await page.getByTestId('location-of').getByText(company).waitFor();
    await page.getByTestId('locations').getByText(location).waitFor();
    await screenshots('09-location');

    // The list remembers its filters: this run's tenants, whatever their health.
    await page.goto(url(`/tenants?filter=${encodeURIComponent(JSON.stringify({ q: run }))}`));
    const companyRow = page.locator('tbody tr').filter({ has: page.locator('td.column-company_name p', { hasText: new RegExp(`^${company}$`) }) });
    await companyRow.getByTestId('location-count').getByText('One location').waitFor();
    const locationRow = page.locator('tbody tr').filter({ hasText: location });
    await locationRow.getByTestId('parent-company').getByText(company).waitFor();
    await screenshots('10-list-locations');

    // The company's count opens its locations: the list filtered by parent.
    await companyRow.getByTestId('location-count').click();
    await page.waitForURL(/parent_tenant_id/);
    await eventually(async () => JSON.stringify(await page.locator('tbody tr td.column-company_name p').allTextContents()) === JSON.stringify([location]), 10_000, 'the location alone');
  });

  step("exports the tenant's data: the bar reaches 100% and the link downloads the zip", async () => {
    await openTenant(tenantId, 'Data export');
    await page.getByTestId('data-export').getByText('No exports yet.').waitFor();
    await button('Export data').click();
    await exportReachesTheEnd();
    await page.getByTestId('export-history').getByTestId('export-row').and(page.locator('[data-status="completed"]')).waitFor();
    await screenshots('11-export');
  });

  step(
    "erases a cancelled tenant's data: the slug is checked, then the tenant shows as erased with no actions",
    async () => {
      const cancelled = await platform.admin(`/api/admin/tenants/${leavingId}/actions/cancel`, { body: { reason: 'Closing the business' } });
      expect(cancelled.status).toBe(200);
      await openTenant(leavingId);
      await page.getByTestId('status-chip').getByText('Cancelled').waitFor();
      await button('Erase data').click();
      const form = dialog();
      await form.getByText('This cannot be undone.', { exact: false }).waitFor();
      expect(await form.getByTestId('erase-slug').textContent()).toBe(leavingSlug);
      await form.getByRole('textbox', { name: 'Slug' }).fill(`${leavingSlug}-typo`);
      await form.getByLabel('Reason').fill('Erasure request from the owner, by e-mail');
      await form.getByRole('button', { name: 'Erase permanently' }).click();
      // The API's check, under the field it is about.
      await form.getByText("does not match the tenant's slug").waitFor();
      await screenshots('12-erase-refused');

      await form.getByRole('textbox', { name: 'Slug' }).fill(leavingSlug);
      await form.getByRole('button', { name: 'Erase permanently' }).click();
      await form.waitFor({ state: 'detached' });
      await page.getByTestId('erased-chip').waitFor({ timeout: 90_000 });
      const actions = page.getByTestId('tenant-actions');
      expect(await actions.getByRole('button').count()).toBe(0);
      await page.getByText(`Erased tenant ${leavingId.slice(0, 8)}`).first().waitFor();
      await screenshots('13-erased');
    },
    [/status of 422 .*\/api\/admin\/tenants\/[0-9a-f-]{36}\/actions\/erase\)$/, /Some fields are missing or invalid; see errors\./],
  );

  step(
    "the company's owner, asked which company, requests an export from its settings and downloads it",
    async () => {
      page = await ui.openPage();
      // Invited to the new location too, the owner has two accounts: the sign-in asks which company.
      await signIn(owner);
      await visible('This e-mail has accounts at several companies: say which one.');
      await page.locator('#company').fill(companySlug);
      await button('Sign in').click();
      await page.getByTestId('portal-company').getByText(company).waitFor();
      await page.getByRole('menuitem', { name: 'Settings' }).click();
      const section = page.getByTestId('portal-data-export');
      await section.getByText('Your data').waitFor();
      // The operator's export is the company's too.
      await section.getByTestId('export-row').and(page.locator('[data-status="completed"]')).first().waitFor();
      await section.getByRole('button', { name: 'Request a data export' }).click();
      await exportReachesTheEnd();
      await eventually(async () => (await section.getByTestId('export-row').count()) === 2, 10_000, 'both exports listed');
      await screenshots('14-portal-export');
    },
    [SIGNED_OUT, /status of 422 .*\/api\/auth\/login\)$/],
  );
});
