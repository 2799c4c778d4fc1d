import type { Knex } from 'knex';
import type { Page } from 'playwright-core';
import { createKnex } from '../../db/connection';
import { inviteUser, signUpOwner, verifyPhone } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_LOGIN, signup, startPlatform, type Platform } from '../support/platform';
import { SIGNED_OUT, browserScenario } from './scenario';

/**
 * A company's own pages (the tenant portal), as its people use them in the system
 * Chromium against the real API and database: the owner reads the company's dashboard,
 * calls and appointments (and nothing of another company's), changes its settings and
 * reads its billing; a member is refused a change; operator pages show nothing.
 */
describe('tenant portal', () => {
  /** The company's area: its people's numbers and its callers'. */
  const areaCode = claimAreaCode();
  let platform: Platform;
  let db: Knex;
  let page: Page;
  const run = Date.now().toString(36);
  const company = `Sacramento Drains ${run}`;
  const rival = `Zed Zebra Furnaces ${run}`;
  /** The owner_phone of the sign-up: in the file's own area, as codes sent to a number are counted across the run. */
  const owner = { email: `olive.${run}@example.com`, password: 'olive owner password', phone: `+1${areaCode}5550160` };
  const member = { email: `milo.${run}@example.com`, password: 'milo member password' };
  let ownCallId: string;
  let rivalCallId: string;
  let ownAppointmentId: string;
  let tenantId: string;

  const ui = browserScenario({ name: 'portal', apiUrl: () => platform.api.url, context: { timezoneId: 'America/Los_Angeles' } });
  const { step, screenshots, signIn, url, visible, button } = ui;

  jest.setTimeout(120_000);

  async function onboard(companyName: string): Promise<string> {
    const res = await platform.post('/api/onboarding', signup({ company_name: companyName }));
    expect(res.status).toBe(201);
    return ((await res.json()) as { tenant: { id: string } }).tenant.id;
  }

  /** A finished call with its transcript, and the appointment it booked, written as the call workflow would. */
  async function seedCall(tenantId: string, customer: string, summary: string): Promise<{ callId: string; appointmentId: string }> {
    const sid = `CA${tenantId.replace(/-/g, '')}`.slice(0, 34);
    const startedAt = new Date(Date.now() - 2 * 3600_000);
    const tomorrow = new Date(Date.now() + 26 * 3600_000);
    const [appointment] = await db('appointments')
      .insert({ tenant_id: tenantId, call_sid: sid, customer_name: customer, callback_number: `+1${areaCode}5550142`, service_type: 'drain cleaning', starts_at: tomorrow, duration_minutes: 60, status: 'scheduled' })
      .returning<Array<{ id: string }>>('id');
    const [call] = await db('call_logs')
      .insert({
        tenant_id: tenantId,
        call_sid: sid,
        from_number: `+1${areaCode}5550142`,
        to_number: `+1${areaCode}5550100`,
        status: 'completed',
        started_at: startedAt,
        ended_at: new Date(startedAt.getTime() + 95_000),
        duration_seconds: 95,
        summary,
        outcome: 'appointment_booked',
        appointment_id: appointment!.id,
        details: JSON.stringify({ customer_name: customer, callback_number: `+1${areaCode}5550142`, service_type: 'drain cleaning', sentiment: 'positive' }),
        transcript: JSON.stringify([
          { role: 'agent', text: 'Thanks for calling, how can I help?', at: startedAt.toISOString() },
          { role: 'caller', text: `This is ${customer}, my kitchen drain is blocked.`, at: new Date(startedAt.getTime() + 5_000).toISOString() },
          { role: 'agent', text: 'I have booked a visit for tomorrow.', at: new Date(startedAt.getTime() + 40_000).toISOString() },
        ]),
      })
      .returning<Array<{ id: string }>>('id');
    return { callId: call!.id, appointmentId: appointment!.id };
  }

  beforeAll(async () => {
    platform = await startPlatform();
    db = createKnex(process.env.DATABASE_URL!, 2);

    // Olive signs the company up and sets her password from the welcome e-mail; she verifies
    // her phone with the code texted to it (so the portal does not ask), and invites Milo,
    // who accepts with a password of his own.
    const signedUp = await signUpOwner(platform, { company_name: company, owner_email: owner.email, owner_name: 'Olive Owner', owner_phone: owner.phone }, { password: owner.password });
    tenantId = signedUp.tenantId;
    await verifyPhone(platform, signedUp);
    await inviteUser(platform, tenantId, { email: member.email, name: 'Milo Member', role: 'member' }, { password: member.password, by: signedUp.token });
    ({ callId: ownCallId, appointmentId: ownAppointmentId } = await seedCall(tenantId, 'Alice Aardvark', 'Blocked kitchen drain; visit booked for tomorrow.'));
    ({ callId: rivalCallId } = await seedCall(await onboard(rival), 'Zed Zebra', 'Zebra furnace is making noises.'));
    page = await ui.openPage();
  }, 240_000);

  afterAll(async () => {
    await db?.destroy();
    await platform?.close();
  });

  step(
    "the owner signs in to the company's dashboard",
    async () => {
      await signIn(owner);
      await page.getByTestId('portal-company').getByText(company).waitFor();
      await page.getByTestId('usage-bar').waitFor();
      await page.getByTestId('portal-upcoming').getByText('Alice Aardvark').waitFor();
      // The operator's pages and tools are not in the menu.
      for (const operatorItem of ['Tenants', 'Dead letters', 'Call simulator']) expect(await page.getByRole('menuitem', { name: operatorItem }).count()).toBe(0);
      expect(await page.getByText('Zed Zebra').count()).toBe(0);
      await screenshots('01-dashboard');
    },
    [SIGNED_OUT],
  );

  step("lists the company's calls and shows one as a conversation", async () => {
    await page.getByRole('menuitem', { name: 'Calls' }).click();
    await visible('Blocked kitchen drain; visit booked for tomorrow.');
    expect(await page.getByText('Zebra furnace').count()).toBe(0);
    await screenshots('02-calls');

    await page.getByText('Blocked kitchen drain; visit booked for tomorrow.').click();
    await page.waitForURL(new RegExp(`/admin/my-calls/${ownCallId}/show$`));
    await page.getByTestId('call-transcript').getByText('This is Alice Aardvark, my kitchen drain is blocked.').waitFor();
    await page.getByTestId('call-summary').getByTestId('outcome-chip').waitFor();
    await screenshots('03-call');
  });

  step('changes an appointment', async () => {
    await page.getByTestId('appointment-link').click();
    await page.waitForURL(new RegExp(`/admin/my-appointments/${ownAppointmentId}$`));
    await page.getByLabel('Notes').fill('Gate code 4411');
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Confirmed' }).click();
    await screenshots('04-appointment');
    await button('Save').click();
    await page.waitForURL(/\/admin\/my-appointments$/);
    await page.getByText('Alice Aardvark').first().waitFor();
    expect(await page.getByText('Zed Zebra').count()).toBe(0);
    await screenshots('05-appointments');
    const saved = await db('appointments').where({ id: ownAppointmentId }).first();
    expect(saved).toMatchObject({ status: 'confirmed', notes: 'Gate code 4411' });
  });

  step(
    'edits the settings: a bad number is refused on its field, a greeting change saves',
    async () => {
      await page.getByRole('menuitem', { name: 'Settings' }).click();
      await page.getByTestId('portal-settings-form').waitFor();
      const forward = page.getByLabel('Forward calls to');
      // Ten digits, so the form lets it through; the API knows no such exchange.
      await forward.fill(`(${areaCode}) 011-1111`);
      await button('Save').click();
      await visible('expected a valid phone number, e.g. +18575550123');
      await screenshots('06-settings-refused');

      await forward.fill(`(${areaCode}) 555-0199`);
      await page.getByLabel('Greeting', { exact: true }).fill(`Sacramento Drains ${run}, how can we help?`);
      await button('Save').click();
      await visible('Settings saved');
      const saved = (await (await page.request.get(`${platform.api.url}/api/v1/settings`)).json()) as { forward_to_number: string; ai_settings: { greeting: string } };
      expect(saved.forward_to_number).toBe(`+1${areaCode}5550199`);
      expect(saved.ai_settings.greeting).toBe(`Sacramento Drains ${run}, how can we help?`);
      await screenshots('07-settings');
    },
    [/status of 422 .*\/api\/v1\/settings\)$/, /^\[browser console\] \w+: Some fields are missing or invalid; see errors\./],
  );

  step('shows the plan and its usage', async () => {
    await page.getByRole('menuitem', { name: 'Billing' }).click();
    await page.getByTestId('billing-plan').getByText('Starter').waitFor();
    await page.getByTestId('portal-billing').getByTestId('usage-bar').waitFor();
    await screenshots('08-billing');
  });

  step("shows Kestrel's support sessions in the company's activity log", async () => {
    // An operator opens a support session on the company, from a session of their own.
    const login = await fetch(`${platform.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(OPERATOR_LOGIN) });
    const { access_token } = (await login.json()) as { access_token: string };
    const opened = await fetch(`${platform.api.url}/api/admin/tenants/${tenantId}/support-sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ reason: 'Checking the greeting for the owner' }),
    });
    expect(opened.status).toBe(201);
    await page.getByRole('menuitem', { name: 'Activity' }).click();
    const row = page.locator('tr', { hasText: 'Support session opened' });
    await row.getByText('Kestrel support').waitFor();
    await row.getByText('Checking the greeting for the owner').waitFor();
    await screenshots('09-activity');
  });

  step('shows nothing of other companies on operator pages, nor through the tenant API', async () => {
    for (const path of ['/tenants', '/dead-letters', '/calls']) {
      await page.goto(url(path));
      await page.getByText('Not Found').first().waitFor();
      expect(await page.getByText(rival).count()).toBe(0);
      expect(await page.getByText('Zed Zebra').count()).toBe(0);
    }
    await screenshots('10-operator-page');

    const ownCall = await page.request.get(`${platform.api.url}/api/v1/calls/${ownCallId}`);
    expect(ownCall.status()).toBe(200);
    const rivalCall = await page.request.get(`${platform.api.url}/api/v1/calls/${rivalCallId}`);
    expect(rivalCall.status()).toBe(404);
    const list = (await (await page.request.get(`${platform.api.url}/api/v1/calls`)).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((call) => call.id)).toEqual([ownCallId]);
  });

  step(
    'a member reads the settings and is refused a change',
    async () => {
      page = await ui.openPage();
      await signIn(member);
      await page.getByTestId('portal-company').getByText(company).waitFor();
      await page.getByRole('menuitem', { name: 'Settings' }).click();
      await page.getByTestId('read-only-settings').waitFor();
      await page.getByLabel('Greeting', { exact: true }).fill('A member greeting');
      await button('Save').click();
      await visible('Your role cannot do this (settings:write).');
      await screenshots('11-member-refused');
      const saved = (await (await page.request.get(`${platform.api.url}/api/v1/settings`)).json()) as { ai_settings: { greeting: string } };
      expect(saved.ai_settings.greeting).toBe(`Sacramento Drains ${run}, how can we help?`);
    },
    [SIGNED_OUT, /status of 403 .*\/api\/v1\/settings\)$/, /^\[browser console\] \w+: Your role cannot do this \(settings:write\)\./],
  );
});
