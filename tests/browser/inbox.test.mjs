// Inbox states on the live feed page (contract §10): the badge counts unseen activities and follows across
// two tabs of one user; opening the feed marks everything seen; archiving in one tab removes the item
// from both, while each item keeps its own read state.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { uniqueSuffix, waitFor } from './support/app.mjs';
import { useAppAndBrowser, openFeed, row, unreadBadge, watchConsole } from './support/browser.mjs';

const unseenBadge = (page) => page.locator('#unseen-count');

describe('inbox states on the live page', { timeout: 180_000 }, () => {
  const session = useAppAndBrowser();

  test('marking seen in one tab clears the badge in both; archiving in one removes the item in both', { timeout: 90_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const context = await session.newContext(t);
    const [tab1, tab2] = [await context.newPage(), await context.newPage()];
    const problems = [watchConsole(tab1, 'tab 1'), watchConsole(tab2, 'tab 2')];
    const admin = await session.app.token(tenant, 'boss', 'admin');
    const staff = await session.app.token(tenant, 'u1', 'staff');
    const counts = () => session.app.call(staff, 'GET', '/api/me/activities/unread-count', undefined, { expect: 200 });

    // Opening the feed marks what is there seen.
    await session.app.createActivity(admin, { title: `Before ${suffix}`, user_id: 'u1' });
    await openFeed(tab1, session.app.baseUrl, { company: tenant, user: 'u1' });
    await waitFor(async () => (await counts()).unseen_count === 0, { timeoutMs: 3_000, message: 'opening the feed to mark it seen' });
    await openFeed(tab2, session.app.baseUrl, { company: tenant, user: 'u1' });

    const first = await session.app.createActivity(admin, { title: `Invoice ${suffix}`, user_id: 'u1', activity_type: 'Invoice' });
    const second = await session.app.createActivity(admin, { title: `Payment ${suffix}`, user_id: 'u1', activity_type: 'Payment' });
    for (const tab of [tab1, tab2]) {
      await waitFor(async () => (await unseenBadge(tab).textContent()) === '2', { timeoutMs: 3_000, message: 'badge 2 (new) in both tabs' });
      await waitFor(async () => (await row(tab, second.id).count()) === 1, { timeoutMs: 3_000, message: 'the new activity in both tabs' });
      assert.equal(await unreadBadge(tab).textContent(), '3');
    }

    await tab1.getByRole('button', { name: 'Mark all seen' }).click();
    const clickedAt = performance.now();
    await waitFor(async () => (await unseenBadge(tab2).textContent()) === '0', { timeoutMs: 2_000, message: "tab 2's badge to clear" });
    t.diagnostic(`tab 2's badge cleared ${(performance.now() - clickedAt).toFixed(0)} ms after the click`);
    // Both tabs get the same push; the clicking tab may apply it a moment after the other one.
    await waitFor(async () => (await unseenBadge(tab1).textContent()) === '0', { timeoutMs: 2_000, message: "tab 1's badge to clear" });
    for (const tab of [tab1, tab2]) {
      assert.equal(await unreadBadge(tab).textContent(), '3', 'seen is not read');
      assert.equal(await row(tab, first.id).getAttribute('data-read'), 'false');
    }

    await tab1.getByRole('button', { name: `Archive: Invoice ${suffix}` }).click();
    for (const tab of [tab1, tab2]) {
      await waitFor(async () => (await row(tab, first.id).count()) === 0, { timeoutMs: 2_000, message: 'the archived item to leave both tabs' });
      await waitFor(async () => (await unreadBadge(tab).textContent()) === '2', { timeoutMs: 2_000, message: 'unread 2 in both tabs' });
      assert.equal(await row(tab, second.id).count(), 1);
    }

    // The server agrees, and the archived activity is still there for its owner on request.
    assert.deepEqual(await counts(), { unread_count: 2, unseen_count: 0 });
    const archived = await session.app.call(staff, 'GET', '/api/me/activities?archived=only', undefined, { expect: 200 });
    assert.deepEqual(archived.data.map((a) => a.id), [first.id]);
    assert.deepEqual(problems.flat().filter((line) => line.includes('page error')), []);
  });
});
