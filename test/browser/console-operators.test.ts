import type { Page } from 'playwright-core';
import { OPERATOR_ID, OPERATOR_LOGIN, startTestPlatform, type TestPlatform } from '../support/platform';
import { SIGNED_OUT, browserScenario } from './scenario';

/**
 * A super_admin manages the operators on the Operators page, in the system Chromium
 * against the real API: their own row cannot be changed (and says why), another
 * operator is promoted, then disabled after a confirmation that says they are signed
 * out everywhere (their sign-in is refused from then on), and enabled again. A change the
 * API refuses is shown in the API's words.
 */
describe('managing operators in the console', () => {
  let platform: TestPlatform;
  let page: Page;
  const run = Date.now().toString(36);
  const pat = { email: `pat.${run}@kestrel.test`, name: 'Pat Support', password: 'pat first password' };

  const ui = browserScenario({ name: 'operators', apiUrl: () => platform.api.url });
  const { step, screenshots, signInAsOperator, url, dialog, notification } = ui;

  jest.setTimeout(120_000);

  const patsSignIn = async () =>
    (await fetch(`${platform.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: pat.email, password: pat.password }) })).status;
  /** Pat's row: a table row at a desktop's width, an entry of the list at a phone's. */
  const patsRow = () => page.locator('tr, [data-testid="operator"]', { hasText: pat.email });
  const ownRow = () => page.locator('tr, [data-testid="operator"]', { hasText: OPERATOR_LOGIN.email });

  beforeAll(async () => {
    platform = await startTestPlatform({ inProcessWorker: false });
    const created = await platform.admin('/api/admin/operators', { body: { ...pat, role: 'support' } });
    expect(created.status).toBe(201);
    page = await ui.openPage();
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  step(
    "the super_admin sees the operators; their own row's role and access are locked, with the reason",
    async () => {
      await signInAsOperator();
      await page.goto(url('/operators'));
      await patsRow().waitFor();
      expect(await ownRow().getByRole('combobox', { name: 'Role of Test Operator' }).getAttribute('aria-disabled')).toBe('true');
      expect(await ownRow().getByRole('button', { name: 'Disable Test Operator' }).isDisabled()).toBe(true);
      await ownRow().getByText('You cannot change your own role or disable yourself; another super admin can.').waitFor();
      expect(await patsRow().getByRole('button', { name: 'Disable Pat Support' }).isEnabled()).toBe(true);
      await screenshots('01-list', async () => {
        await ownRow().getByTestId('operator-yourself').waitFor();
        await patsRow().getByTestId('operator-access').getByText('Disable').waitFor();
      });
    },
    [SIGNED_OUT],
  );

  step('promotes Pat to super admin', async () => {
    await patsRow().getByRole('combobox', { name: 'Role of Pat Support' }).click();
    await page.getByRole('option', { name: 'Super admin' }).click();
    await notification('Pat Support is now Super admin');
    const listed = (await (await platform.admin('/api/admin/operators')).json()) as Array<{ email: string; role: string }>;
    expect(listed.find((o) => o.email === pat.email)?.role).toBe('super_admin');
  });

  step('disables Pat after a confirmation that says they are signed out everywhere; their sign-in is refused', async () => {
    expect(await patsSignIn()).toBe(200);
    await patsRow().getByRole('button', { name: 'Disable Pat Support' }).click();
    await dialog().getByText(/signs them out everywhere/).waitFor();
    await screenshots('02-disable-confirm');
    await dialog().getByRole('button', { name: 'Disable' }).click();
    await notification(`${pat.email} is disabled and signed out everywhere`);
    await patsRow().getByText('Disabled').waitFor();
    expect(await patsSignIn()).toBe(401);
    await screenshots('03-disabled');
  });

  step('enables Pat again: they can sign in', async () => {
    await patsRow().getByRole('button', { name: 'Enable Pat Support' }).click();
    await dialog().getByText('They can sign in again with their password, as Super admin.').waitFor();
    await dialog().getByRole('button', { name: 'Enable', exact: true }).click();
    await notification(`${pat.email} can sign in again`);
    await patsRow().getByText('Active').waitFor();
    expect(await patsSignIn()).toBe(200);
  });

  step(
    "shows the API's refusal in its words when the page is out of date: Pat took the super_admin role away meanwhile",
    async () => {
      const patsToken = ((await (await fetch(`${platform.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(pat) })).json()) as { access_token: string }).access_token;
      const asPat = (role: string) =>
        fetch(`${platform.api.url}/api/admin/operators/${OPERATOR_ID}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${patsToken}` }, body: JSON.stringify({ role }) });
      expect((await asPat('support')).status).toBe(200);
      try {
        await patsRow().getByRole('button', { name: 'Disable Pat Support' }).click();
        await dialog().getByRole('button', { name: 'Disable' }).click();
        await notification('Not done: This needs the operators:manage permission, which only a super_admin holds (your role: support).');
        await screenshots('04-refused');
      } finally {
        expect((await asPat('super_admin')).status).toBe(200);
      }
      await patsRow().getByText('Active').waitFor();
    },
    [/status of 403 .*\/api\/admin\/operators\/[\w-]+\)$/],
  );
});
