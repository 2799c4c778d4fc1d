import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../support/process';

/** The system Chromium (the Debian package); the tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const SCREENSHOTS = path.join(ROOT, '.test-results', 'screenshots');

/** Saves a full-page screenshot named for what it shows, for a person to look at after the run. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * Collects what the page says is wrong into `log`: uncaught errors, and console errors with
 * the URL they name (a failed request names its URL only there); console warnings too when
 * asked. Chromium asks the API's root for a favicon the console does not have; that one is
 * left out.
 */
export function recordBrowserErrors(page: Page, log: string[], { warnings = false }: { warnings?: boolean } = {}): void {
  page.on('pageerror', (error) => log.push(`[browser] ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    const { url: where } = message.location();
    if (where.endsWith('/favicon.ico')) return;
    if (message.type() === 'error') log.push(`[browser console] ${message.text()} (${where})`);
    else if (warnings && message.type() === 'warning') log.push(`[browser console warning] ${message.text()} (${where})`);
  });
}
