import type { Page } from 'playwright-core';
import { liveTenant, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { daytimeZone } from '../support/daytime-zone';
import { eventually, signup, startTestPlatform, type Platform } from '../support/platform';
import { SIGNED_OUT, browserScenario } from './scenario';

const SCOPES = ['jobs:read', 'jobs:write', 'customer-invoices:read', 'customer-invoices:write', 'campaigns:read', 'campaigns:write'];

/**
 * The operator reads every company's jobs, invoices to customers and campaigns in the
 * console, in the system Chromium against the real API, worker, Temporal, Postgres and the
 * sandbox's Twilio. Two companies make theirs through the tenant API (one with a number,
 * whose campaign texts a customer); the operator opens each page, finds both companies'
 * rows, narrows them to one company and one status, follows a row's company to its tenant
 * page, and opens a campaign to read its steps and its funnel, at a desktop's width and a phone's.
 */
describe('console: operators see jobs, customer invoices and campaigns across companies', () => {
  const areaCode = claimAreaCode();
  const run = Date.now().toString(36);
  let platform: Platform;
  let page: Page;
  let a: LiveTenant;
  let bId: string;
  const nameA = `Granite Drains ${run}`;
  const nameB = `Lakeside Wiring ${run}`;
  const ids: Record<string, string> = {};

  const ui = browserScenario({ name: 'operator-messaging', apiUrl: () => platform.api.url, context: { timezoneId: 'America/Chicago' } });
  const { step, screenshots, signInAsOperator, url, filteredBy, openList } = ui;
  const rows = () => page.locator('tbody tr');

  jest.setTimeout(120_000);

  async function adminJson<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
    const res = await platform.admin(path, init);
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }
  /** The company's own API, with a key the operator made it. */
  async function companyJson<T>(key: string, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
    const res = await fetch(`${platform.api.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await res.json()) as T;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  /** Picks an option of a react-admin AutocompleteInput, typing part of its text once its first choices are shown. */
  const autocomplete = async (label: string, typed: string, option: string) => {
    const input = page.getByRole('combobox', { name: label });
    await input.click();
    // A click that lands while the page is still busy can leave the list closed: the arrow key opens it.
    const firstChoice = page.getByRole('option').first();
    if (!(await firstChoice.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
      await input.press('ArrowDown');
      await firstChoice.waitFor();
    }
    await input.fill(typed);
    await page.getByRole('option', { name: option, exact: true }).click();
  };
  const select = async (label: string, option: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };
  /** The table's rows, once it shows exactly these companies' (in any order). */
  const rowsOf = async (companies: string[]) => {
    await eventually(
      async () => {
        const texts = await rows().allTextContents();
        return texts.length === companies.length && companies.every((c) => texts.some((t) => t.includes(c)));
      },
      10_000,
      `rows of ${companies.join(' and ')}`,
    );
  };
  beforeAll(async () => {
    platform = await startTestPlatform({ calls: true });
    // Company A texts its customers: a number, and a zone where it is daytime, so quiet hours hold nothing.
    const [live, b] = await Promise.all([
      liveTenant(platform, areaCode, { company_name: nameA, timezone: daytimeZone() }),
      platform.post('/api/onboarding', signup({ company_name: nameB })).then(async (res) => ((await res.json()) as { tenant: { id: string } }).tenant.id),
    ]);
    a = live;
    bId = b;
    const keyOf = async (tenantId: string) => (await adminJson<{ key: string }>(`/api/admin/tenants/${tenantId}/api-keys`, { body: { name: 'office', scopes: SCOPES } })).key;
    const [keyA, keyB] = await Promise.all([keyOf(a.id), keyOf(bId)]);

    const jobA = await companyJson<{ id: string; contact_id: string }>(keyA, '/jobs', {
      phone: `+1${areaCode}5550401`,
      name: 'Nora Beck',
      external_ref: `WO-${run}-A`,
      technician_name: 'Sam',
      status: 'en_route',
      eta: new Date(Date.now() + 3_600_000).toISOString(),
    });
    ids.jobA = jobA.id;
    ids.jobB = (await companyJson<{ id: string }>(keyB, '/jobs', { phone: '+16175550402', name: 'Owen Pratt', external_ref: `WO-${run}-B`, technician_name: 'Lee' })).id;
    await companyJson(keyA, '/customer-invoices', { contact_id: jobA.contact_id, number: `INV-${run}-A`, amount_cents: 48_500, due_date: '2031-05-31', pay_link: 'https://pay.example.com/a' });
    ids.invoiceB = (await companyJson<{ id: string }>(keyB, '/customer-invoices', { phone: '+16175550402', number: `INV-${run}-B`, amount_cents: 12_000, due_date: '2031-06-30' })).id;
    await companyJson(keyB, `/customer-invoices/${ids.invoiceB}`, { status: 'paid' }, 'PATCH');
    ids.campaignA = (
      await companyJson<{ id: string }>(keyA, '/campaigns', {
        name: `Drain care ${run}`,
        status: 'active',
        steps: [
          { body: 'Hi {contact_name}, {company_name} here: time to clear your drains before winter.', delay: '1s' },
          { body: 'Still want that drain check? Call {company_phone}.', delay: '3d', condition: 'no_reply' },
        ],
      })
    ).id;
    await companyJson(keyB, '/campaigns', { name: `Panel check ${run}`, steps: [{ body: 'Is your panel ready for a heat pump?', delay: '2d' }] });
    await companyJson(keyA, `/campaigns/${ids.campaignA}/enrol`, { contact_ids: [jobA.contact_id] });
    // The first step goes a second after enrolment; Twilio's status callback marks it delivered.
    await eventually(
      async () => (await adminJson<{ funnel: Array<{ delivered: number }> }>(`/api/admin/campaigns/${ids.campaignA}`)).funnel[0]?.delivered === 1,
      30_000,
      'the first step delivered',
    );
    page = await ui.openPage();
  }, 300_000);

  afterAll(async () => {
    await platform?.close();
  });

  step(
    "lists both companies' jobs, narrows them to one company and one status, and follows a row to its company",
    async () => {
      await signInAsOperator();
      await openList('Jobs', `WO-${run}`);
      await rowsOf([nameA, nameB]);
      const rowA = rows().filter({ hasText: nameA });
      await rowA.getByText('Nora Beck').waitFor();
      await rowA.getByTestId('job-status').getByText('On the way').waitFor();
      await rows().filter({ hasText: nameB }).getByTestId('job-status').getByText('Scheduled').waitFor();
      await screenshots('01-jobs', async () => {
        await page.getByText('Owen Pratt').waitFor();
        expect(await page.locator('table').count()).toBe(0);
      });

      await autocomplete('Company', nameB, nameB);
      await filteredBy('tenant_id', bId);
      await rowsOf([nameB]);

      // By status, across both again.
      await page.goto(url(`/jobs?${new URLSearchParams({ filter: JSON.stringify({ q: `WO-${run}` }) })}`));
      await rowsOf([nameA, nameB]);
      await select('Status', 'On the way');
      await filteredBy('status', 'en_route');
      await rowsOf([nameA]);

      // The company column leads to the tenant's own page.
      await rows().first().getByTestId('tenant-link').click();
      await page.waitForURL(new RegExp(`/admin/tenants/${a.id}/show`));
      await page.getByText(nameA).first().waitFor();

      // A job opens on its facts and its history.
      await page.goto(url(`/jobs/${ids.jobA}/show`));
      await page.getByTestId('job-history').getByTestId('job-history-entry').first().getByText('On the way').waitFor();
      await page.getByText('Technician: Sam').first().waitFor();
      await screenshots('02-job');
      // The texts the job sent are in the message log, one link away.
      await page.getByTestId('texts-to-customer').click();
      await page.waitForURL(/\/admin\/messages\?/);
      await page.getByTestId('messages').getByRole('row').filter({ hasText: 'Sam, your technician, is on the way' }).getByTestId('message-status').waitFor();
    },
    [SIGNED_OUT],
  );

  step("lists both companies' invoices to their customers, narrowed to one company and to the paid ones", async () => {
    await openList('Customer invoices', `INV-${run}`);
    await rowsOf([nameA, nameB]);
    await rows().filter({ hasText: nameA }).getByText('$485.00').waitFor();
    await rows().filter({ hasText: nameB }).getByTestId('customer-invoice-status').getByText('Paid').waitFor();
    await screenshots('03-customer-invoices');

    await autocomplete('Company', nameA, nameA);
    await filteredBy('tenant_id', a.id);
    await rowsOf([nameA]);
    await page.goto(url(`/customer-invoices?${new URLSearchParams({ filter: JSON.stringify({ q: `INV-${run}` }) })}`));
    await rowsOf([nameA, nameB]);
    await select('Status', 'Paid');
    await filteredBy('status', 'paid');
    await rowsOf([nameB]);
    await rows().first().getByText(`INV-${run}-B`).click();
    await page.waitForURL(new RegExp(`/admin/customer-invoices/${ids.invoiceB}/show$`));
    await page.getByTestId('invoice-amount').getByText('$120.00').waitFor();
    await page.getByTestId('invoice-settlement').getByText(/^Paid /).waitFor();
    await screenshots('04-customer-invoice');
  });

  step('lists both companies\' campaigns, opens the active one and reads its steps and funnel', async () => {
    await openList('Campaigns', run);
    await rowsOf([nameA, nameB]);
    await rows().filter({ hasText: nameB }).getByTestId('campaign-status').getByText('Draft').waitFor();
    await screenshots('05-campaigns');

    await autocomplete('Company', nameA, nameA);
    await filteredBy('tenant_id', a.id);
    await rowsOf([nameA]);
    await rows().first().getByText(`Drain care ${run}`).click();
    await page.waitForURL(new RegExp(`/admin/campaigns/${ids.campaignA}/show$`));
    await page.locator('[data-testid="campaign-step"][data-position="1"]').getByText('1s after enrolment').waitFor();
    await page.locator('[data-testid="campaign-step"][data-position="2"]').getByText('Only if the customer has not replied').waitFor();
    const first = page.locator('[data-testid="funnel-step"][data-position="1"]');
    expect(await first.getByTestId('funnel-sent').textContent()).toBe('1');
    expect(await first.getByTestId('funnel-delivered').textContent()).toBe('1');
    expect(await page.locator('[data-testid="funnel-step"][data-position="2"]').getByTestId('funnel-sent').textContent()).toBe('0');
    await page.getByTestId('campaign-enrollments').getByText('Active 1').waitFor();
    await screenshots('06-campaign');
  });
});
