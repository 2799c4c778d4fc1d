import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { OPERATOR_LOGIN } from '../support/operator';
import { launchChromium, recordBrowserErrors, screenshot as savePicture } from './chromium';
import { ensureConsoleBuilt } from './console-build';

type Size = { width: number; height: number };

/** The two screens every page is photographed on. */
export const DESKTOP: Size = { width: 1280, height: 900 };
export const PHONE: Size = { width: 390, height: 844 };

/**
 * The console asks who is signed in when it loads (`GET /api/auth/me`). Nobody is an answer,
 * but a session cookie the browser still holds after the session ended is refused with a
 * 401, and so is the console's attempt to renew it: by design, yet Chromium logs every
 * refused request as a console error. Steps that sign in or out expect these lines.
 */
export const SIGNED_OUT = /status of 401 .*\/api\/auth\/(me|refresh)\)$/;

/** A refused request the step means to make, as Chromium logs it. */
export const refused = (status: number, path: string): RegExp => new RegExp(`status of ${status} .*${path.replace(/[/.]/g, '\\$&')}\\)$`);

/** Run in the page (as text: the test's types know no DOM): the innermost elements wider than the window. */
const OVERFLOWING_ELEMENTS = `(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && e.getBoundingClientRect().width > 0)
    .slice(-5)
    .map((e) => e.tagName.toLowerCase() + '.' + String(e.className).split(' ').slice(0, 2).join('.') + ' right=' + Math.round(e.getBoundingClientRect().right));
})()`;

export interface ScenarioOptions {
  /** Names the file's pictures: `<name>-<picture>-1280.png`, and `failed-<name>-<step>.png` when a step fails. */
  name: string;
  /** The API's address, known once the file has started its platform. */
  apiUrl: () => string;
  /** The desktop's window, when a file needs another than 1280×900. */
  desktop?: Size;
  /** How every page's browser profile is set up: its time zone, its permissions… */
  context?: BrowserContextOptions;
  /** Console warnings fail a step too, not only errors. */
  warnings?: boolean;
}

/**
 * What a browser test of the console needs, in the system Chromium: a page that records
 * what goes wrong in it, steps that fail on it, pictures at a desktop's and a phone's width,
 * and the ways a person finds things on a page.
 *
 * Call it first in the `describe`: it adds a `beforeAll` that launches Chromium and builds
 * the console (the API decides whether to serve the console when it starts, so the file's
 * own `beforeAll`, which starts the platform, must come after), and an `afterAll` that
 * closes the browser.
 */
export function browserScenario({ name: scenario, apiUrl, desktop = DESKTOP, context: contextOptions = {}, warnings = false }: ScenarioOptions) {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let current: Page | undefined;
  /** What the page said was wrong since the last step's check. */
  const browserLog: string[] = [];

  beforeAll(async () => {
    [browser] = await Promise.all([launchChromium(), ensureConsoleBuilt()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  const page = (): Page => {
    if (!current) throw new Error('no page yet: call openPage() in beforeAll');
    return current;
  };

  /** A fresh browser profile (no cookies, no storage) with one page at the desktop's width; the one before is closed. */
  async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
    await context?.close();
    context = await browser!.newContext({ viewport: desktop, ...contextOptions, ...options });
    current = await context.newPage();
    current.setDefaultTimeout(20_000);
    recordBrowserErrors(current, browserLog, { warnings });
    return current;
  }

  /**
   * A step of the scenario, as a jest test. The page must say nothing wrong in the browser's
   * console but the lines the step expects: a request it makes fail on purpose is logged by
   * Chromium as a failed resource, and a refused save once more by react-admin. When a step
   * fails, the page as it was is saved beside the other pictures.
   */
  function step(title: string, fn: () => Promise<void>, expected: RegExp[] = []): void {
    it(title, async () => {
      try {
        await fn();
        expect(browserLog.splice(0).filter((line) => !expected.some((pattern) => pattern.test(line)))).toEqual([]);
      } catch (error) {
        if (current) await savePicture(current, `failed-${scenario}-${title.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
        // The page's own errors explain most failures; a passing run keeps quiet about them.
        process.stderr.write(browserLog.splice(0).join('\n') + '\n');
        throw error;
      }
    });
  }

  const overflowing = () => page().evaluate<string[]>(OVERFLOWING_ELEMENTS);

  /** Nothing sticks out past the window's right edge: a person would have to scroll sideways to see it. */
  async function fitsTheScreen(): Promise<void> {
    expect(await overflowing()).toEqual([]);
  }

  /**
   * Saves the page as `<picture>.png`, as a person first sees it: from the top (a full-page
   * picture of a scrolled page shows the app bar halfway down). The page must fit the window.
   */
  async function screenshot(picture: string): Promise<void> {
    await page().evaluate('window.scrollTo(0, 0)');
    await page().waitForTimeout(200);
    const sticksOut = await overflowing();
    await savePicture(page(), picture);
    expect(sticksOut).toEqual([]);
  }

  /** Changes the window's size, and lets the layout settle: the small one swaps tables for lists and buttons for menus. */
  async function resize(size: Size): Promise<void> {
    await page().setViewportSize(size);
    await page().waitForTimeout(400);
  }

  /**
   * The page at the width it is at and at the other of a desktop's and a phone's, as
   * `<name>-<picture>-<width>.png`, then back; `atPhoneWidth` checks what only the small
   * layout shows.
   */
  async function screenshots(picture: string, atPhoneWidth?: () => Promise<void>): Promise<void> {
    const start = page().viewportSize() ?? desktop;
    for (const size of start.width === PHONE.width ? [start, desktop] : [start, PHONE]) {
      if (size !== start) await resize(size);
      if (size.width === PHONE.width) await atPhoneWidth?.();
      await screenshot(`${scenario}-${picture}-${size.width}`);
    }
    await resize(start);
  }

  /** Signs in on the console's sign-in page; what the page shows next is the step's to check. */
  async function signIn(who: { email: string; password: string }): Promise<void> {
    await page().goto(url('/login'));
    await page().locator('#email').fill(who.email);
    await page().locator('#password').fill(who.password);
    await button('Sign in').click();
  }

  /** Signs the run's operator in, and waits for the operator console. */
  async function signInAsOperator(): Promise<void> {
    await signIn(OPERATOR_LOGIN);
    await visible('Kestrel operator console');
  }

  const url = (path: string) => `${apiUrl()}/admin${path}`;
  const visible = (text: string | RegExp) => page().getByText(text).first().waitFor({ state: 'visible' });
  const button = (label: string | RegExp) => page().getByRole('button', { name: label, exact: typeof label === 'string' ? true : undefined });
  const dialog = () => page().getByRole('dialog');
  const tab = (label: string) => page().getByRole('tab', { name: label, exact: true });
  const menu = (label: string) => page().getByRole('menuitem', { name: label });
  /**
   * Waits until a list filter is in the page's address: react-admin applies a filter after a
   * pause in typing, and one applying after a click on a row would take the page back to the list.
   */
  const filteredBy = (field: string, value: unknown, timeout?: number) =>
    page().waitForURL((address) => (JSON.parse(address.searchParams.get('filter') ?? '{}') as Record<string, unknown>)[field] === value, { timeout });

  /**
   * Searches the list on the page, and waits for the search to reach the address. A busy page
   * can drop what was typed (react-admin's filter form skips a change it finds invalid when its
   * pause ends, and resets itself when the list's filters change under it): a search that has
   * not applied in five seconds is typed again, as a person would.
   */
  async function search(text: string): Promise<void> {
    const box = page().getByPlaceholder('Search');
    for (let attempt = 1; ; attempt++) {
      await box.fill('');
      await box.fill(text);
      const applied = await filteredBy('q', text, 5_000).then(() => true, () => false);
      if (applied) return;
      if (attempt === 4) throw new Error(`the search for "${text}" never reached the list's address (${page().url()})`);
    }
  }

  /** Opens a list from the menu once the page is that list's (the page before may have a search box of its own), and searches it. */
  async function openList(label: string, text: string): Promise<void> {
    const item = menu(label);
    const path = await item.getAttribute('href');
    await item.click();
    if (path) await page().waitForURL((address) => address.pathname === path);
    await search(text);
  }

  /** Waits for a notification (react-admin's snackbar) that says `text`. */
  const notification = (text: string | RegExp) => page().getByRole('alert').filter({ hasText: text }).first().waitFor();

  return {
    get browser(): Browser {
      return browser!;
    },
    get context(): BrowserContext {
      return context!;
    },
    openPage,
    step,
    screenshot,
    screenshots,
    fitsTheScreen,
    toPhone: () => resize(PHONE),
    toDesktop: () => resize(desktop),
    signIn,
    signInAsOperator,
    url,
    visible,
    button,
    dialog,
    tab,
    menu,
    filteredBy,
    search,
    openList,
    notification,
  };
}
