// The live feed page in a real browser: live delivery to the right user only, and the unread badge
// kept in sync across two tabs of one user.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sleep, uniqueSuffix, waitFor } from './support/app.mjs';
import { useAppAndBrowser, openFeed, row, unreadBadge, watchConsole } from './support/browser.mjs';

describe('live feed page', { timeout: 180_000 }, () => {
  const session = useAppAndBrowser();

  test('an activity created for A appears on A’s page within 2 s, and never on B’s or on another tenant’s A', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const otherTenant = `globex${suffix}`;
    const contexts = await Promise.all([session.newContext(t), session.newContext(t), session.newContext(t)]);
    const [pageA, pageB, pageOtherA] = await Promise.all(contexts.map((context) => context.newPage()));
    const problems = [watchConsole(pageA, 'A'), watchConsole(pageB, 'B'), watchConsole(pageOtherA, 'other A')];

    await Promise.all([
      openFeed(pageA, session.app.baseUrl, { company: tenant, user: 'A' }),
      openFeed(pageB, session.app.baseUrl, { company: tenant, user: 'B' }),
      openFeed(pageOtherA, session.app.baseUrl, { company: otherTenant, user: 'A' }),
    ]);
    for (const page of [pageA, pageB, pageOtherA]) assert.equal(await unreadBadge(page).textContent(), '0');

    const admin = await session.app.token(tenant, 'boss', 'admin');
    const title = `Order placed ${suffix}`;
    const created = await session.app.createActivity(admin, {
      title,
      user_id: 'A',
      activity_type: 'ProductOrder',
      formatted_description: '<strong>Jane</strong> ordered <em>two</em> items<script>alert(1)</script>',
    });
    const createdAt = performance.now();

    await row(pageA, created.id).waitFor({ timeout: 2_000 });
    const latency = performance.now() - createdAt;
    t.diagnostic(`appeared on A's page ${latency.toFixed(0)} ms after the 201`);
    assert.ok(latency <= 2_000, `took ${latency} ms`);
    await waitFor(async () => (await unreadBadge(pageA).textContent()) === '1', { timeoutMs: 2_000, message: "A's badge to show 1" });
    const shown = row(pageA, created.id);
    assert.equal(await shown.locator('.activity-title').textContent(), title);
    assert.equal(await shown.getAttribute('data-read'), 'false');
    assert.equal(await shown.locator('.activity-body').innerHTML(), '<strong>Jane</strong> ordered <em>two</em> items');

    await sleep(1_500);
    for (const [label, page] of [['B', pageB], ['the other tenant’s A', pageOtherA]]) {
      assert.equal(await row(page, created.id).count(), 0, `${label} shows the activity`);
      assert.equal(await page.getByText(title).count(), 0, `${label} shows the title`);
      assert.equal(await unreadBadge(page).textContent(), '0', `${label}'s badge moved`);
      assert.equal(await page.locator('#activity-list > li').count(), 0, `${label} shows some activity`);
    }
    assert.deepEqual(problems.flat().filter((line) => line.includes('page error')), []);
  });

  test('marking read in one tab updates the badge in a second tab of the same user', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const context = await session.newContext(t);
    const [tab1, tab2] = [await context.newPage(), await context.newPage()];
    watchConsole(tab1, 'tab 1');
    watchConsole(tab2, 'tab 2');

    const admin = await session.app.token(tenant, 'boss', 'admin');
    const first = await session.app.createActivity(admin, { title: `Invoice sent ${suffix}`, user_id: 'u1', activity_type: 'Invoice' });
    await Promise.all([
      openFeed(tab1, session.app.baseUrl, { company: tenant, user: 'u1' }),
      openFeed(tab2, session.app.baseUrl, { company: tenant, user: 'u1' }),
    ]);
    const second = await session.app.createActivity(admin, { title: `Payment received ${suffix}`, user_id: 'u1', activity_type: 'Payment' });
    const third = await session.app.createActivity(admin, { title: `Meeting booked ${suffix}`, user_id: 'u1', activity_type: 'Meeting' });
    for (const tab of [tab1, tab2]) {
      await waitFor(async () => (await row(tab, third.id).count()) === 1 && (await row(tab, second.id).count()) === 1, {
        timeoutMs: 3_000,
        message: 'the new activities in both tabs',
      });
      await waitFor(async () => (await unreadBadge(tab).textContent()) === '3', { timeoutMs: 3_000, message: 'badge 3 in both tabs' });
      // Newest first.
      assert.deepEqual(await tab.locator('#activity-list > li').evaluateAll((rows) => rows.map((r) => r.dataset.id)), [third.id, second.id, first.id]);
    }

    // Tab 1 marks the first one read with the keyboard (the button names its activity).
    const markRead = tab1.getByRole('button', { name: `Mark read: Invoice sent ${suffix}` });
    await markRead.focus();
    await tab1.keyboard.press('Enter');
    const clickedAt = performance.now();
    await waitFor(async () => (await unreadBadge(tab2).textContent()) === '2', { timeoutMs: 2_000, message: "tab 2's badge to show 2" });
    t.diagnostic(`tab 2's badge followed after ${(performance.now() - clickedAt).toFixed(0)} ms`);
    await waitFor(async () => (await row(tab2, first.id).getAttribute('data-read')) === 'true', { timeoutMs: 2_000, message: 'tab 2 to show it read' });
    // Tab 1 applies its own answer and the same push, which may land a moment after tab 2's.
    await waitFor(async () => (await unreadBadge(tab1).textContent()) === '2', { timeoutMs: 2_000, message: "tab 1's badge to show 2" });
    assert.equal(await row(tab1, first.id).getAttribute('data-read'), 'true');
    assert.equal(await tab1.getByRole('button', { name: `Mark unread: Invoice sent ${suffix}` }).count(), 1);
    // The keyboard focus stayed on the button, which now offers the opposite action.
    assert.equal(await tab1.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Mark unread: Invoice sent ${suffix}`);

    // Tab 2 marks it unread again, then marks all read: tab 1 follows both.
    await tab2.getByRole('button', { name: `Mark unread: Invoice sent ${suffix}` }).click();
    await waitFor(async () => (await unreadBadge(tab1).textContent()) === '3', { timeoutMs: 2_000, message: "tab 1's badge back to 3" });
    await waitFor(async () => (await row(tab1, first.id).getAttribute('data-read')) === 'false', { timeoutMs: 2_000, message: 'tab 1 to show it unread' });

    await tab2.getByRole('button', { name: 'Mark all read' }).click();
    await waitFor(async () => (await unreadBadge(tab1).textContent()) === '0', { timeoutMs: 2_000, message: "tab 1's badge to show 0" });
    await waitFor(
      async () => (await tab1.locator('#activity-list > li[data-read="false"]').count()) === 0,
      { timeoutMs: 3_000, message: 'tab 1 to show every activity read' },
    );
    assert.equal(await unreadBadge(tab2).textContent(), '0');
    assert.equal(await tab2.locator('#activity-list > li[data-read="false"]').count(), 0);

    // The server agrees.
    const staff = await session.app.token(tenant, 'u1', 'staff');
    assert.deepEqual(await session.app.call(staff, 'GET', '/api/me/activities/unread-count', undefined, { expect: 200 }), { unread_count: 0, unseen_count: 0 });
  });

  test('the activity type filter lists and receives only that type', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const context = await session.newContext(t);
    const page = await context.newPage();
    const admin = await session.app.token(tenant, 'boss', 'admin');
    const invoice = await session.app.createActivity(admin, { title: `Invoice ${suffix}`, user_id: 'u1', activity_type: 'Invoice' });
    const job = await session.app.createActivity(admin, { title: `Job ${suffix}`, user_id: 'u1', activity_type: 'FieldService' });
    await openFeed(page, session.app.baseUrl, { company: tenant, user: 'u1' });

    const filter = page.getByLabel('Activity type');
    await waitFor(async () => (await filter.locator('option[value="FieldService"]').count()) === 1, { message: 'the type options' });
    assert.ok((await filter.locator('option[value="Invoice"]').count()) === 1);
    await filter.selectOption('FieldService');
    await page.locator('#feed[aria-busy="false"]').waitFor();
    await waitFor(async () => (await row(page, job.id).count()) === 1 && (await row(page, invoice.id).count()) === 0, { message: 'only the job' });

    const liveJob = await session.app.createActivity(admin, { title: `Job 2 ${suffix}`, user_id: 'u1', activity_type: 'FieldService' });
    const liveInvoice = await session.app.createActivity(admin, { title: `Invoice 2 ${suffix}`, user_id: 'u1', activity_type: 'Invoice' });
    await row(page, liveJob.id).waitFor({ timeout: 2_000 });
    await waitFor(async () => (await unreadBadge(page).textContent()) === '4', { timeoutMs: 2_000, message: 'the badge counting every type' });
    await sleep(500);
    assert.equal(await row(page, liveInvoice.id).count(), 0);
    assert.deepEqual(await page.locator('#activity-list > li').evaluateAll((rows) => rows.map((r) => r.dataset.id)), [liveJob.id, job.id]);
  });
});
