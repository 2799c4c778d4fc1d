import path from 'node:path';
import type { Knex } from 'knex';
import type { Locator, Page } from 'playwright-core';
import { createKnex } from '../../db/connection';
import { signUpOwner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_TOKEN, startPlatform, type Platform } from '../support/platform';
import { SCREENSHOTS } from './chromium';
import { PHONE, SIGNED_OUT, browserScenario } from './scenario';

/**
 * An operator's support session as the operator lives it and the company reads it, in the
 * system Chromium against the real API, worker and database: opened read-only from the
 * tenant's page, the company's pages look read-only and say why, under a banner that stays
 * in view and an app bar of the session's colour; an operator's own address explains the
 * session; a super_admin grants write from the banner, and a save then works; ending the
 * session returns to the tenant's page, whose activity shows the browse as one line (with
 * the pages viewed) and the save as one, in words and by name, and whose list of support
 * sessions shows it. Every page is photographed at a desktop's width and a phone's.
 */
describe('support session', () => {
  /** The company's area: its owner's number and its own line. */
  const areaCode = claimAreaCode();
  let platform: Platform;
  let db: Knex;
  let page: Page;
  const run = Date.now().toString(36);
  const company = `Lexington Boilers ${run}`;
  let tenantId: string;
  let sessionId: string;
  let operatorAppBar: string;
  let readOnlyAppBar: string;

  const DESKTOP = { width: 1280, height: 800 };
  const ui = browserScenario({ name: 'support', apiUrl: () => platform.api.url, desktop: DESKTOP, context: { timezoneId: 'America/New_York' } });
  const { step, screenshots, signInAsOperator, url, visible, button, dialog, menu } = ui;
  const banner = () => page.getByTestId('support-banner');
  const admin = async (path: string) => {
    const res = await fetch(`${platform.api.url}${path}`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };
  // The test's TypeScript has no DOM types: the element is reached untyped.
  const appBarColour = () => page.locator('header').first().evaluate((el: any): string => el.ownerDocument.defaultView.getComputedStyle(el).backgroundColor);
  const disabled = async (locator: Locator) => (await locator.isDisabled()) || (await locator.getAttribute('aria-disabled')) === 'true';

  jest.setTimeout(120_000);

  /** Where the banner is on the screen once the page is scrolled to its end. */
  async function bannerAfterScrolling(): Promise<{ scrolled: number; top: number; bottom: number; height: number }> {
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await page.waitForTimeout(300);
    return banner().evaluate((el: any) => {
      const box = el.getBoundingClientRect();
      const view = el.ownerDocument.defaultView;
      return { scrolled: view.scrollY, top: box.top, bottom: box.bottom, height: view.innerHeight };
    });
  }

  beforeAll(async () => {
    platform = await startPlatform();
    db = createKnex(process.env.DATABASE_URL!, 2);
    const owner = await signUpOwner(platform, { company_name: company, owner_phone: `+1${areaCode}5550181`, forward_to_number: `(${areaCode}) 555-0199` });
    tenantId = owner.tenantId;
    // A visit the owner booked, for the read-only appointment page.
    const booked = await fetch(`${platform.api.url}/api/v1/appointments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer_name: 'Ada Caller', starts_at: new Date(Date.now() + 26 * 3600_000).toISOString() }),
    });
    expect(booked.status).toBe(201);
    // A lifecycle step made by the operator, for the Workflow tab to name.
    const changed = await fetch(`${platform.api.url}/api/admin/tenants/${tenantId}/actions/change-plan`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ tier: 'professional' }),
    });
    expect(changed.status).toBe(200);

    page = await ui.openPage();
  }, 180_000);

  afterAll(async () => {
    await db?.destroy();
    await platform?.close();
  });

  step(
    "opens a read-only support session from the tenant's page: a banner, and an app bar of the session's colour",
    async () => {
      await signInAsOperator();
      await page.goto(url(`/tenants/${tenantId}/show`));
      await visible(company);
      operatorAppBar = await appBarColour();

      await button('Support session').click();
      await dialog().getByLabel('Why support needs to look').fill('The owner says the greeting changed by itself');
      await dialog().getByLabel('Ticket reference (optional)').fill('ZD-781');
      await button('Open read-only').click();
      await banner().getByText(new RegExp(`Support session on ${company}: read-only, (29|30):\\d\\d left`)).waitFor();
      readOnlyAppBar = await appBarColour();
      expect(readOnlyAppBar).not.toBe(operatorAppBar);
      sessionId = (await admin(`/api/admin/support-sessions?filter=${encodeURIComponent(JSON.stringify({ tenant_id: tenantId }))}`))[0].id;
      await screenshots('01-opened');
    },
    [SIGNED_OUT],
  );

  step("browses the company's pages", async () => {
    await menu('Calls').click();
    await page.waitForURL(/\/my-calls$/);
    await menu('Appointments').click();
    await visible('Ada Caller');
    await menu('Billing').click();
    await page.getByTestId('billing-plan').waitFor();
    await menu('Activity').click();
    // The company reads the session's opening in words, by whom, marked as Kestrel's support.
    const opened = page.locator('tr', { hasText: 'Support session opened' }).first();
    await opened.getByText('Kestrel staff · Test Operator').waitFor();
    await opened.getByText('Kestrel support').waitFor();
    await screenshots('02-company-activity');
    await menu('Settings').click();
    await page.getByTestId('portal-settings-form').waitFor();
    await screenshots('03-settings-read-only');
  });

  step('the settings cannot be changed, and say why in one line', async () => {
    const why = page.getByTestId('support-read-only');
    await why.getByText('Read-only support session: grant write in the banner above to change anything.').waitFor();
    expect(await why.count()).toBe(1);
    for (const label of [/^Company name/, 'Forward calls to', 'Greeting', 'After-hours greeting', 'Custom instructions']) {
      expect(await disabled(page.getByLabel(label, { exact: typeof label === 'string' }))).toBe(true);
    }
    expect(await disabled(page.getByLabel('Open on Monday'))).toBe(true);
    expect(await disabled(page.getByLabel('New keyword'))).toBe(true);
    expect(await disabled(button('Save'))).toBe(true);
    // Nor can a data export be asked for: the same reason stands where its button would.
    await page.getByTestId('portal-data-export').getByText('Read-only support session').waitFor();
    expect(await page.getByTestId('start-export').count()).toBe(0);

    // Nor can an appointment.
    await menu('Appointments').click();
    await page.getByText('Ada Caller').first().click();
    await page.getByTestId('support-read-only').waitFor();
    expect(await disabled(page.getByLabel('Notes', { exact: true }))).toBe(true);
    expect(await disabled(button('Save'))).toBe(true);

    await menu('Users').click();
    await page.getByTestId('users-read-only').getByText('Read-only support session').waitFor();
    expect(await disabled(page.getByTestId('invite-user'))).toBe(true);
    await menu('API keys').click();
    await page.getByTestId('keys-read-only').getByText('Read-only support session').waitFor();
    expect(await disabled(page.getByTestId('create-key'))).toBe(true);
    await screenshots('04-users-read-only');
  });

  step('the banner stays in view however far the page scrolls, at either width', async () => {
    await menu('Settings').click();
    await page.getByTestId('portal-settings-form').waitFor();
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await page.evaluate('window.scrollTo(0, 0)');
      const where = await bannerAfterScrolling();
      expect(where.scrolled).toBeGreaterThan(200);
      expect(where.top).toBeGreaterThanOrEqual(0);
      expect(where.bottom).toBeLessThanOrEqual(where.height);
      // As the screen shows it (a full-page picture would not show what stays in view).
      await page.screenshot({ path: path.join(SCREENSHOTS, `support-05-scrolled-${size.width}.png`) });
    }
    await page.setViewportSize(DESKTOP);
    await page.evaluate('window.scrollTo(0, 0)');
  });

  step("an operator's own address says what the session is, how to end it, and leads back", async () => {
    await page.goto(url('/tenants'));
    const explained = page.getByTestId('support-session-not-found');
    await explained.getByText(`You are in a support session on ${company}`).waitFor();
    await explained.getByRole('button', { name: 'End the session' }).waitFor();
    expect(await page.getByText('Not Found').count()).toBe(0);
    await screenshots('06-operator-address');
    await explained.getByRole('link', { name: `Back to ${company}'s pages` }).click();
    await page.getByTestId('portal-company').getByText(company).waitFor();
  });

  step('a super_admin grants write from the banner: the inputs open, and a save works', async () => {
    await banner().getByRole('button', { name: 'Grant write' }).click();
    await banner().getByText(new RegExp(`Support session on ${company}: changes allowed`)).waitFor();
    expect(await banner().getByRole('button', { name: 'Grant write' }).count()).toBe(0);
    const writeAppBar = await appBarColour();
    expect(writeAppBar).not.toBe(readOnlyAppBar);
    expect(writeAppBar).not.toBe(operatorAppBar);

    await menu('Settings').click();
    const greeting = page.getByLabel('Greeting', { exact: true });
    await greeting.waitFor();
    expect(await disabled(greeting)).toBe(false);
    expect(await page.getByTestId('support-read-only').count()).toBe(0);
    await greeting.fill(`Lexington Boilers ${run}, Kestrel support fixed this greeting.`);
    await button('Save').click();
    await visible('Settings saved');
    const saved = await admin(`/api/admin/tenants/${tenantId}`);
    expect(saved.ai_settings.greeting).toBe(`Lexington Boilers ${run}, Kestrel support fixed this greeting.`);
    await screenshots('07-write-granted');
  });

  step("ends the session and lands on the tenant's page in the operator console", async () => {
    await banner().getByRole('button', { name: 'End support session' }).click();
    await page.waitForURL(new RegExp(`/admin/tenants/${tenantId}/show$`));
    await banner().waitFor({ state: 'detached' });
    await visible(company);
    expect(await appBarColour()).toBe(operatorAppBar);
  });

  step("the tenant's activity shows the browse as one line, with the pages viewed, and the save as one line, in words", async () => {
    await page.getByRole('tab', { name: 'Activity' }).click();
    const activity = page.getByTestId('activity');
    await activity.locator('tr', { hasText: 'Support session ended' }).waitFor();

    const browse = activity.locator('tr', { hasText: 'Support session ended' });
    expect(await browse.count()).toBe(1);
    const pages = await browse.getByTestId('pages-viewed').innerText();
    for (const name of ['Settings', 'Calls', 'Appointments', 'Billing', 'Activity']) expect(pages).toContain(`${name} ×`);
    expect(await browse.getByText('Test Operator').count()).toBeGreaterThan(0);
    expect(await activity.locator('tr', { hasText: 'Settings changed' }).count()).toBe(1);
    expect(await activity.locator('tr', { hasText: 'Change asked for in a support session' }).count()).toBe(0);
    for (const words of ['Support session opened', 'Support allowed to make changes', 'Plan changed']) await activity.locator('tr', { hasText: words }).first().waitFor();
    // Words, not keys; names, not ids.
    const text = await activity.innerText();
    expect(text).not.toMatch(/\b[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)+\b|support_session|settings_updated/);
    expect(text).not.toMatch(/(Operator|Tenant user|API key)\s+[0-9a-f]{8}…/);

    // The log holds the same: the reads on the line that ended the session, the save on its own line, nothing else.
    const lines = await db('audit_log').where({ tenant_id: tenantId, support_session_id: sessionId }).orderBy('id');
    expect(lines.map((e) => e.action)).toEqual(['support_session.opened', 'support_session.write_granted', 'tenant.settings_updated', 'support_session.ended']);
    expect(Object.keys(lines[3].details.pages_viewed)).toEqual(expect.arrayContaining(['/api/v1/settings', '/api/v1/calls', '/api/v1/appointments', '/api/v1/usage', '/api/v1/activity']));
    await screenshots('08-tenant-activity');
  });

  step("the Workflow tab names the operator behind a transition, not an id", async () => {
    await page.getByRole('tab', { name: 'Workflow' }).click();
    const row = page.getByTestId('transitions').locator('tr', { hasText: 'Plan changed' });
    await row.getByText('Test Operator').waitFor();
    expect(await page.getByTestId('transitions').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await screenshots('09-workflow');
  });

  step('the support sessions tab lists the session: who, when, how it ended, its access and who granted it', async () => {
    await page.getByRole('tab', { name: 'Support sessions' }).click();
    const list = page.getByTestId('support-sessions');
    const row = list.locator('tr', { hasText: 'ZD-781' });
    await row.waitFor();
    await row.getByText('Test Operator').first().waitFor();
    await row.getByText('Ended', { exact: true }).waitFor();
    await row.getByText('Write, granted by Test Operator', { exact: false }).waitFor();
    await row.getByText('The owner says the greeting changed by itself', { exact: false }).waitFor();
    await screenshots('10-support-sessions');
  });
});
