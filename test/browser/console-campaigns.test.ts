import type { Page } from 'playwright-core';
import type { Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { eventually, startTestPlatform, type Platform } from '../support/platform';
import { phoneTexts } from '../support/phone';
import { companyWithNumber } from './company';
import { SIGNED_OUT, browserScenario, refused } from './scenario';

/**
 * A company's campaigns, jobs and invoices to its customers from the portal, in the system
 * Chromium against the real API, worker, Temporal, Postgres and the sandbox's Twilio: the
 * owner builds a two-step drip campaign (the preview follows the typing), makes it active,
 * enrols a customer by pasting their number and sees the first step delivered in the funnel
 * as the customer's phone shows it; adds a job for that customer and moves it to "on the
 * way", which texts the technician's name and arrival time; adds an invoice to the customer
 * and marks it paid; sets up a seasonal campaign (its months, the day it enrols on, how long
 * since its customers' last visit), with the API's refusals shown on the fields.
 */
describe('console: campaigns, jobs and customer invoices', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let page: Page;
  const run = Date.now().toString(36);
  const company = { company: `Lowell Furnace Care ${run}`, email: `lo.${run}@example.com`, password: 'lowell owner password', phone: `+1${areaCode}5550191` };
  /** The customer's mobile. */
  const customer = { phone: `+1${areaCode}5550192` };
  let owner: Owner;
  let companyNumber: string;
  let companyZone: string;

  const ui = browserScenario({ name: 'campaigns', apiUrl: () => platform.api.url, context: { timezoneId: 'America/Chicago' } });
  const { step, screenshots, signIn, dialog, notification } = ui;

  jest.setTimeout(120_000);

  /** The company's own API, as the owner. */
  async function ownerJson<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${platform.api.url}${path}`, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  /** The customer's phone, as the sandbox shows it: texts from the company's number, newest first. */
  const customersPhone = () => phoneTexts(platform, customer.phone);

  beforeAll(async () => {
    platform = await startTestPlatform({ calls: true });
    // The operator gives the company its number (the texts' sender) and opens its trial.
    // Professional: a session may make 150 tenant API requests a minute (a starter's, 60), and the
    // scenario does in one minute what a person does in several.
    ({ owner, phoneNumber: companyNumber } = await companyWithNumber(platform, {
      areaCode,
      password: company.password,
      signup: { company_name: company.company, owner_email: company.email, owner_name: 'Lou Owner', owner_phone: company.phone, plan_tier: 'professional' },
    }));
    // Campaign steps and job updates wait out quiet hours: without any, the run does not depend on the time of day.
    const settings = await ownerJson<{ timezone: string }>('/api/v1/settings', { method: 'PATCH', body: { quiet_hours_start: '00:00', quiet_hours_end: '00:00' } });
    companyZone = settings.timezone;
    page = await ui.openPage();
  }, 300_000);

  afterAll(async () => {
    await platform?.close();
  });

  const firstStep = 'Hi {contact_name}, it is time for your furnace tune-up with {company_name}. Reply to book a visit.';

  step(
    'the owner builds a two-step campaign: each step previewed as the customer will read it',
    async () => {
      await signIn(company);
      await page.getByTestId('portal-company').getByText(company.company).waitFor();
      await page.getByRole('menuitem', { name: 'Campaigns' }).click();
      await page.getByTestId('no-campaigns').getByRole('button', { name: 'New campaign' }).click();
      await dialog().getByLabel('Name').fill('Fall tune-up');
      await dialog().getByTestId('confirm-add-campaign').click();
      await notification('Campaign created');
      await page.getByTestId('campaign-header').getByText('Fall tune-up').waitFor();
      await page.getByTestId('campaign-header').getByTestId('campaign-status').getByText('Draft').waitFor();

      await page.getByTestId('add-step').click();
      await dialog().getByTestId('step-text').fill(firstStep);
      // The company's name and a sample customer, inside the campaign wording.
      await dialog()
        .getByTestId('step-preview')
        .getByText(`Hi Jane Smith, it is time for your furnace tune-up with ${company.company}. Reply to book a visit. Reply STOP to opt out.`)
        .waitFor();
      await dialog().getByTestId('step-segments').getByText('1 SMS segment (GSM-7)').waitFor();
      await dialog().getByTestId('step-delay').fill('5s');
      await screenshots('01-step-editor');
      await dialog().getByTestId('confirm-add-step').click();
      await notification('Step added');

      await page.getByTestId('add-step').click();
      await dialog().getByTestId('step-text').fill('Still thinking about that tune-up? Call {company_phone} and we will fit you in.');
      await dialog().getByTestId('step-delay').fill('2d');
      await dialog().getByLabel('Send it').click();
      await page.getByRole('option', { name: 'Only if the customer has not replied' }).click();
      await dialog().getByTestId('confirm-add-step').click();
      await notification('Step added');
      await page.locator('[data-testid="campaign-step"][data-position="2"]').getByText('2d after the step before').waitFor();

      await page.getByTestId('campaign-active').click();
      await notification('Campaign active');
      await page.getByTestId('campaign-header').getByTestId('campaign-status').getByText('Active').waitFor();
      const campaigns = await ownerJson<{ data: Array<{ id: string; name: string; status: string }> }>('/api/v1/campaigns');
      expect(campaigns.data).toEqual([expect.objectContaining({ name: 'Fall tune-up', status: 'active' })]);
      await screenshots('02-builder');
    },
    [SIGNED_OUT],
  );

  step("enrols a customer by pasting their number, and sees the first step delivered in the funnel as the customer's phone shows it", async () => {
    await page.getByTestId('enrol-contacts').click();
    await dialog().getByTestId('enrol-paste').click();
    await dialog().getByTestId('enrol-phones').fill(`(${areaCode}) 555-0192`);
    await dialog().getByTestId('confirm-enrol').click();
    await dialog().getByTestId('enrol-report').getByText('1 enrolled, 0 refused.').waitFor();
    await dialog().getByTestId('enrol-done').click();
    await page.getByTestId('enrollments').getByTestId('enrollment').first().getByTestId('enrollment-status').getByText('Active').waitFor();

    // Five seconds after enrolment the first step goes; the funnel reads the delivery report.
    const firstRow = page.locator('[data-testid="funnel-step"][data-position="1"]');
    await firstRow.getByTestId('funnel-sent').getByText('1', { exact: true }).waitFor({ timeout: 45_000 });
    await firstRow.getByTestId('funnel-delivered').getByText('1', { exact: true }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="funnel-step"][data-position="2"]').getByTestId('funnel-sent').getByText('0', { exact: true }).waitFor();
    const received = await eventually(async () => (await customersPhone()).find((m) => m.body.includes('time for your furnace tune-up')), 10_000, 'the first step on the phone');
    expect(received.from).toBe(companyNumber);
    expect(received.body).toContain(`furnace tune-up with ${company.company}. Reply to book a visit. Reply STOP to opt out.`);
    await page.getByTestId('enrollment').first().getByText('Reached step 1').waitFor();

    // A change now reaches the step not yet sent, and the page says so.
    await page.locator('[data-testid="campaign-step"][data-position="2"]').getByTestId('edit-step').click();
    await dialog().getByTestId('step-edit-note').getByText(/apply to every step not yet sent/).waitFor();
    await dialog().getByTestId('step-text').fill('Still thinking about that tune-up? Call us at {company_phone}.');
    await dialog().getByTestId('confirm-edit-step').click();
    await notification('Step saved');
    await page.getByTestId('edits-apply-note').getByText(/1 contact is enrolled/).waitFor();
    await screenshots('03-funnel');
  });

  step('adds a job for the customer and moves it to on the way: the customer is texted the technician and the arrival time', async () => {
    await page.getByRole('menuitem', { name: 'Jobs' }).click();
    await page.getByTestId('no-jobs').getByRole('button', { name: 'Add job' }).click();
    await dialog().getByLabel('Customer').fill('555-0192');
    await page.getByRole('option', { name: new RegExp(`\\(${areaCode}\\) 555-0192`) }).click();
    await dialog().getByLabel('Technician').fill('Sam Ortiz');
    await dialog().getByTestId('job-first-text').getByText(/sends nothing now/).waitFor();
    await dialog().getByTestId('confirm-add-job').click();
    await notification('Job added');
    await page.getByTestId('job-details').getByTestId('job-status').getByText('Scheduled').waitFor();
    await page.locator('[data-testid="job-history-entry"][data-status="scheduled"]').getByText('No text: the job started as scheduled.').waitFor();

    const change = page.getByTestId('change-job-status');
    await change.getByTestId('status-change-note').getByText(/technician is on the way/).waitFor();
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: companyZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 86_400_000));
    await change.getByLabel(/^Expected/).fill(`${tomorrow}T10:30`);
    await change.getByTestId('change-status').click();
    await notification(/Status changed to On the way/);
    const enRoute = page.locator('[data-testid="job-history-entry"][data-status="en_route"]');
    await enRoute.locator('[data-testid="job-text"][data-status="delivered"]').waitFor({ timeout: 30_000 });
    const text = await eventually(async () => (await customersPhone()).find((m) => m.body.includes('Sam Ortiz')), 10_000, 'the job update on the phone');
    expect(text.from).toBe(companyNumber);
    expect(text.body).toContain('10:30');
    expect(await enRoute.getByTestId('job-text').textContent()).toContain(text.body);
    const jobs = await ownerJson<{ data: Array<{ status: string; technician_name: string }> }>('/api/v1/jobs');
    expect(jobs.data).toEqual([expect.objectContaining({ status: 'en_route', technician_name: 'Sam Ortiz' })]);
    await screenshots('04-job');
  });

  step('adds an invoice to the customer and marks it paid', async () => {
    await page.getByRole('menuitem', { name: 'Customer invoices' }).click();
    await page.getByTestId('no-customer-invoices').getByRole('button', { name: 'Add invoice' }).click();
    await dialog().getByLabel('Customer').fill('555-0192');
    await page.getByRole('option', { name: new RegExp(`\\(${areaCode}\\) 555-0192`) }).click();
    await dialog().getByLabel(/^Number/).fill(`INV-${run}`);
    await dialog().getByLabel('Amount').fill('1,240.50');
    const inTenDays = new Intl.DateTimeFormat('en-CA', { timeZone: companyZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 10 * 86_400_000));
    await dialog().getByLabel('Due').fill(inTenDays);
    await dialog().getByLabel('Pay link').fill('https://pay.example.com/lowell');
    await dialog().getByTestId('confirm-add-customer-invoice').click();
    await notification('Invoice added');
    const row = page.getByTestId('customer-invoices').getByRole('row').filter({ hasText: `INV-${run}` });
    await row.getByText('$1,240.50').waitFor();
    await row.getByTestId('customer-invoice-status').getByText('Pending').waitFor();
    await screenshots('05-customer-invoices');

    await row.getByTestId('mark-paid').click();
    await dialog().getByTestId('confirm-mark-paid').click();
    await notification(`Invoice INV-${run} marked paid`);
    await row.getByTestId('customer-invoice-status').getByText('Paid').waitFor();
    const invoices = await ownerJson<{ data: Array<{ number: string; status: string; amount_cents: number; due_date: string }> }>('/api/v1/customer-invoices');
    expect(invoices.data).toEqual([expect.objectContaining({ number: `INV-${run}`, status: 'paid', amount_cents: 124_050, due_date: inTenDays })]);

    await row.click();
    await page.getByTestId('customer-invoice-details').getByText(`Invoice INV-${run} · $1,240.50`).waitFor();
    await page.getByTestId('no-reminders').waitFor();
    await screenshots('06-customer-invoice');
  });

  interface CampaignSettings {
    id: string;
    trigger: string;
    trigger_settings: Record<string, unknown>;
  }

  step(
    "sets up a seasonal campaign: its months, the day it enrols on and how long since its customers' last visit, each refusal of the API on its field",
    async () => {
      await page.getByRole('menuitem', { name: 'Campaigns' }).click();
      await page.getByTestId('add-campaign').click();
      await dialog().getByLabel('Name').fill('Spring AC check');
      await dialog().getByLabel('Who comes in').click();
      await page.getByRole('option', { name: 'Seasonal' }).click();
      await dialog().getByLabel('Months it runs in').click();
      await page.getByRole('option', { name: 'March' }).click();
      await page.getByRole('option', { name: 'April' }).click();
      await page.keyboard.press('Escape');
      await page.getByRole('listbox').waitFor({ state: 'detached' });
      // A new seasonal campaign starts from the API's defaults, each field saying what it means.
      expect(await dialog().getByTestId('season-day').inputValue()).toBe('1');
      expect(await dialog().getByTestId('season-months-since-visit').inputValue()).toBe('12');
      await dialog().getByText('Enrol on this day of each chosen month (1 to 28, a day every month has).').waitFor();
      await dialog().getByText('Customers whose last completed visit is at least 12 months ago, with no visit booked since.').waitFor();

      // Not every month has a 31st, and a customer seen this month is no one to remind: the API says so field by field.
      await dialog().getByTestId('season-day').fill('31');
      await dialog().getByTestId('season-months-since-visit').fill('0');
      await dialog().getByTestId('confirm-add-campaign').click();
      await dialog().getByText('expected a day of the month, 1 to 28 (a day every month has)').waitFor();
      await dialog().getByText('expected whole months, 1 to 60').waitFor();
      expect(await dialog().getByTestId('season-day').getAttribute('aria-invalid')).toBe('true');
      expect(await dialog().getByTestId('season-months-since-visit').getAttribute('aria-invalid')).toBe('true');
      await screenshots('07-seasonal-refused');

      await dialog().getByTestId('season-day').fill('15');
      await dialog().getByTestId('season-months-since-visit').fill('18');
      await dialog().getByText('Customers whose last completed visit is at least 18 months ago, with no visit booked since.').waitFor();
      await dialog().getByTestId('confirm-add-campaign').click();
      await notification('Campaign created');
      const header = page.getByTestId('campaign-header');
      await header.getByText('Spring AC check').waitFor();
      await header.getByText('Seasonal (March, April)').waitFor();
      await header.getByTestId('campaign-season-day').getByText('Enrols on day 15 of those months').waitFor();
      await header.getByTestId('campaign-season-reach').getByText('Customers whose last completed visit is at least 18 months ago').waitFor();
      const campaigns = await ownerJson<{ data: CampaignSettings[] }>('/api/v1/campaigns');
      const created = campaigns.data.find((c) => c.trigger === 'seasonal')!;
      expect(created.trigger_settings).toEqual({ months: [3, 4], day: 15, months_since_visit: 18 });

      // The settings dialog holds what was saved; a change is checked by the API the same way.
      await page.getByTestId('edit-campaign').click();
      expect(await dialog().getByTestId('season-day').inputValue()).toBe('15');
      expect(await dialog().getByTestId('season-months-since-visit').inputValue()).toBe('18');
      await dialog().getByTestId('season-months-since-visit').fill('61');
      await dialog().getByTestId('confirm-edit-campaign').click();
      await dialog().getByText('expected whole months, 1 to 60').waitFor();
      expect(await dialog().getByTestId('season-day').getAttribute('aria-invalid')).toBe('false');
      await dialog().getByTestId('season-day').fill('20');
      await dialog().getByTestId('season-months-since-visit').fill('24');
      await dialog().getByTestId('confirm-edit-campaign').click();
      await notification('Campaign saved');
      await header.getByTestId('campaign-season-day').getByText('Enrols on day 20 of those months').waitFor();
      await header.getByTestId('campaign-season-reach').getByText('Customers whose last completed visit is at least 24 months ago').waitFor();
      const saved = await ownerJson<CampaignSettings>(`/api/v1/campaigns/${created.id}`);
      expect(saved).toMatchObject({ trigger: 'seasonal', trigger_settings: { months: [3, 4], day: 20, months_since_visit: 24 } });
      await screenshots('08-seasonal-campaign');
    },
    [refused(422, '/api/v1/campaigns'), /status of 422 .*\/api\/v1\/campaigns\/[\w-]+\)$/],
  );
});
