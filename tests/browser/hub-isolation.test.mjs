// Raw SignalR connections (the @microsoft/signalr client in node, as a browser would use it) receive
// exactly their audience's messages (contract §8): a staff user only their own, an admin every change of
// their own company, and nobody anything of another tenant, even for equal user ids.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { AppProcess, sleep, uniqueSuffix, waitFor } from './support/app.mjs';

const require = createRequire(import.meta.url);
const signalR = require('@microsoft/signalr');

const ACTIVITY_TARGETS = ['activityCreated', 'activityUpdated', 'activityDeleted'];

/** A connection that records everything it receives. */
async function listen(app, companyId, userId, role) {
  const token = await app.token(companyId, userId, role);
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${app.baseUrl}/api`, { accessTokenFactory: () => token })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = [];
  for (const target of [...ACTIVITY_TARGETS, 'unreadCount']) {
    connection.on(target, (...args) => {
      received.push({ target, args }); // no return value: the server expects no result
    });
  }
  await Promise.race([
    connection.start(),
    sleep(10_000).then(() => {
      throw new Error(`connecting ${companyId}:${userId} timed out`);
    }),
  ]);
  return { connection, received, label: `${role} ${companyId}:${userId}` };
}

/** "target id" for each activity message, sorted; duplicates kept. */
const activityMessages = (listener) =>
  listener.received.filter((m) => ACTIVITY_TARGETS.includes(m.target)).map((m) => `${m.target} ${m.args[0].id}`).sort();

const unreadCounts = (listener) => listener.received.filter((m) => m.target === 'unreadCount').map((m) => m.args[0].unread_count);

describe('hub audiences', { timeout: 120_000 }, () => {
  let app;
  before(async () => {
    app = await AppProcess.start();
  });
  after(async () => {
    await app?.stop();
  });

  test('a staff connection gets only its own messages; an admin gets its company’s, never another tenant’s', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const x = `acme${suffix}`;
    const y = `globex${suffix}`;
    const listeners = {
      xStaff: await listen(app, x, 's1', 'staff'),
      xAdmin: await listen(app, x, 'boss', 'admin'),
      yStaff: await listen(app, y, 's1', 'staff'), // the same user id in the other tenant
      yAdmin: await listen(app, y, 'boss', 'admin'),
    };
    t.after(() => Promise.all(Object.values(listeners).map((l) => l.connection.stop().catch(() => {}))));

    const xBoss = await app.token(x, 'boss', 'admin');
    const yBoss = await app.token(y, 'boss', 'admin');
    const xS1 = await app.token(x, 's1', 'staff');
    const create = (token, userId, n) => app.createActivity(token, { title: `Activity ${n} for ${userId}`, user_id: userId });

    // Company x: two for s1, two for s2, one for the admin itself. Company y: two for s1, one for s3.
    const xs1a = await create(xBoss, 's1', 1); // s1 count 1
    const xs1b = await create(xBoss, 's1', 2); // s1 count 2
    const xs2a = await create(xBoss, 's2', 3);
    const xs2b = await create(xBoss, 's2', 4);
    const xBossOwn = await create(xBoss, 'boss', 5); // boss count 1
    const ys1a = await create(yBoss, 's1', 6);
    const ys1b = await create(yBoss, 's1', 7);
    const ys3 = await create(yBoss, 's3', 8);
    await app.patchActivity(xBoss, xs2a.id, { status: 'started' });
    await app.deleteActivity(xBoss, xs1a.id); // s1 count 1
    await app.call(xS1, 'PATCH', `/api/me/activities/${xs1b.id}`, { read_at: new Date().toISOString() }, { contentType: 'application/merge-patch+json', expect: 200 }); // s1 count 0
    await app.patchActivity(yBoss, ys3.id, { status: 'completed' });

    const expected = {
      xStaff: [`activityCreated ${xs1a.id}`, `activityCreated ${xs1b.id}`, `activityDeleted ${xs1a.id}`, `activityUpdated ${xs1b.id}`],
      xAdmin: [
        ...[xs1a, xs1b, xs2a, xs2b, xBossOwn].map((a) => `activityCreated ${a.id}`),
        `activityUpdated ${xs2a.id}`,
        `activityDeleted ${xs1a.id}`,
        `activityUpdated ${xs1b.id}`,
      ],
      yStaff: [`activityCreated ${ys1a.id}`, `activityCreated ${ys1b.id}`],
      yAdmin: [...[ys1a, ys1b, ys3].map((a) => `activityCreated ${a.id}`), `activityUpdated ${ys3.id}`],
    };
    const expectedCounts = { xStaff: [1, 2, 1, 0], xAdmin: [1], yStaff: [1, 2], yAdmin: [] };

    // Wait until everything expected is in (bounded), then a little longer for anything unexpected.
    await waitFor(
      () =>
        Object.entries(expected).every(([name, messages]) => {
          const got = new Set(activityMessages(listeners[name]));
          return messages.every((m) => got.has(m)) && unreadCounts(listeners[name]).length >= expectedCounts[name].length;
        }),
      { timeoutMs: 5_000, message: 'every expected message' },
    );
    await sleep(1_000);

    for (const [name, listener] of Object.entries(listeners)) {
      const got = activityMessages(listener);
      // An admin who owns an activity hears of it as its user and as an admin: compare as sets there.
      const compared = name.endsWith('Admin') ? [...new Set(got)].sort() : got;
      assert.deepEqual(compared, [...expected[name]].sort(), `${listener.label} received other activity messages`);
      assert.deepEqual(unreadCounts(listener), expectedCounts[name], `${listener.label} received other unread counts`);
      const company = name.startsWith('x') ? x : y;
      for (const message of listener.received.filter((m) => m.target !== 'activityDeleted' && ACTIVITY_TARGETS.includes(m.target))) {
        assert.equal(message.args[0].company_id, company, `${listener.label} got another tenant's activity`);
        if (name.endsWith('Staff')) assert.equal(message.args[0].user_id, 's1', `${listener.label} got another user's activity`);
      }
    }
    const duplicates = activityMessages(listeners.xAdmin).length - new Set(activityMessages(listeners.xAdmin)).size;
    t.diagnostic(`the admin received ${duplicates} duplicate message(s) for its own activity (as user and as admin)`);
  });
  test('a colon in an id never joins two tenants: tenant x user a:b and tenant x:a user b', { timeout: 60_000 }, async (t) => {
    const x = `x${uniqueSuffix()}`;
    const xa = `${x}:a`;
    const listeners = {
      xUser: await listen(app, x, 'a:b', 'staff'), // old realtime id "x:a:b"
      xaUser: await listen(app, xa, 'b', 'staff'), // old realtime id "x:a:b" too
    };
    t.after(() => Promise.all(Object.values(listeners).map((l) => l.connection.stop().catch(() => {}))));

    const xBoss = await app.token(x, 'boss', 'admin');
    const xaBoss = await app.token(xa, 'boss', 'admin');
    const forX = await app.createActivity(xBoss, { title: 'For x / a:b', user_id: 'a:b' });
    const forXa = await app.createActivity(xaBoss, { title: 'For x:a / b', user_id: 'b' });

    await waitFor(
      () => activityMessages(listeners.xUser).length >= 1 && activityMessages(listeners.xaUser).length >= 1,
      { timeoutMs: 5_000, message: 'each user its own activity' },
    );
    await sleep(1_000);

    assert.deepEqual(activityMessages(listeners.xUser), [`activityCreated ${forX.id}`], 'tenant x user a:b received another tenant\'s push');
    assert.deepEqual(activityMessages(listeners.xaUser), [`activityCreated ${forXa.id}`], 'tenant x:a user b received another tenant\'s push');
    assert.deepEqual(unreadCounts(listeners.xUser), [1]);
    assert.deepEqual(unreadCounts(listeners.xaUser), [1]);
  });
});
