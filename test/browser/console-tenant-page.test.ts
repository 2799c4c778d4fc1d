import type { Page } from 'playwright-core';
import { claimAreaCode } from '../support/area-codes';
import { eventually, signup, startPlatform, type Platform } from '../support/platform';
import { SIGNED_OUT, browserScenario } from './scenario';

/**
 * The operator's tenant page as a newcomer meets it, in the system Chromium against the
 * real API, worker, Temporal and Postgres: a company that gave no business hours is said
 * to be open at all times (not closed every day); every lifecycle action is on the page,
 * those the workflow would refuse disabled with its reason; the dialogs say what will
 * happen (the trial's length and end, the new plan's price and limit, the new trial end as
 * the days change, where callers go when the tenant is suspended); on a phone the actions
 * are one labelled menu with the destructive ones apart, and the selected tab is in view;
 * a suspension then shows its reason, when and by whom.
 */
describe('admin console: the tenant page', () => {
  /** The company's area: its number, and its own line that callers are put through to. */
  const areaCode = claimAreaCode();
  let platform: Platform;
  let page: Page;
  const run = Date.now().toString(36);
  const company = `Worcester Boilers ${run}`;
  const forward = { e164: `+1${areaCode}5550147`, written: `(${areaCode}) 555-0147` };
  /** As patterns: the company's number and its own line, as the console writes them. */
  const itsNumber = `\\(${areaCode}\\) \\d{3}-\\d{4}`;
  const itsLine = `\\(${areaCode}\\) 555-0147`;
  let tenantId: string;
  let trialEndsAt: string;

  const ui = browserScenario({ name: 'tenant-page', apiUrl: () => platform.api.url, context: { timezoneId: 'America/New_York' } });
  const { step, screenshot, screenshots, toPhone, toDesktop, signInAsOperator, url, visible, button, dialog, tab, notification } = ui;
  const actions = () => page.getByTestId('tenant-actions');

  jest.setTimeout(120_000);

  /** A date as the console writes it ("Dec 7, 2026"), in the browser's zone. */
  const dayInBrowser = (iso: string) =>
    page.evaluate((when) => new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(when)), iso);

  /** The tooltip a disabled action shows when the pointer rests on it (photographed when `shot` names it). */
  async function tooltipOf(action: string, shot?: string): Promise<string> {
    const wrapper = actions().locator(`[data-refused="${action}"]`);
    await wrapper.hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    const text = (await tooltip.textContent()) ?? '';
    if (shot) await screenshot(shot);
    await page.mouse.move(0, 0);
    await tooltip.waitFor({ state: 'detached' });
    return text;
  }

  const workflowState = async () => (await (await platform.admin(`/api/admin/tenants/${tenantId}/workflow`)).json()) as { status: string; phoneNumber: string | null; trialEndsAt: string | null };

  beforeAll(async () => {
    // Long enough that no timer moves the tenant on while the test looks at it.
    platform = await startPlatform({ TRIAL_DURATION: '14d', TRIAL_REMINDER_BEFORE: '3d', BILLING_CYCLE: '30d', CANCEL_GRACE: '30d' });
    page = await ui.openPage();
  }, 240_000);

  afterAll(async () => {
    await platform?.close();
  });

  step(
    'a company signs up without business hours and gets a number in its area; the operator signs in',
    async () => {
      const { business_hours: _none, ...body } = signup({ company_name: company, plan_tier: 'professional', forward_to_number: forward.e164 });
      const res = await platform.post('/api/onboarding', body);
      expect(res.status).toBe(201);
      tenantId = ((await res.json()) as { tenant: { id: string } }).tenant.id;
      const bought = await platform.admin(`/api/admin/tenants/${tenantId}/actions/provision-number`, { body: { areaCode } });
      expect([200, 202]).toContain(bought.status);
      const number = await eventually(async () => (await workflowState()).phoneNumber, 60_000, `the number in ${areaCode}`);
      expect(number).toMatch(new RegExp(`^\\+1${areaCode}\\d{7}$`));

      await signInAsOperator();
    },
    [SIGNED_OUT],
  );

  step('the overview and the Phone & AI form say that no hours means open at all times', async () => {
    await page.goto(url(`/tenants/${tenantId}/show`));
    const overview = page.getByTestId('tenant-overview');
    await overview.getByText(company).first().waitFor();
    await overview.getByTestId('business-hours').getByText('No hours set: the agent treats the company as open at all times').waitFor();
    // The forwarding number as people write it.
    await overview.getByText(forward.written).waitFor();
    await screenshots('01-overview-no-hours');

    await tab('Phone & AI').click();
    const hours = page.getByTestId('business-hours-input');
    await hours.getByTestId('no-hours-note').getByText('No hours set: the agent treats the company as open at all times').waitFor();
    // Opening a day gives the company hours: the note goes.
    await page.getByTestId('hours-mon').getByRole('switch', { name: 'Open on Monday' }).check();
    await hours.getByTestId('no-hours-note').waitFor({ state: 'detached' });
    await page.getByTestId('hours-mon').getByRole('switch', { name: 'Open on Monday' }).uncheck();
    await hours.getByTestId('no-hours-note').waitFor();
    await screenshots('02-phone-ai-no-hours');
  });

  step('every action is on the page; those refused now are disabled with the reason as tooltip', async () => {
    await tab('Overview').click();
    await actions().locator('[data-action="activate"]').waitFor();
    // Pending with a number: it may be activated, and not suspended yet.
    expect(await button('Activate').isEnabled()).toBe(true);
    expect(await button('Suspend').isDisabled()).toBe(true);
    expect(await tooltipOf('suspend', 'tenant-page-03-refused-tooltip-1280')).toBe('Only a tenant that is on trial, active or past due can be suspended; this one is pending.');
    expect(await button('Extend trial').isDisabled()).toBe(true);
    expect(await tooltipOf('extendTrial')).toBe('Only a tenant that is on trial can have its trial extended; this one is pending.');
  });

  step('the activate dialog says how long the trial lasts and when it ends, then the tenant is on trial', async () => {
    await button('Activate').click();
    const outcome = dialog().getByTestId('activate-outcome');
    const expectedEnd = await dayInBrowser(new Date(Date.now() + 14 * 86_400_000).toISOString());
    expect(await outcome.textContent()).toMatch(new RegExp(`^The trial lasts 14 days and ends on ${expectedEnd}`));
    await dialog().getByText(new RegExp(`^The agent starts answering ${itsNumber}\\.$`)).waitFor();
    await screenshots('04-activate-dialog');
    await dialog().getByRole('button', { name: 'Activate' }).click();
    await notification('Activate: done');
    await page.getByTestId('status-chip').first().getByText('Trial').waitFor();
    trialEndsAt = (await eventually(async () => (await workflowState()).trialEndsAt, 10_000, 'the trial end'))!;
  });

  step("the change-plan dialog shows the current plan, and the new plan's price, call limit and when it applies", async () => {
    await button('Change plan').click();
    const form = dialog();
    await form.getByTestId('current-plan').getByText('Current plan: Professional — $1,497 / month, 1,500 calls / month').waitFor();
    await form.getByRole('combobox', { name: /New plan/ }).click();
    await page.getByRole('option', { name: 'Starter' }).click();
    const chosen = form.getByTestId('new-plan');
    await chosen.getByText('New plan: Starter — $997 / month, 500 calls / month').waitFor();
    // On trial, nothing is billed yet.
    await chosen.getByText('The new call limit applies at once; billing has not started, so the first bill is at the new price.').waitFor();
    // No call yet: nothing is over the new limit.
    expect(await form.getByTestId('over-new-limit').count()).toBe(0);
    await screenshots('05-change-plan-dialog');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  });

  step('the extend-trial dialog shows the end now and the new end as the days change; 120 days is refused under the field', async () => {
    await button('Extend trial').click();
    const form = dialog();
    const days = form.getByRole('spinbutton', { name: 'Days to add' });
    // No browser bubble can stand in for the form's own message.
    expect(await days.getAttribute('min')).toBeNull();
    expect(await days.getAttribute('max')).toBeNull();
    await form.getByTestId('trial-ends-now').getByText(new RegExp(`^The trial ends on ${await dayInBrowser(trialEndsAt)}`)).waitFor();
    const newEnd = form.getByTestId('trial-ends-new');
    expect(await newEnd.textContent()).toMatch(new RegExp(`^With the extension it ends on ${await dayInBrowser(new Date(Date.parse(trialEndsAt) + 7 * 86_400_000).toISOString())}`));
    await days.fill('10');
    await newEnd.getByText(new RegExp(`^With the extension it ends on ${await dayInBrowser(new Date(Date.parse(trialEndsAt) + 10 * 86_400_000).toISOString())}`)).waitFor();

    await days.fill('120');
    await form.getByRole('button', { name: 'Extend trial' }).click();
    await form.getByText('A whole number of days from 1 to 90').waitFor();
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    // Nothing was asked of the workflow: the trial ends when it did.
    expect((await workflowState()).trialEndsAt).toBe(trialEndsAt);
    await screenshots('06-extend-trial-invalid');

    await days.fill('10');
    await form.getByRole('button', { name: 'Extend trial' }).click();
    await notification('Extend trial: done');
    expect(Date.parse((await workflowState()).trialEndsAt!) - Date.parse(trialEndsAt)).toBe(10 * 86_400_000);
  });

  step('on a phone the actions are one labelled menu, Suspend and Cancel set apart in red, refusals written out', async () => {
    await toPhone();
    // Opened on the phone: a desktop page narrowed would keep its side menu open over it.
    await page.goto(url(`/tenants/${tenantId}/show`));
    const menuButton = actions().getByRole('button', { name: 'Actions' });
    await menuButton.waitFor();
    expect(await actions().locator('[data-action]').count()).toBe(0);
    await menuButton.click();
    const menu = page.getByRole('menu');
    await menu.waitFor();
    // Everyday actions, a divider, then the ones that end service.
    const entries = await menu.locator('[role=menuitem], hr, [role=separator]').all();
    const order = await Promise.all(entries.map(async (entry) => ((await entry.getAttribute('role')) === 'menuitem' ? entry.getAttribute('data-action') : '—')));
    expect(order).toEqual(['provisionNumber', 'activate', 'confirmBilling', 'changePlan', 'extendTrial', 'endTrial', 'reactivate', '—', 'suspend', 'cancel', 'delete']);
    const colour = (action: string) => page.evaluate<string>(`getComputedStyle(document.querySelector('[role=menu] [data-action="${action}"]')).color`);
    expect(await colour('suspend')).toBe(await colour('cancel'));
    expect(await colour('suspend')).not.toBe(await colour('changePlan'));
    // A refused action is there, disabled, with the reason under it (a phone has no hover).
    const activate = menu.getByRole('menuitem', { name: /^Activate/ });
    expect(await activate.getAttribute('aria-disabled')).toBe('true');
    await activate.getByText('Only a tenant that is pending can be activated; this one is on trial.').waitFor();
    await screenshot('tenant-page-07-actions-menu-390');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  step('on a phone the selected tab is scrolled into view', async () => {
    /** The selected tab lies wholly within the strip the tabs scroll in (not under its arrows, not off screen). */
    const selectedInView = async () => {
      const chosen = await page.getByRole('tab', { selected: true }).boundingBox();
      const strip = await page.locator('.MuiTabs-scroller').first().boundingBox();
      return chosen !== null && strip !== null && chosen.x >= strip.x - 1 && chosen.x + chosen.width <= strip.x + strip.width + 1 && strip.x + strip.width <= 390;
    };
    // Opened at a tab far along the strip.
    await page.goto(url(`/tenants/${tenantId}/show/calls`));
    await page.getByRole('tab', { selected: true }).getByText('Calls').waitFor();
    await visible('No calls yet.');
    await eventually(selectedInView, 5_000, 'the Calls tab within the strip');
    await screenshot('tenant-page-08-calls-tab-390');
    // Chosen while half hidden at the strip's edge.
    await page.goto(url(`/tenants/${tenantId}/show`));
    await tab('Subscription').click();
    await page.getByTestId('subscription').waitFor();
    await eventually(selectedInView, 5_000, 'the Subscription tab within the strip');
  });

  step('suspending from the phone menu says where callers go; the page then shows the reason, when and by whom', async () => {
    await page.goto(url(`/tenants/${tenantId}/show`));
    await actions().getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Suspend', exact: true }).click();
    const form = dialog();
    await form.getByTestId('callers-go').getByText(new RegExp(`callers are put through to ${itsLine}, the company's own line\\.$`)).waitFor();
    await form.getByLabel('Reason').fill('Card declined three times');
    await screenshot('tenant-page-09-suspend-dialog-390');
    await form.getByRole('button', { name: 'Suspend' }).click();
    await notification('Suspend: done');
    await form.waitFor({ state: 'detached' });
    await toDesktop();

    const change = page.getByTestId('status-change');
    await change.getByText(/^Suspended on .+ by Test Operator \(operator@kestrel\.test\)$/).waitFor();
    await change.getByText('Reason: Card declined three times').waitFor();
    await change.getByText(`Callers are put through to ${forward.written} instead of the agent.`).waitFor();
    expect(await change.textContent()).toContain(await dayInBrowser(new Date().toISOString()));
    await screenshots('10-suspended');

    // Billing was never confirmed: the way back says what it needs.
    await page.getByTestId('status-chip').first().getByText('Suspended').waitFor();
    expect(await button('Reactivate').isDisabled()).toBe(true);
    expect(await tooltipOf('reactivate', 'tenant-page-11-reactivate-refused-1280')).toBe('Confirm billing before reactivating.');
    expect(await button('Confirm billing').isEnabled()).toBe(true);
  });

  step('the cancel dialog says that billing stops, where callers go and when the number is released', async () => {
    await button('Cancel subscription').click();
    const form = dialog();
    await form.getByText('Billing stops now: the usage period closes and no further cycle starts.').waitFor();
    await form.getByTestId('callers-go').getByText(new RegExp(`^Callers to ${itsNumber} are put through to ${itsLine}, the company's own line, not to the agent, until the number is released\\.$`)).waitFor();
    const released = await dayInBrowser(new Date(Date.now() + 30 * 86_400_000).toISOString());
    await form.getByTestId('number-released').getByText(new RegExp(`^${itsNumber} is released after 30 days of grace, on ${released}`)).waitFor();
    await screenshots('12-cancel-dialog');
    // Closing the dialog changes nothing.
    await form.getByRole('button', { name: 'Cancel', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    expect((await workflowState()).status).toBe('suspended');
  });
});
