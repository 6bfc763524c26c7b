#!/usr/bin/env node
// Takes docs/live-feed.png: the live feed page with live data (several activities, unread ones, the
// activity type filter in use, one activity arriving live).
//
//   ACTIVITY_TEST_STORAGE='<Azurite Table connection string>' scripts/node.sh scripts/screenshot.mjs [out.png]
//
// Starts its own app (the Release build: dotnet build src/Functions -c Release) on a free port of
// 127.0.0.1 with a fresh table in that Azurite, drives Debian's Chromium with playwright-core, and
// stops the app when done. With ./run.sh's Azurite the connection string is
// "UseDevelopmentStorage=true".

import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppProcess, ROOT, sleep, waitFor } from '../tests/browser/support/app.mjs';
import { launchBrowser, openFeed, row } from '../tests/browser/support/browser.mjs';

const out = resolve(process.argv[2] ?? join(ROOT, 'docs/live-feed.png'));
const company = 'acme';
const user = 'jane';

const app = await AppProcess.start();
let browser;
try {
  const admin = await app.token(company, 'boss', 'admin');
  const create = (fields) => app.createActivity(admin, { user_id: user, ...fields });
  const staff = await app.token(company, user, 'staff');
  const markRead = (id) =>
    app.call(staff, 'PATCH', `/api/me/activities/${id}`, { read_at: new Date().toISOString() }, { contentType: 'application/merge-patch+json', expect: 200 });

  const sent = await create({
    title: 'Invoice #1042 sent to Jane Smith',
    activity_type: 'Invoice',
    formatted_description: '<strong>$150.00</strong> for the March service plan, due on 30 April.',
  });
  await markRead(sent.id);
  const paid = await create({
    title: 'Payment received for invoice #1041',
    activity_type: 'Payment',
    formatted_description: '<strong>Jane Smith</strong> paid <strong>$89.00</strong> by card.',
  });
  await markRead(paid.id);
  await create({ title: 'Consultation booked with Jane Smith', activity_type: 'Meeting', description: 'Tuesday 10:30, video call.', status: 'pending' });
  await create({ title: 'Boiler service visit completed', activity_type: 'FieldService', description: 'Engineer: Sam Lee. No faults found.', status: 'completed' });
  await create({
    title: 'Invoice #1043 is overdue',
    activity_type: 'Invoice',
    formatted_description: 'Reminder sent to <a href="mailto:jane.smith@example.com">jane.smith@example.com</a>.',
  });

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'en-GB', timezoneId: 'UTC', colorScheme: 'light' });
  const page = await context.newPage();
  await openFeed(page, app.baseUrl, { company, user });
  const filter = page.getByLabel('Activity type');
  await waitFor(async () => (await filter.locator('option[value="Invoice"]').count()) === 1, { message: 'the type options' });
  await filter.selectOption('Invoice');
  await page.locator('#feed[aria-busy="false"]').waitFor();

  const live = await create({
    title: 'Invoice #1044 sent to Jane Smith',
    activity_type: 'Invoice',
    formatted_description: '<strong>$240.00</strong> for the boiler service visit.',
  });
  await row(page, live.id).waitFor({ timeout: 5_000 });
  await waitFor(async () => (await page.locator('#unread-count').textContent()) === '4', { message: 'the badge to show 4' });
  await page.mouse.move(0, 0);
  await page.locator('body').evaluate(() => document.activeElement?.blur());
  await sleep(500); // let the arrival animation finish
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser?.close().catch(() => {});
  await app.stop();
}
