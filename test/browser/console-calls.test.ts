import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { liveTenant, operator, placeCall, sandboxPost, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_TOKEN, eventually, signup } from '../support/platform';
import { browserScenario } from './scenario';

/** The console's lists show 25 rows a page; each sign-up sends two e-mails (the operators' notice and the welcome): more than a page. */
const PER_PAGE = 25;
const SIGN_UPS = 13;
const SIGN_UP_EMAILS = 2 * SIGN_UPS;

/**
 * The console's call pages as an operator uses them, in the system Chromium against the
 * real API, worker, Temporal, Postgres and provider sandbox: a call placed from the call
 * simulator, its log, the appointment it booked, the calls list, a dead letter replayed,
 * and the emails sent.
 */
describe('admin console: calls', () => {
  const areaCode = claimAreaCode();
  let p: CallPlatform;
  let page: Page;
  let tenant: LiveTenant;
  let company: string;
  /** The companies this run signs up only for their e-mails: more than a page of them, which no other suite's rows join. */
  let neighbours: string;
  let deadLetterId: string;
  let appointmentId: string;
  let callLogId: string;

  const ui = browserScenario({ name: 'calls', apiUrl: () => p.apiUrl, context: { timezoneId: 'America/New_York', acceptDownloads: true } });
  const { step, screenshot: shot, signInAsOperator, url, visible, button, menu, filteredBy, openList } = ui;
  const rows = () => page.locator('tbody tr');
  /** How many e-mails the admin API finds for a search, as the list's pagination counts them. */
  const emailsMatching = async (q: string) => {
    const query = new URLSearchParams({ filter: JSON.stringify({ q }), range: JSON.stringify([0, 0]) });
    const res = await fetch(`${p.apiUrl}/api/admin/emails?${query}`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } });
    if (!res.ok) throw new Error(`emails: ${res.status} ${await res.text()}`);
    return Number(/\/(\d+)$/.exec(res.headers.get('Content-Range') ?? '')?.[1]);
  };
  /** The e-mails list searched for the run's own sign-ups, once all their e-mails are logged. */
  const openNeighboursEmails = async () => {
    await eventually(async () => (await emailsMatching(neighbours)) === SIGN_UP_EMAILS, 30_000, "the sign-ups' e-mails");
    await page.goto(url(`/emails?${new URLSearchParams({ filter: JSON.stringify({ q: neighbours }) })}`));
    await page.getByText(`1-${PER_PAGE} of ${SIGN_UP_EMAILS}`).waitFor();
    await page.getByText(`Welcome to Kestrel, ${neighbours}`).first().waitFor();
  };
  /** Picks an option of a react-admin AutocompleteInput, typing part of its text once its first choices are shown. */
  const autocomplete = async (label: string, typed: string, option: string | RegExp) => {
    const input = page.getByRole('combobox', { name: label });
    await input.click();
    // A click that lands while the page is still busy can leave the list closed: the arrow key opens it.
    const firstChoice = page.getByRole('option').first();
    if (!(await firstChoice.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
      await input.press('ArrowDown');
      await firstChoice.waitFor();
    }
    await input.fill(typed);
    await page.getByRole('option', { name: option }).click();
  };
  /** The calendar opens on this week; "Tuesday" may be next week's. */
  const showsVisitOfJane = async () => {
    const card = page.getByTestId('calendar-appointment').filter({ hasText: 'Jane Smith' });
    const noVisits = page.getByTestId('calendar-day').getByText('No visits');
    await eventually(async () => (await card.count()) > 0 || (await noVisits.count()) === 7, 10_000, "this week's visits");
    if ((await card.count()) === 0) await button('Next week').click();
    await card.waitFor();
    return card;
  };
  /** Picks an option of a react-admin SelectInput. */
  const select = async (label: string, option: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  jest.setTimeout(120_000);

  beforeAll(async () => {
    p = await startCallPlatform();
    const run = Date.now().toString(36);
    company = `Peachtree Heating ${run}`;
    tenant = await liveTenant(p, areaCode, { company_name: company, owner_email: `pat.${run}@example.com` });
    // The phone-width check pages through e-mails of this run's own rather than whatever
    // other suites left in the shared database (a name that does not contain the company's,
    // so that picking the company in a list's filter still finds it alone).
    neighbours = `Magnolia Plumbing ${run}`;
    for (let n = 1; n <= SIGN_UPS; n++) {
      const res = await fetch(`${p.apiUrl}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(signup({ company_name: `${neighbours} ${n}` })) });
      if (res.status !== 201) throw new Error(`onboarding: ${res.status} ${await res.text()}`);
    }

    // A call whose summary fails for good: the agent ends the call, then the summariser
    // answers outside its schema, which is not retried (as in test/calls/calls.test.ts).
    await sandboxPost(p, '/sandbox/openai/replies', { replies: [{ tool_calls: [{ name: 'end_call', arguments: '{}' }] }, { content: 'Sorry, no summary today.' }] });
    const failing = await placeCall(p, tenant.phoneNumber, ['Just checking you are open']);
    deadLetterId = await eventually(async () => (await p.owner('dead_letters').where({ workflow_id: `call-${failing.sid}` }).first())?.id as string | undefined, 30_000, 'the dead letter');

    page = await ui.openPage();
  }, 240_000);

  afterAll(async () => {
    await p?.close();
  });

  step('signs in', async () => {
    await signInAsOperator();
  });

  step('calls the tenant from the call simulator and books a visit', async () => {
    await menu('Call simulator').click();
    await page.waitForURL(/\/admin\/simulator$/);
    await shot('calls-01-simulator');
    await autocomplete('Company to call', company, new RegExp(`${company} · \\+1${areaCode}\\d{7}`));
    await button('Call').click();

    const agent = page.getByTestId('bubble-agent');
    // The greeting names the company (the test tenant is open around the clock).
    await agent.first().getByText(`Thank you for calling ${company}.`, { exact: false }).waitFor();
    await visible(new RegExp(`On the line with ${company}`));
    await shot('calls-02-simulator-greeting');

    const say = async (text: string, answer: RegExp, whileWaiting?: () => Promise<void>) => {
      const before = await agent.count();
      await page.getByRole('textbox', { name: 'What the caller says' }).fill(text);
      await button('Say it').click();
      await page.getByTestId('bubble-caller').last().getByText(text).waitFor();
      await whileWaiting?.();
      await eventually(async () => (await agent.count()) > before, 20_000, 'the agent to answer');
      expect(await agent.last().textContent()).toMatch(answer);
    };
    // The model takes its time with the first answer, so the page shows the agent is on it.
    await sandboxPost(p, '/sandbox/faults', { provider: 'openai', count: 1, hangMs: 3_000 });
    await say('Hi, my furnace is broken and I need a technician to come out', /what day and time/i, async () => {
      await page.getByTestId('agent-waiting').waitFor();
      await shot('calls-02b-simulator-waiting');
    });
    await say('Tuesday at 10am', /./);
    await say('My name is Jane Smith, at 12 Oak Street, Boston', /all set for Tuesday/i);
    await shot('calls-03-simulator-booked');

    await button('Hang up').click();
    await visible('You hung up');
    await visible(/Call with .* ended/);
    // The log is written once the call's workflow has summarised the call.
    await page.getByTestId('open-call-log').waitFor({ timeout: 60_000 });
    await shot('calls-04-simulator-logged');
  });

  step('opens the call log: the transcript as a conversation, the outcome, the details', async () => {
    await page.getByTestId('open-call-log').click();
    await page.waitForURL(/\/admin\/calls\/[0-9a-f-]{36}\/show$/);
    callLogId = /calls\/([0-9a-f-]{36})\/show/.exec(page.url())![1]!;
    const transcript = page.getByTestId('call-transcript');
    await transcript.getByTestId('bubble-caller').filter({ hasText: 'Tuesday at 10am' }).waitFor();
    expect(await transcript.getByTestId('bubble-caller').count()).toBe(3);
    expect(await transcript.getByTestId('bubble-agent').first().textContent()).toContain(`Thank you for calling ${company}`);
    await page.getByTestId('call-summary').getByTestId('outcome-chip').getByText('Appointment booked').waitFor();
    const details = page.getByTestId('call-details');
    await details.getByText('Jane Smith').waitFor();
    await details.getByText('(202) 555-0100').first().waitFor();
    expect(await details.getByTestId('tenant-link').textContent()).toBe(company);
    await shot('calls-05-call-show');
  });

  step('follows the call to its appointment and confirms it', async () => {
    await page.getByTestId('appointment-link').click();
    await page.waitForURL(/\/admin\/appointments\/[0-9a-f-]{36}$/);
    appointmentId = /appointments\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    await visible('Jane Smith');
    // The visit is in the company's time: Tuesday 10:00 in New York.
    await page.getByTestId('company-local-time').getByText(/Tuesday, .* 10:00\s?AM\sE[SD]T/).waitFor();
    await select('Status', 'Confirmed');
    await page.getByLabel('Notes').fill('Customer prefers a call 30 minutes before.');
    await shot('calls-06-appointment-edit');
    await button('Save').click();

    await page.waitForURL(/\/admin\/appointments(\?.*)?$/);
    await visible('Element updated');
    const saved = await operator(p, `/api/admin/appointments/${appointmentId}`);
    expect(saved).toMatchObject({ status: 'confirmed', notes: 'Customer prefers a call 30 minutes before.', customer_name: 'Jane Smith' });
    await autocomplete('Company', company, company);
    await filteredBy('tenant_id', tenant.id);
    await eventually(async () => (await rows().count()) === 1 && (await rows().first().textContent())?.includes('Confirmed'), 10_000, 'the confirmed appointment');
    await shot('calls-07-appointments-list');

    // A slip in the list, put right from the status badge.
    const quickStatus = async (from: string, to: string) => {
      await rows().first().getByRole('button', { name: `Status: ${from}. Change it` }).click();
      await page.getByRole('menuitem', { name: to }).click();
      await visible(`Appointment marked ${to}`);
      await rows().first().getByRole('button', { name: `Status: ${to}. Change it` }).waitFor();
    };
    await quickStatus('Confirmed', 'Cancelled');
    expect(await operator(p, `/api/admin/appointments/${appointmentId}`)).toMatchObject({ status: 'cancelled' });
    await quickStatus('Cancelled', 'Confirmed');
    expect(await operator(p, `/api/admin/appointments/${appointmentId}`)).toMatchObject({ status: 'confirmed' });

    // The week calendar shows the visit in its day.
    await page.getByTestId('calendar-toggle').click();
    expect(await (await showsVisitOfJane()).textContent()).toMatch(/^10:00\s?AM\sE[SD]T\s*Jane Smith/);
    await page.mouse.move(0, 0);
    await shot('calls-08-appointments-calendar');
    await page.getByRole('button', { name: 'List' }).click();
  });

  step('filters the calls list by outcome and exports it', async () => {
    await menu('Calls').click();
    await autocomplete('Company', company, company);
    await filteredBy('tenant_id', tenant.id);
    // The tenant's two calls: the booking, and the one whose summary failed.
    await eventually(async () => (await rows().count()) === 2, 10_000, "the tenant's two calls");
    await select('Outcome', 'Appointment booked');
    await filteredBy('outcome', 'appointment_booked');
    await eventually(async () => (await rows().count()) === 1, 10_000, 'the booked call alone');
    await rows().first().getByText('Appointment booked').waitFor();
    // From today, in the operator's time zone: the day starts at midnight in New York.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menu').getByText('From day', { exact: true }).click();
    await page.getByLabel('From day').fill(today);
    await page.waitForURL((address) => {
      const after = (JSON.parse(address.searchParams.get('filter') ?? '{}') as { started_after?: string }).started_after;
      return after !== undefined && new Date(after).toLocaleString('en-US', { timeZone: 'America/New_York', hourCycle: 'h23' }).endsWith(', 00:00:00');
    });
    await eventually(async () => (await rows().count()) === 1, 10_000, "today's booked call");
    await shot('calls-09-calls-list-filtered');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-calls').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^call_sid,company_name,started_at,/);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(company);
    expect(csv[1]).toContain('appointment_booked');
  });

  step('replays a dead letter and shows it resolved', async () => {
    await menu('Dead letters').click();
    await select('State', 'Open');
    await filteredBy('state', 'open');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menu').getByText('Company', { exact: true }).click();
    await autocomplete('Company', company, company);
    await filteredBy('tenant_id', tenant.id);
    await eventually(async () => (await rows().count()) === 1, 10_000, "the tenant's dead letter");
    await rows().first().getByText('summariseCall').waitFor();
    await shot('calls-10-dead-letters');

    await rows().first().click();
    await page.waitForURL(new RegExp(`/admin/dead-letters/${deadLetterId}/show$`));
    await page.getByTestId('dead-letter-input').getByText('Just checking you are open').waitFor();
    await page.getByTestId('dead-letter-error').getByText(/summary schema/).waitFor();
    await page.getByTestId('dead-letter-state').getByText('Open').waitFor();
    await shot('calls-11-dead-letter-open');

    await page.getByTestId('replay-button').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Replay' }).click();
    await page.getByTestId('dead-letter-state').getByText('Resolved').waitFor({ timeout: 60_000 });
    await page.getByTestId('replay-status').getByText(/^Resolved on/).waitFor();
    expect(await page.getByTestId('replay-button').isDisabled()).toBe(true);
    await shot('calls-12-dead-letter-resolved');
  });

  step('lists the emails the sign-up sent', async () => {
    // The unfiltered page shows the same rows until the search applies.
    await openList('Emails', company);
    await page.getByRole('cell', { name: `New tenant signup: ${company}` }).waitFor();
    await page.getByRole('cell', { name: `Welcome to Kestrel, ${company}` }).waitFor();
    expect(await rows().filter({ hasText: `Welcome to Kestrel, ${company}` }).textContent()).toContain(tenant.body.owner_email as string);
    await shot('calls-13-emails');

    await page.getByRole('cell', { name: `Welcome to Kestrel, ${company}` }).click();
    await page.waitForURL(/\/admin\/emails\/[0-9a-f-]{36}\/show$/);
    await page.getByTestId('email-status').getByText('Sent').first().waitFor();
    await page.getByTestId('email-payload').waitFor();
    await shot('calls-14-email-show');
  });

  step('collapses lists and pages to a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url('/calls'));
    await page.getByText(company).first().waitFor();
    // The table gives way to a simple list at this width.
    expect(await page.locator('table').count()).toBe(0);
    await shot('calls-15-calls-list-390');

    await page.goto(url(`/calls/${callLogId}/show`));
    await page.getByTestId('call-transcript').getByTestId('bubble-caller').first().waitFor();
    await shot('calls-16-call-show-390');

    await page.goto(url(`/appointments/${appointmentId}`));
    await visible('Jane Smith');
    await shot('calls-17-appointment-edit-390');

    // The week calendar becomes one day under the other.
    await page.goto(url('/appointments'));
    await page.getByTestId('calendar-toggle').click();
    await showsVisitOfJane();
    await page.mouse.move(0, 0);
    await shot('calls-18-appointments-calendar-390');
    await page.getByRole('button', { name: 'List' }).click();

    await page.goto(url(`/dead-letters/${deadLetterId}/show`));
    await page.getByTestId('dead-letter-state').getByText('Resolved').waitFor();
    await shot('calls-19-dead-letter-390');

    // More than a page of e-mails: the list's pagination shows, and is used, at this width.
    await openNeighboursEmails();
    await shot('calls-20-emails-390');
    await button('Go to next page').click();
    await page.getByText(`${PER_PAGE + 1}-${SIGN_UP_EMAILS} of ${SIGN_UP_EMAILS}`).waitFor();
    await shot('calls-20b-emails-390-next-page');

    await page.goto(url('/simulator'));
    await page.getByRole('combobox', { name: 'Company to call' }).waitFor();
    await shot('calls-21-simulator-390');
  });

  step('keeps lists to the screen on a phone held sideways', async () => {
    // From 600 px the lists are tables again, wider than this screen: each scrolls in its own box, not the page.
    await page.setViewportSize({ width: 844, height: 390 });
    const tableScrolls = () => page.evaluate<boolean>(`(() => { const box = document.querySelector('.RaDataTable-tableWrapper'); return box.scrollWidth > box.clientWidth; })()`);
    await openNeighboursEmails();
    expect(await tableScrolls()).toBe(true);
    await shot('calls-22-emails-844');

    await page.goto(url('/calls'));
    await rows().filter({ hasText: company }).first().waitFor();
    expect(await tableScrolls()).toBe(true);
    await shot('calls-23-calls-list-844');
  });
});
