// Headless Debian Chromium driven by playwright-core (which downloads no browser of its own).

import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { AppProcess } from './app.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * For the enclosing describe: starts the app and a browser before its tests and closes both after them.
 * Returns the session whose `app`, `browser` and `newContext` its tests use.
 */
export function useAppAndBrowser() {
  const session = {
    app: undefined,
    browser: undefined,
    /** A fresh browser context (its own cookies and storage), closed when test `t` ends. */
    async newContext(t, options) {
      const context = await session.browser.newContext(options);
      t.after(() => context.close().catch(() => {}));
      return context;
    },
  };
  before(async () => {
    session.app = await AppProcess.start();
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close().catch(() => {});
    await session.app?.stop();
  });
  return session;
}

/**
 * Opens the live feed page in `page` and signs in through the form (labels, like a user), then waits
 * until the hub connection is live and the first listing is in.
 */
export async function openFeed(page, baseUrl, { company, user, role = 'staff' }, { timeoutMs = 15_000 } = {}) {
  page.setDefaultTimeout(timeoutMs);
  await page.goto(`${baseUrl}/`, { timeout: timeoutMs });
  await page.getByLabel('Company').fill(company);
  await page.getByLabel('User', { exact: true }).fill(user);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Open feed' }).click();
  await page.locator('#connection-status[data-state="live"]').waitFor({ timeout: timeoutMs });
  await page.locator('#feed[aria-busy="false"]').waitFor({ timeout: timeoutMs });
}

/** The row of activity `id` on the page. */
export const row = (page, id) => page.locator(`#activity-list > li[data-id="${id}"]`);

/** The unread badge's number. */
export const unreadBadge = (page) => page.locator('#unread-count');

/** Collects page errors and console errors so a test can show them when it fails. */
export function watchConsole(page, label) {
  const lines = [];
  page.on('pageerror', (error) => lines.push(`[${label}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') lines.push(`[${label}] console ${message.type()}: ${message.text()}`);
  });
  return lines;
}
