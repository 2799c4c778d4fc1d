import type { Page } from 'playwright-core';
import type { Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { eventually, startTestPlatform, type Platform } from '../support/platform';
import { phoneTexts, textFrom } from '../support/phone';
import { companyWithNumber } from './company';
import { SIGNED_OUT, browserScenario, refused } from './scenario';

/**
 * Texting a company's customers from the portal, in the system Chromium against the real
 * API, worker, Temporal, Postgres and the sandbox's Twilio: the owner adds a contact,
 * words the booking confirmation (a variable the kind does not have is refused on the
 * field), texts the contact from the conversation page and sees it delivered as the
 * customer's phone shows it; the customer's answer appears in the thread. The owner sets
 * the company's quiet hours; the operator finds the text in every company's messages, the
 * contact on the tenant's page and today's texts on the dashboard.
 */
describe('console: messaging', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let page: Page;
  const run = Date.now().toString(36);
  const company = { company: `Salem Sump Pumps ${run}`, email: `sal.${run}@example.com`, password: 'sal owner password', phone: `+1${areaCode}5550181` };
  /** The customer's mobile. */
  const customer = { name: 'Rosa Customer', phone: `+1${areaCode}5550182` };
  const typedPhone = `(${areaCode}) 555-0182`;
  let owner: Owner;
  let companyNumber: string;

  const ui = browserScenario({ name: 'messaging', apiUrl: () => platform.api.url, context: { timezoneId: 'America/Chicago' } });
  const { step, screenshots, signIn, signInAsOperator, url, button, dialog, tab, notification } = ui;

  jest.setTimeout(120_000);

  /** The customer's phone, as the sandbox shows it: texts from the company's number, newest first. */
  const customersPhone = () => phoneTexts(platform, customer.phone);

  beforeAll(async () => {
    platform = await startTestPlatform({ calls: true });
    // The operator gives the company its number (the texts' sender) and opens its trial.
    ({ owner, phoneNumber: companyNumber } = await companyWithNumber(platform, {
      areaCode,
      password: company.password,
      signup: { company_name: company.company, owner_email: company.email, owner_name: 'Sal Owner', owner_phone: company.phone, plan_tier: 'starter' },
    }));
    page = await ui.openPage();
  }, 300_000);

  afterAll(async () => {
    await platform?.close();
  });

  step(
    'the owner adds a contact by the number as people write it',
    async () => {
      await signIn(company);
      await page.getByTestId('portal-company').getByText(company.company).waitFor();
      await page.getByRole('menuitem', { name: 'Contacts' }).click();
      await page.getByTestId('no-contacts').waitFor();
      await page.getByTestId('no-contacts').getByRole('button', { name: 'Add contact' }).click();
      await dialog().getByLabel('Phone').fill(typedPhone);
      await dialog().getByLabel('Name').fill(customer.name);
      await dialog().getByTestId('confirm-add-contact').click();
      await notification('Contact added');
      const row = page.getByTestId('contacts').getByRole('row').filter({ hasText: customer.name });
      await row.waitFor();
      // Shown as people write it, kept in E.164.
      expect(await row.locator(`[data-e164="${customer.phone}"]`).textContent()).toBe(typedPhone);
      expect(await row.getByTestId('opt-out-sms').getAttribute('data-state')).toBe('allowed');
      await screenshots('01-contacts');
    },
    [SIGNED_OUT],
  );

  step(
    'words the booking confirmation: a variable confirmations do not have is refused on the field',
    async () => {
      await page.getByRole('menuitem', { name: 'Templates' }).click();
      const editor = page.locator('[data-testid="template-editor"][data-kind="appointment_confirmation"]');
      await editor.waitFor();
      await editor.getByTestId('template-text-help').getByText("Kestrel's wording: change it to make it yours.").waitFor();
      const text = editor.getByTestId('template-text');
      await text.fill('{company_name}: see you {appointment_time}. Your technician arrives around {eta}.');
      // The preview follows the typing, with the company's name.
      await editor.getByTestId('template-preview').getByText(`${company.company}: see you Tuesday, March 4 at 10:00 AM.`, { exact: false }).waitFor();
      await editor.getByTestId('save-template').click();
      await editor.getByTestId('template-text-help').getByText(/\{eta\} is not a variable of appointment_confirmation/).waitFor();
      await screenshots('02-template-refused');

      await text.fill('{company_name}: see you {appointment_time} at {service_address}. Reply C to confirm or R to reschedule.');
      await editor.getByTestId('save-template').click();
      await notification('Template saved');
      const saved = await fetch(`${platform.api.url}/api/v1/message-templates/appointment_confirmation`, { headers: { Authorization: `Bearer ${owner.token}` } });
      expect(await saved.json()).toMatchObject({ is_default: false, body: '{company_name}: see you {appointment_time} at {service_address}. Reply C to confirm or R to reschedule.', segments: 1 });
      await editor.getByTestId('template-segments').getByText('1 SMS segment (GSM-7)').waitFor();
      await screenshots('03-template-saved');
    },
    [refused(422, '/api/v1/message-templates/appointment_confirmation')],
  );

  step("texts the contact from the conversation page and sees it delivered, as the customer's phone shows it", async () => {
    await page.getByRole('menuitem', { name: 'Contacts' }).click();
    await page.getByTestId('contacts').getByRole('row').filter({ hasText: customer.name }).click();
    await page.getByTestId('conversation-contact').getByText(customer.name).waitFor();
    const words = 'Hi Rosa, your sump pump part arrived. Can we come Friday morning?';
    await page.getByTestId('reply-text').fill(words);
    await page.getByTestId('reply-segments').getByText('1 SMS segment (GSM-7)').waitFor();
    await page.getByTestId('send-reply').click();
    const sent = page.getByTestId('message').filter({ hasText: words });
    await sent.waitFor();
    // Twilio's status callbacks move it on: the page reads them as they come.
    await page.locator('[data-testid="message"][data-status="delivered"]').filter({ hasText: words }).waitFor();
    await sent.getByTestId('message-status').getByText('Delivered').waitFor();
    const received = await eventually(async () => (await customersPhone()).find((m) => m.body === words), 10_000, 'the text on the phone');
    expect(received.from).toBe(companyNumber);
    expect((await customersPhone()).filter((m) => m.body === words)).toHaveLength(1);
    await screenshots('04-delivered');
  });

  step('the customer answers, and the answer appears in the thread', async () => {
    const answer = 'Friday works, after 9 please.';
    await textFrom(platform, customer.phone, companyNumber, answer);
    const reply = page.locator('[data-testid="message"][data-direction="inbound"]').filter({ hasText: answer });
    await reply.waitFor();
    await screenshots('05-reply-in-thread');

    // The conversations list has it first, waiting for the company's answer.
    await page.getByRole('menuitem', { name: 'Conversations' }).click();
    const first = page.getByTestId('threads').getByTestId('thread').first();
    await first.getByText(customer.name).waitFor();
    await first.getByText(answer).waitFor();
    await screenshots('06-conversations');
  });

  step('sets quiet hours for what Kestrel sends on its own', async () => {
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    const section = page.getByTestId('messaging-settings');
    await section.getByLabel('Quiet from').fill('22:00');
    await section.getByLabel('Quiet until').fill('07:30');
    await section.getByLabel('Texts a minute, at most').fill('30');
    await section.getByTestId('quiet-hours-note').getByText(/between 22:00 and 07:30/).waitFor();
    await button('Save').click();
    await notification('Settings saved');
    const settings = await fetch(`${platform.api.url}/api/v1/settings`, { headers: { Authorization: `Bearer ${owner.token}` } });
    expect(await settings.json()).toMatchObject({ quiet_hours_start: '22:00', quiet_hours_end: '07:30', message_rate_per_minute: 30 });
    await screenshots('07-quiet-hours');

    await page.goto(url('/'));
    const card = page.getByTestId('portal-messages-card');
    await card.getByTestId('messages-sent').getByText('1', { exact: true }).waitFor();
    await card.getByTestId('messages-delivered').getByText('1', { exact: true }).waitFor();
    await screenshots('08-portal-dashboard');
  });

  step(
    "the operator sees the text among every company's, the contact on the tenant's page, and today's texts",
    async () => {
      page = await ui.openPage();
      await signInAsOperator();
      await page.getByTestId('messages-card').getByTestId('messages-delivered').waitFor();
      await screenshots('09-operator-dashboard');

      await page.goto(url(`/messages?${new URLSearchParams({ filter: JSON.stringify({ tenant_id: owner.tenantId }) })}`));
      const rows = page.getByTestId('messages').getByRole('row');
      await rows.filter({ hasText: 'Friday works, after 9 please.' }).getByTestId('message-status').getByText('Received').waitFor();
      await rows.filter({ hasText: 'Can we come Friday morning?' }).getByTestId('message-status').getByText('Delivered').waitFor();
      await screenshots('10-operator-messages');

      await page.goto(url(`/tenants/${owner.tenantId}/show`));
      await tab('Contacts').click();
      await page.getByTestId('tenant-contacts').getByText(customer.name).waitFor();
      await screenshots('11-operator-contacts');
    },
    [SIGNED_OUT],
  );
});
