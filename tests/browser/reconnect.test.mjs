// Catch-up without loss: the server process stops and starts again (same port, same table); the page
// reconnects on its own and shows what happened while it was away.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { uniqueSuffix, waitFor } from './support/app.mjs';
import { useAppAndBrowser, openFeed, row, unreadBadge, watchConsole } from './support/browser.mjs';

describe('reconnecting after a server restart', { timeout: 180_000 }, () => {
  const session = useAppAndBrowser();

  test('the page reconnects and shows the activities created, changed and deleted while it was away', { timeout: 90_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const context = await session.newContext(t);
    const page = await context.newPage();
    const problems = watchConsole(page, 'page');

    let admin = await session.app.token(tenant, 'boss', 'admin');
    const doomed = await session.app.createActivity(admin, { title: `Will be deleted ${suffix}`, user_id: 'r1' });
    const changed = await session.app.createActivity(admin, { title: `Will be renamed ${suffix}`, user_id: 'r1', status: 'pending' });
    await openFeed(page, session.app.baseUrl, { company: tenant, user: 'r1' });
    const before = await session.app.createActivity(admin, { title: `Before the restart ${suffix}`, user_id: 'r1' });
    await row(page, before.id).waitFor({ timeout: 2_000 });
    await waitFor(async () => (await unreadBadge(page).textContent()) === '3', { timeoutMs: 2_000, message: 'badge 3' });

    // The page must not reconnect before the changes below are made: hold its negotiate requests
    // (the first step of every SignalR connection) until then. Everything else goes through.
    let holdNegotiation = true;
    const negotiations = [];
    await page.route(
      (url) => url.pathname === '/api/negotiate',
      (route) => {
        negotiations.push({ at: performance.now(), held: holdNegotiation });
        return holdNegotiation ? route.abort('connectionrefused') : route.continue();
      },
    );
    const catchUpRequests = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/me/activities' && url.searchParams.has('created_from')) catchUpRequests.push(url.searchParams.get('created_from'));
    });

    const stopPid = session.app.pid;
    await session.app.stop();
    t.diagnostic(`stopped app pid ${stopPid}`);
    await page.locator('#connection-status[data-state="reconnecting"]').waitFor({ timeout: 5_000 });
    assert.match(await page.locator('#connection-status').textContent(), /Reconnecting…/);

    await session.app.start();
    const restartedAt = performance.now();
    t.diagnostic(`started app again as pid ${session.app.pid} on the same port and table`);
    admin = await session.app.token(tenant, 'boss', 'admin'); // the same signing key: old tokens stay valid too
    const missed = [];
    for (let i = 1; i <= 3; i++) {
      missed.push(await session.app.createActivity(admin, { title: `While away ${i} ${suffix}`, user_id: 'r1', activity_type: 'Invoice' }));
    }
    await session.app.patchActivity(admin, changed.id, { title: `Renamed while away ${suffix}`, status: 'completed' });
    await session.app.deleteActivity(admin, doomed.id);
    const otherUser = await session.app.createActivity(admin, { title: `Someone else’s ${suffix}`, user_id: 'r2' });
    assert.equal(await page.locator('#connection-status').getAttribute('data-state'), 'reconnecting', 'the page reconnected too early');
    for (const activity of missed) assert.equal(await row(page, activity.id).count(), 0);
    holdNegotiation = false;

    await waitFor(
      async () => {
        for (const activity of missed) if ((await row(page, activity.id).count()) === 0) return false;
        return true;
      },
      { timeoutMs: Math.max(1, 10_000 - (performance.now() - restartedAt)), intervalMs: 100, message: 'the missed activities within 10 s of the restart' },
    );
    t.diagnostic(`missed activities shown ${(performance.now() - restartedAt).toFixed(0)} ms after the restart`);
    await page.locator('#connection-status[data-state="live"]').waitFor({ timeout: 2_000 });
    await waitFor(async () => (await row(page, doomed.id).count()) === 0, { timeoutMs: 2_000, message: 'the deleted activity to go' });
    await waitFor(
      async () => (await row(page, changed.id).locator('.activity-title').textContent()) === `Renamed while away ${suffix}`,
      { timeoutMs: 2_000, message: 'the renamed activity' },
    );
    await waitFor(async () => (await unreadBadge(page).textContent()) === '5', { timeoutMs: 2_000, message: 'badge 5 (changed, before and three missed)' });

    assert.equal(await row(page, otherUser.id).count(), 0);
    assert.deepEqual(
      await page.locator('#activity-list > li').evaluateAll((rows) => rows.map((r) => r.dataset.id)),
      [...missed.map((a) => a.id).reverse(), before.id, changed.id],
      'newest first, each once',
    );
    assert.ok(catchUpRequests.includes(before.created_at), `catch-up listed from the newest item it had (${before.created_at}); saw ${JSON.stringify(catchUpRequests)}`);
    assert.ok(negotiations.some((n) => n.held) && negotiations.some((n) => !n.held), JSON.stringify(negotiations));

    // And it is live again.
    const live = await session.app.createActivity(admin, { title: `After reconnecting ${suffix}`, user_id: 'r1' });
    await row(page, live.id).waitFor({ timeout: 2_000 });
    assert.deepEqual(problems.filter((line) => line.includes('page error')), []);
  });
});
