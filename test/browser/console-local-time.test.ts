import type { Locator, Page } from 'playwright-core';
import { ALWAYS_OPEN, operator, startCallPlatform, type CallPlatform } from '../calls/support';
import type { Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { eventually } from '../support/platform';
import { companyWithNumber } from './company';
import { SIGNED_OUT, browserScenario } from './scenario';

/** The company's area: its number, its owner's and its caller's. */
const AREA_CODE = claimAreaCode();
/** Where the company is, and where its visits happen. */
const COMPANY_ZONE = 'America/New_York';
/** Where the people reading the console are: far from the company, on the other side of the date line. */
const VIEWER_ZONE = 'Asia/Tokyo';
const CALLER = `+1${AREA_CODE}5550123`;
const CALLER_AS_WRITTEN = `(${AREA_CODE}) 555-0123`;
const US_NUMBER_AS_WRITTEN = /\(\d{3}\) \d{3}-\d{4}/;

/** Intl may put a narrow no-break space before AM/PM; people read any space as a space. */
const plain = (text: string | null) => (text ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim();

/** "2026-12-07": the day after `day`. */
const dayAfter = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * A company's times as the company lives them, whoever reads the console and wherever: a
 * Boston company's caller books a visit "tomorrow at 9am" at 42 Elm Street through the call
 * simulator's API; then, with the browser in Tokyo, the operator's appointment list, week
 * calendar, appointment page and call page, and the owner's dashboard, appointments and call
 * page all read 9:00 AM with the company's zone named (EST or EDT, as the date has it), show
 * the visit's address, and write phone numbers as people do. Every page is photographed at a
 * desktop's width and a phone's.
 */
describe('console: times in the company’s zone, addresses, phone numbers', () => {
  let p: CallPlatform;
  let page: Page;
  let owner: Owner;
  let tenantId: string;
  let tenantNumber: string;
  let callId: string;
  let appointmentId: string;
  let bookedStartsAt: string;
  /** "Dec 7, 2026, 9:00 AM EST": the visit as the company's clock reads it. */
  let visitText: string;
  /** The company's zone on the visit's day: EST or EDT. */
  let visitZone: string;
  /** The visit's day, as the calendar heads its column ("Mon Dec 7"). */
  let visitDayHeading: string;
  /** The visit's day, as a datetime input holds it ("2026-12-07"). */
  let visitDay: string;
  const run = Date.now().toString(36);
  const company = `Elm Street Heating ${run}`;
  const ownerLogin = { email: `olga.${run}@example.com`, password: 'olga owner password' };

  const ui = browserScenario({ name: 'local-time', apiUrl: () => p.apiUrl, context: { timezoneId: VIEWER_ZONE } });
  const { step, screenshots, signIn, signInAsOperator, url, button } = ui;
  const textOf = async (locator: Locator) => plain(await locator.textContent());
  /** Waits until the element reads `expected` (with spaces as people read them). */
  const reads = (locator: Locator, expected: string | RegExp, what: string) =>
    eventually(
      async () => {
        const text = await textOf(locator);
        return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
      },
      20_000,
      `${what} to read ${String(expected)}`,
    );
  const withFilter = (path: string, filter: Record<string, unknown>) => `${path}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`;
  /** A console list, filtered as its filter form would. */
  const filtered = (path: string, filter: Record<string, unknown>) => url(withFilter(path, filter));

  jest.setTimeout(120_000);

  /** Where an element's top edge is on the page. */
  const topOf = async (locator: Locator) => (await locator.boundingBox())!.y;

  /** The call page reads what the call came to before what was said, at a desk's width and at a phone's. */
  async function summaryAboveTranscript(): Promise<void> {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
      await page.waitForTimeout(300);
      expect(await topOf(page.getByTestId('call-summary'))).toBeLessThan(await topOf(page.getByTestId('call-transcript')));
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  beforeAll(async () => {
    p = await startCallPlatform();

    // Olga signs her Boston company up and sets her password from the welcome e-mail; she
    // verifies her phone (so the portal does not ask). The operator gives the company a
    // number and opens it for calls.
    ({ owner, phoneNumber: tenantNumber } = await companyWithNumber(p, {
      areaCode: AREA_CODE,
      password: ownerLogin.password,
      signup: { company_name: company, timezone: COMPANY_ZONE, owner_email: ownerLogin.email, owner_name: 'Olga Owner', owner_phone: `+1${AREA_CODE}5550160`, business_hours: ALWAYS_OPEN },
    }));
    tenantId = owner.tenantId;

    // "Tomorrow" is the company's: the day after its today, as its clock reads it now.
    visitDay = dayAfter(new Intl.DateTimeFormat('en-CA', { timeZone: COMPANY_ZONE }).format(new Date()));
    // Noon UTC on that day is 7 or 8 AM in Boston: on the same side of any change of the
    // clocks (at 2 AM) as 9 AM.
    const noon = new Date(`${visitDay}T12:00:00Z`);
    visitZone = new Intl.DateTimeFormat('en-US', { timeZone: COMPANY_ZONE, timeZoneName: 'short' }).formatToParts(noon).find((part) => part.type === 'timeZoneName')!.value;
    expect(visitZone).toMatch(/^E[SD]T$/);
    const date = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(noon);
    visitText = `${date}, 9:00 AM ${visitZone}`;
    const heading = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(noon);
    visitDayHeading = `${heading({ weekday: 'short' })} ${heading({ month: 'short', day: 'numeric' })}`;

    // A caller books a visit through the call simulator's API, as its page does.
    const call = await operator(p, '/api/admin/simulator/calls', { tenant_id: tenantId, from: CALLER });
    const say = async (text: string) => {
      const now = (await operator(p, `/api/admin/simulator/calls/${call.sid}/speech`, { text })) as { transcript: Array<{ speaker: string; text: string }> };
      return now.transcript.filter((line) => line.speaker === 'agent').at(-1)?.text ?? '';
    };
    await say('Hi, my furnace is broken and I need a technician to come out tomorrow at 9am');
    await say('My name is Rosa Reyes');
    expect(await say('The address is 42 Elm Street, Cambridge, MA 02139')).toMatch(/all set for tomorrow at 9:00 AM.*42 Elm Street/i);
    await say("That's all, goodbye");
    await operator(p, `/api/admin/simulator/calls/${call.sid}/hangup`, {}).catch(() => undefined);

    // The log is written once the call's workflow has summarised the call.
    const logged = await eventually(
      async () => {
        const calls = (await operator(p, withFilter('/api/admin/calls', { tenant_id: tenantId }))) as Array<{ id: string; appointment_id: string | null; summary: string | null }>;
        return calls.find((c) => c.appointment_id && c.summary);
      },
      60_000,
      'the call log with its appointment',
    );
    callId = logged.id;
    appointmentId = logged.appointment_id!;
    const appointment = await operator(p, `/api/admin/appointments/${appointmentId}`);
    bookedStartsAt = appointment.starts_at;
    // The platform booked 9:00 in Boston on the company's tomorrow; the pages are checked against that.
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: COMPANY_ZONE }).format(new Date(bookedStartsAt))).toBe(visitDay);
    expect(new Intl.DateTimeFormat('en-US', { timeZone: COMPANY_ZONE, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).format(new Date(bookedStartsAt))).toBe('09:00');
    expect(appointment.service_address).toMatchObject({ street: '42 Elm Street', city: 'Cambridge', postal_code: '02139' });

    page = await ui.openPage();
  }, 240_000);

  afterAll(async () => {
    await p?.close();
  });

  step(
    "the operator's appointment list, read from Tokyo, shows the visit at 9:00 AM Boston time, its address and the caller's number",
    async () => {
      await signInAsOperator();
      await page.goto(filtered('/appointments', { tenant_id: tenantId }));
      const row = page.locator('tbody tr', { hasText: 'Rosa Reyes' });
      await reads(row, visitText, 'the appointment row');
      await reads(row, '42 Elm Street, Cambridge 02139', 'the appointment row');
      await reads(row, CALLER_AS_WRITTEN, 'the appointment row');
      // The list is of many companies: its heading says whose time it shows.
      await page.getByRole('columnheader', { name: "When (company's time)" }).waitFor();
      // Tokyo's own clock would read 11:00 PM (winter) or 10:00 PM (summer).
      expect(await textOf(row)).not.toMatch(/1[01]:00 PM/);
      await screenshots('01-appointments', async () => {
        const card = page.getByTestId('appointment-card').first();
        await reads(card, visitText, 'the appointment card');
        await reads(card, '42 Elm Street, Cambridge 02139', 'the appointment card');
        await page.getByTestId('company-time-note').waitFor();
      });
    },
    [SIGNED_OUT],
  );

  step('the week calendar puts the visit on its day in Boston, at 9:00 AM, with its address', async () => {
    await page.getByTestId('calendar-toggle').click();
    const card = page.getByTestId('calendar-appointment').filter({ hasText: 'Rosa Reyes' });
    const noVisits = page.getByTestId('calendar-day').getByText('No visits');
    // The calendar opens on this week; tomorrow may be next week's Monday.
    await eventually(async () => (await card.count()) > 0 || (await noVisits.count()) === 7, 10_000, "this week's visits");
    if ((await card.count()) === 0) await button('Next week').click();
    await reads(card, new RegExp(`^9:00 AM ${visitZone}\\s*Rosa Reyes`), 'the calendar card');
    await reads(card, '42 Elm Street', 'the calendar card');
    const day = page.getByTestId('calendar-day').filter({ has: card });
    expect(await textOf(day.getByRole('heading'))).toBe(visitDayHeading);
    await card.hover();
    await reads(page.getByTestId('calendar-visit-details'), visitText, 'the visit details');
    await reads(page.getByTestId('calendar-visit-details'), CALLER_AS_WRITTEN, 'the visit details');
    await screenshots('02-calendar');
    await page.mouse.move(0, 0);
    await page.getByRole('button', { name: 'List' }).click();
  });

  step('the call page reads the visit in Boston time, with the summary above the conversation', async () => {
    await page.goto(url(`/calls/${callId}/show`));
    await reads(page.getByTestId('appointment-link'), `${visitText} — Rosa Reyes`, 'the appointment link');
    await reads(page.getByTestId('appointment-address'), '42 Elm Street, Cambridge 02139', 'the address of the visit');
    const call = await operator(p, `/api/admin/calls/${callId}`);
    const startedInBoston = new Intl.DateTimeFormat('en-US', {
      timeZone: COMPANY_ZONE,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(call.started_at));
    await reads(page.getByTestId('call-details').getByTestId('time-started_at'), plain(startedInBoston), 'when the call started');
    await reads(page.getByTestId('call-details'), CALLER_AS_WRITTEN, 'the caller');
    expect(await textOf(page.getByTestId('call-details'))).not.toContain(CALLER);
    await summaryAboveTranscript();
    await screenshots('03-call');
  });

  step(
    'the appointment page edits the time as Boston reads it, and the address; saving keeps the time',
    async () => {
      await page.goto(url(`/appointments/${appointmentId}`));
      const when = page.getByLabel(new RegExp(`^When \\(${visitZone}, the company's time\\)`));
      expect(await when.inputValue()).toBe(`${visitDay}T09:00`);
      await reads(page.getByTestId('company-local-time'), visitText, "the company's time");
      expect(await page.getByLabel('Street').inputValue()).toBe('42 Elm Street');
      expect(await page.getByLabel('City').inputValue()).toBe('Cambridge');
      expect(await page.getByLabel('ZIP').inputValue()).toBe('02139');
      await page.getByLabel('Street').fill('42 Elm Street, Apt 3');
      await screenshots('04-appointment');
      await button('Save').click();
      await page.waitForURL(/\/admin\/appointments(\?.*)?$/);
      const saved = await operator(p, `/api/admin/appointments/${appointmentId}`);
      expect(saved.service_address).toEqual({ street: '42 Elm Street, Apt 3', city: 'Cambridge', postal_code: '02139' });
      expect(Date.parse(saved.starts_at)).toBe(Date.parse(bookedStartsAt));
      await reads(page.locator('tbody tr', { hasText: 'Rosa Reyes' }), '42 Elm Street, Apt 3, Cambridge 02139', 'the appointment row');
    },
  );

  step("the tenant list and the tenant's page write its number as people do", async () => {
    const asWritten = `(${tenantNumber.slice(2, 5)}) ${tenantNumber.slice(5, 8)}-${tenantNumber.slice(8)}`;
    expect(asWritten).toMatch(US_NUMBER_AS_WRITTEN);
    await page.goto(filtered('/tenants', { q: company }));
    const row = page.locator('tbody tr', { hasText: company });
    await reads(row, asWritten, 'the tenant row');
    expect(await textOf(row)).not.toContain(tenantNumber);
    await screenshots('05-tenants', async () => {
      await page.getByText(asWritten).first().waitFor();
    });
    await row.click();
    await page.getByRole('tab', { name: 'Phone & AI' }).click();
    await reads(page.getByTestId('tenant-phone-number'), asWritten, "the tenant's number");
    await screenshots('06-tenant-phone');
  });

  step(
    "the owner's dashboard, appointments and call, read from Tokyo, show the visit at 9:00 AM Boston time",
    async () => {
      page = await ui.openPage();
      await signIn(ownerLogin);
      const upcoming = page.getByTestId('portal-upcoming');
      await reads(upcoming, 'Rosa Reyes', 'the next visits');
      await reads(upcoming, visitText, 'the next visits');
      await screenshots('07-portal-dashboard');

      await page.getByRole('menuitem', { name: 'Appointments' }).click();
      const row = page.locator('tbody tr', { hasText: 'Rosa Reyes' });
      await reads(row, visitText, 'the appointment row');
      await reads(row, '42 Elm Street, Apt 3, Cambridge 02139', 'the appointment row');
      await reads(row, CALLER_AS_WRITTEN, 'the appointment row');
      await screenshots('08-portal-appointments', async () => {
        await reads(page.getByTestId('appointment-card').first(), visitText, 'the appointment card');
      });

      await row.click();
      await page.waitForURL(new RegExp(`/admin/my-appointments/${appointmentId}$`));
      expect(await page.getByLabel(new RegExp(`^When \\(${visitZone}, the company's time\\)`)).inputValue()).toBe(`${visitDay}T09:00`);
      await reads(page.getByTestId('company-local-time'), visitText, "the company's time");
      expect(await page.getByLabel('Street').inputValue()).toBe('42 Elm Street, Apt 3');
      await screenshots('09-portal-appointment');

      await page.goto(url(`/my-calls/${callId}/show`));
      await reads(page.getByTestId('appointment-link'), `${visitText} — Rosa Reyes`, 'the appointment link');
      await reads(page.getByTestId('call-details'), CALLER_AS_WRITTEN, 'the caller');
      await summaryAboveTranscript();
      await screenshots('10-portal-call');
    },
    [SIGNED_OUT],
  );
});
