import type { Page } from 'playwright-core';
import { inviteUser, type Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { eventually, startTestPlatform, type Platform } from '../support/platform';
import { companyWithNumber } from './company';
import { SIGNED_OUT, browserScenario } from './scenario';

/**
 * Billing as the company and the operator see it, in the system Chromium against the real
 * API, worker, Temporal, Postgres and the sandbox's Stripe: the owner adds a card on
 * Stripe's hosted page and is back on the Billing page with it; when the operator ends the
 * trial, the first period is charged and the owner sees the paid invoice, then upgrades
 * with the price difference shown first; a member reads it all and changes nothing. A second
 * company's card is declined at the trial's end: every page of its portal says how many days
 * of grace are left, and the operator sees it past due on the dashboard and in the tenant's
 * Billing tab.
 */
describe('console: billing', () => {
  /** Both companies' numbers and their people's phones. */
  const areaCode = claimAreaCode();
  let platform: Platform;
  let page: Page;
  const run = Date.now().toString(36);
  const paying = { company: `Fresno Furnaces ${run}`, email: `fern.${run}@example.com`, password: 'fern owner password', phone: `+1${areaCode}5550171` };
  const declined = { company: `Modesto Mains ${run}`, email: `mo.${run}@example.com`, password: 'mo owner password', phone: `+1${areaCode}5550172` };
  const member = { email: `mika.${run}@example.com`, password: 'mika member password' };
  let payingOwner: Owner;
  let declinedOwner: Owner;

  // Stripe's hosted page sends the browser back to PUBLIC_BASE_URL, and Stripe's events go to
  // its webhook there: the platform's own address. The trial lasts the product's 14 days, so
  // only the operator's "end trial" bills it.
  const ui = browserScenario({ name: 'billing', apiUrl: () => platform.api.url, context: { timezoneId: 'America/Los_Angeles' } });
  const { step, screenshot, screenshots, signIn, signInAsOperator, url, visible, button, dialog, tab, notification } = ui;

  jest.setTimeout(120_000);

  async function adminJson<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
    const res = await platform.admin(path, init);
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${init?.method ?? (init?.body ? 'POST' : 'GET')} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  /** The operator ends the trial now: the first period is billed at once. */
  async function endTrial(tenantId: string): Promise<void> {
    const ended = await platform.admin(`/api/admin/tenants/${tenantId}/actions/end-trial`, { body: {} });
    expect([200, 202]).toContain(ended.status);
  }

  interface Billing {
    status: string;
    payment_method: { last4: string } | null;
    dunning: { grace_days_left: number } | null;
    invoices: Array<{ status: string; total_cents: number }>;
  }
  const operatorBilling = (tenantId: string) => adminJson<Billing>(`/api/admin/tenants/${tenantId}/billing`);

  beforeAll(async () => {
    platform = await startTestPlatform({ calls: true });
    for (const [who, name] of [
      [paying, 'Fern Owner'],
      [declined, 'Mo Owner'],
    ] as const) {
      // The operator gives each company a number and puts it on trial.
      const { owner } = await companyWithNumber(platform, {
        areaCode,
        password: who.password,
        signup: { company_name: who.company, owner_email: who.email, owner_name: name, owner_phone: who.phone, plan_tier: 'starter' },
      });
      if (who === paying) payingOwner = owner;
      else declinedOwner = owner;
    }
    await inviteUser(platform, payingOwner.tenantId, { email: member.email, name: 'Mika Member', role: 'member' }, { password: member.password, by: payingOwner.token });
    page = await ui.openPage();
  }, 300_000);

  afterAll(async () => {
    await platform?.close();
  });

  step(
    'the owner opens Billing during the trial: the plan, its price and no card yet',
    async () => {
      await signIn(paying);
      await page.getByTestId('portal-company').getByText(paying.company).waitFor();
      await page.getByRole('menuitem', { name: 'Billing' }).click();
      await page.getByTestId('billing-plan').getByText('Starter').waitFor();
      await page.getByTestId('billing-plan-terms').getByText('$997.00 a month · 500 calls included · $2.00 a call beyond').waitFor();
      await page.getByTestId('payment-method').getByText('No card on file.').waitFor();
      await page.getByTestId('billing-invoices').getByText('No invoices yet.').waitFor();
      await page.getByTestId('usage-history-chart').waitFor();
      await screenshots('01-trial-no-card');
    },
    [SIGNED_OUT],
  );

  step("adds a card on Stripe's hosted page and comes back to it on the Billing page", async () => {
    await button('Add card').click();
    await page.waitForURL(/\/sandbox\/stripe\/checkout\//);
    await page.locator('#card_number').fill('4242 4242 4242 4242');
    await screenshot('billing-02-hosted-card-page-1280');
    await button('Save card').click();
    // Stripe's page sends the browser back with ?card=saved, which the page reads and takes out of its address.
    await page.waitForURL(/\/admin\/my-billing(\?card=saved)?$/);
    await page.getByTestId('card-saved').waitFor();
    // Stripe's event reaches Kestrel a moment after the browser: the page asks again until it has.
    await page.getByTestId('payment-method').getByText('Visa •••• 4242').waitFor();
    await page.getByTestId('card-saved').getByText('Card saved.').waitFor();
    await page.getByTestId('billing-payment-method').getByRole('button', { name: 'Change card' }).waitFor();
    await screenshots('03-card-saved');
  });

  step('the operator ends the trial: the owner sees one paid invoice of the plan\'s price', async () => {
    await endTrial(payingOwner.tenantId);
    await eventually(async () => (await operatorBilling(payingOwner.tenantId)).invoices.some((invoice) => invoice.status === 'paid'), 30_000, 'the first invoice paid');
    await page.reload();
    const invoices = page.getByTestId('billing-invoices');
    const rows = invoices.getByTestId('invoice-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await rows.first().getByTestId('invoice-amount').getByText('$997.00').waitFor();
    await rows.first().getByTestId('invoice-status').getByText('Paid').waitFor();
    expect(await rows.first().getByTestId('invoice-view').getAttribute('href')).toMatch(/^https?:\/\//);
    expect(await rows.first().getByTestId('invoice-pdf').getAttribute('href')).toMatch(/^https?:\/\//);
    await page.getByTestId('billing-plan-card').getByTestId('status-chip').getByText('Active').waitFor();
    await page.getByTestId('next-bill').getByText(/^Next bill: \$997\.00 on /).waitFor();
    expect(await page.getByTestId('payment-failed-banner').count()).toBe(0);
    await screenshots('04-paid-invoice');
  });

  step('upgrades to Professional after reading what it costs now', async () => {
    await page.getByTestId('billing-plans').locator('[data-tier="professional"]').getByRole('button', { name: 'Upgrade to Professional' }).click();
    const explanation = dialog().getByTestId('plan-change-explanation');
    await explanation.waitFor();
    expect((await explanation.textContent())?.length).toBeGreaterThan(10);
    await dialog().getByTestId('plan-change-charge').getByText(/^Charged now: \$[\d,]+\.\d{2}$/).waitFor();
    await screenshots('05-upgrade-preview');
    await dialog().getByRole('button', { name: 'Upgrade' }).click();
    await notification('Your plan is now Professional');
    await page.getByTestId('billing-plan').getByText('Professional').waitFor();
    await screenshots('06-upgraded');
  });

  step(
    'a member reads the billing and is offered no change',
    async () => {
      page = await ui.openPage();
      await signIn(member);
      await page.getByTestId('portal-company').getByText(paying.company).waitFor();
      await page.goto(url('/my-billing'));
      await page.getByTestId('read-only-billing').waitFor();
      await page.getByTestId('payment-method').getByText('Visa •••• 4242').waitFor();
      await page.getByTestId('billing-invoices').getByTestId('invoice-row').first().waitFor();
      for (const label of ['Change card', 'Add card']) expect(await button(label).count()).toBe(0);
      expect(await page.getByTestId('billing-plans').getByRole('button').count()).toBe(0);
      await screenshots('07-member-read-only');
    },
    [SIGNED_OUT],
  );

  step(
    "a declined card at the trial's end: every portal page says how many days of grace are left",
    async () => {
      // Mo gives Stripe's hosted page a card that attaches but is declined when charged.
      const started = await fetch(`${platform.api.url}/api/v1/billing/payment-method`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${declinedOwner.token}` },
        body: '{}',
      });
      expect(started.status).toBe(201);
      const { url: cardPage } = (await started.json()) as { url: string };
      const saved = await fetch(cardPage, { method: 'POST', body: new URLSearchParams({ card_number: '4000 0000 0000 0341' }), redirect: 'manual' });
      expect(saved.status).toBe(303);
      await eventually(async () => (await operatorBilling(declinedOwner.tenantId)).payment_method?.last4 === '0341', 30_000, 'the card on file');
      await endTrial(declinedOwner.tenantId);
      await eventually(async () => (await operatorBilling(declinedOwner.tenantId)).dunning, 30_000, 'the tenant past due');

      page = await ui.openPage();
      await signIn(declined);
      const banner = page.getByTestId('payment-failed-banner');
      await banner.getByText(/^Payment failed: 7 days of grace left\. Calls are still answered until \w{3} \d{1,2}, \d{4}\.$/).waitFor();
      await page.getByTestId('portal-company').getByText(declined.company).waitFor();
      await screenshots('08-past-due-banner');

      await banner.getByRole('link', { name: 'Go to billing' }).click();
      await page.waitForURL(/\/admin\/my-billing$/);
      await page.getByTestId('payment-failed').waitFor();
      expect((await page.getByTestId('payment-failed-reason').textContent())?.trim()).toBeTruthy();
      await page.getByTestId('payment-method').getByText('Visa •••• 0341').waitFor();
      await page.getByTestId('invoice-row').first().getByTestId('invoice-status').getByText('Open').waitFor();
      await screenshots('09-past-due-billing');
    },
    [SIGNED_OUT],
  );

  step(
    "the operator sees the past-due tenant on the dashboard, and both tenants' billing",
    async () => {
      page = await ui.openPage();
      await signInAsOperator();
      const pastDue = page.getByTestId('past-due-tenants');
      await pastDue.getByText(declined.company).waitFor();
      await page.getByTestId('stat-billed_mrr').getByText(/^Billed: \$/).waitFor();
      await screenshots('10-dashboard-past-due');

      await pastDue.getByText(declined.company).click();
      await page.waitForURL(new RegExp(`/admin/tenants/${declinedOwner.tenantId}/show$`));
      await tab('Billing').click();
      await page.getByTestId('dunning-state').getByText(/7 days of grace left/).waitFor();
      await page.getByTestId('payment-attempts').locator('[data-outcome="failed"]').first().waitFor();
      await screenshots('11-operator-past-due');

      await page.goto(url(`/tenants/${payingOwner.tenantId}/show/billing`));
      await page.getByTestId('billing-tab-card').getByText('Visa •••• 4242').waitFor();
      await page.getByTestId('billing-tab-invoices').getByTestId('invoice-row').getByText('$997.00').first().waitFor();
      await page.getByTestId('payment-attempts').locator('[data-outcome="succeeded"]').first().waitFor();
      await page.getByTestId('enterprise-terms').waitFor();
      await screenshots('12-operator-billing');
      await visible('Enterprise terms');
    },
    [SIGNED_OUT],
  );

  step('a super_admin sets enterprise terms in dollars; the API keeps cents', async () => {
    await page.getByLabel('Price a month ($)').fill('4500');
    await page.getByLabel('Calls a month').fill('8000');
    await page.getByLabel('Price a call beyond ($)').fill('0.8');
    await button('Save terms').click();
    await notification('Terms saved');
    const terms = (await adminJson<{ terms: Record<string, number | null> }>(`/api/admin/tenants/${payingOwner.tenantId}/billing`)).terms;
    expect(terms).toEqual({ custom_price_cents: 450_000, custom_call_limit: 8000, custom_overage_cents: 80 });
    await screenshots('13-enterprise-terms');
  });
});
