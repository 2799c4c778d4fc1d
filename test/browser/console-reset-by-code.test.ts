import type { Page } from 'playwright-core';
import { caller, codeTextedTo, json, signUpOwner, textsTo, verifyPhone, type Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { eventually, startPlatform, type Platform } from '../support/platform';
import { PHONE, SIGNED_OUT, browserScenario, refused } from './scenario';

const AREA_CODE = claimAreaCode();

/**
 * A company owner who forgot their password resets it on a phone with a code texted to
 * their verified phone, in the system Chromium against the real API and the sandbox's SMS
 * log: a wrong code says so and changes nothing, the right one with a new password signs
 * them in; the old password no longer works.
 */
describe('password reset by texted code in the console', () => {
  let platform: Platform;
  let page: Page;
  let owner: Owner;
  const newPassword = 'a password from my phone';

  const ui = browserScenario({ name: 'reset-by-code', apiUrl: () => platform.api.url });
  const { step, screenshots, url, button, visible } = ui;

  jest.setTimeout(120_000);

  beforeAll(async () => {
    platform = await startPlatform();
    owner = await signUpOwner(platform, { owner_phone: `+1${AREA_CODE}5550177` });
    await verifyPhone(platform, owner);
    page = await ui.openPage({ viewport: PHONE });
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  let seen: string[] = [];

  step(
    'asks for a code by text on the reset page',
    async () => {
      await page.goto(url('/reset-password'));
      await page.locator('#reset-email').fill(owner.email);
      await screenshots('01-reset-page');
      seen = (await textsTo(platform, owner.phone)).map((t) => t.sid);
      await button('Text me a code instead').click();
      await page.getByTestId('reset-code-sent').waitFor();
      await visible(`If ${owner.email} has an account with a verified phone`);
      await screenshots('02-code-sent');
    },
    [SIGNED_OUT],
  );

  step(
    'a wrong code says so and changes nothing',
    async () => {
      const code = await eventually(() => codeTextedTo(platform, owner.phone, seen).catch(() => undefined), 10_000, 'the reset code');
      await page.getByTestId('code-input').fill(code === '000000' ? '111111' : '000000');
      await page.locator('#password').fill(newPassword);
      await page.locator('#password_again').fill(newPassword);
      await page.getByTestId('reset-with-code').click();
      await visible('That code is not right: 4 tries left.');
      await screenshots('03-wrong-code');
      await json(await caller(platform.api.url)('/api/auth/login', { body: { email: owner.email, password: owner.password } }), 200);
    },
    [refused(400, '/api/auth/password-reset/confirm')],
  );

  step(
    'the right code and a new password sign the owner in; the old password fails',
    async () => {
      const code = await codeTextedTo(platform, owner.phone, seen);
      await page.getByTestId('code-input').fill(code);
      await page.getByTestId('reset-with-code').click();
      await page.waitForURL((u) => !u.pathname.endsWith('/reset-password'));
      await page.getByTestId('reset-password-page').waitFor({ state: 'detached' });
      await visible(String(owner.signup.company_name));
      await screenshots('04-signed-in');
      const api = caller(platform.api.url);
      expect((await api('/api/auth/login', { body: { email: owner.email, password: owner.password } })).status).toBe(401);
      await json(await api('/api/auth/login', { body: { email: owner.email, password: newPassword } }), 200);
    },
    [SIGNED_OUT],
  );
});
