// The live page for admins and deep links: the company feed next to the admin's own, company pushes,
// the owner filter, field errors from a problem response, times with their zone, and a link to one
// activity's detail (also from an item that arrived as a push).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { request, uniqueSuffix, waitFor } from './support/app.mjs';
import { useAppAndBrowser, openFeed, row, watchConsole } from './support/browser.mjs';

describe('live page: admin feeds and deep links', { timeout: 240_000 }, () => {
  const session = useAppAndBrowser();

  async function newPage(t, options = {}) {
    const context = await session.newContext(t, options);
    const page = await context.newPage();
    const problems = watchConsole(page, 'admin');
    return { page, problems };
  }

  test('an admin switches to the company feed, sees pushes for every user, and filters by owner', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const admin = await session.app.token(tenant, 'boss', 'admin');
    const forU1 = await session.app.createActivity(admin, { title: `For u1 ${suffix}`, user_id: 'u1' });
    const forU2 = await session.app.createActivity(admin, { title: `For u2 ${suffix}`, user_id: 'u2' });
    const { page, problems } = await newPage(t);

    await openFeed(page, session.app.baseUrl, { company: tenant, user: 'boss', role: 'admin' });
    assert.equal(await page.locator('#activity-list > li').count(), 0);
    await page.locator('#feed-empty').waitFor();

    await page.getByLabel('Feed', { exact: true }).selectOption('company');
    await row(page, forU1.id).waitFor();
    await row(page, forU2.id).waitFor();
    assert.equal(await row(page, forU2.id).locator('.activity-owner').textContent(), 'u2');

    const pushed = await session.app.createActivity(admin, { title: `Pushed for u3 ${suffix}`, user_id: 'u3' });
    await row(page, pushed.id).waitFor({ timeout: 2_000 });

    await page.getByLabel('Owner').fill('u2');
    await page.getByLabel('Owner').press('Enter');
    // The list is cleared and reloaded: wait for the reload, not just for the other owners to go.
    await waitFor(async () => (await row(page, forU1.id).count()) === 0 && (await row(page, pushed.id).count()) === 0
      && (await row(page, forU2.id).count()) === 1, {
      message: 'only u2\'s activity to be listed',
    });
    const otherOwner = await session.app.createActivity(admin, { title: `Another for u1 ${suffix}`, user_id: 'u1' });
    const sameOwner = await session.app.createActivity(admin, { title: `Another for u2 ${suffix}`, user_id: 'u2' });
    await row(page, sameOwner.id).waitFor({ timeout: 2_000 });
    assert.equal(await row(page, otherOwner.id).count(), 0);

    const staff = await newPage(t);
    await openFeed(staff.page, session.app.baseUrl, { company: tenant, user: 'u1', role: 'staff' });
    assert.equal(await staff.page.locator('#scope-field').isVisible(), false);
    assert.deepEqual([...problems, ...staff.problems].filter((line) => line.includes('page error')), []);
  });

  test('an invalid owner filter shows the field errors of the problem response', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const admin = await session.app.token(tenant, 'boss', 'admin');
    const invalid = 'bad/user';
    const answer = await request(`${session.app.baseUrl}/api/activities?user_id=${encodeURIComponent(invalid)}`, { headers: { Authorization: `Bearer ${admin}` } });
    assert.equal(answer.status, 400);
    const [message] = (await answer.json()).errors.user_id;
    const { page } = await newPage(t);

    await openFeed(page, session.app.baseUrl, { company: tenant, user: 'boss', role: 'admin' });
    await page.getByLabel('Feed', { exact: true }).selectOption('company');
    await page.getByLabel('Owner').fill(invalid);
    await page.getByLabel('Owner').press('Enter');

    await page.locator('#owner-filter-error').getByText(message).waitFor();
    assert.equal(await page.getByLabel('Owner').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#feed-error').textContent(), new RegExp(`user_id: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    await page.getByLabel('Owner').fill('');
    await page.getByLabel('Owner').press('Enter');
    await waitFor(async () => (await page.getByLabel('Owner').getAttribute('aria-invalid')) === null, { message: 'the field error to clear' });
    assert.equal(await page.locator('#feed-error').isVisible(), false);
  });

  test('times are shown with their zone', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const admin = await session.app.token(tenant, 'boss', 'admin');
    const created = await session.app.createActivity(admin, { title: `Zoned ${suffix}`, user_id: 'u1' });
    const { page } = await newPage(t, { locale: 'en-US', timezoneId: 'Asia/Tokyo' });

    await openFeed(page, session.app.baseUrl, { company: tenant, user: 'u1' });

    const time = row(page, created.id).locator('.activity-time');
    assert.equal(await time.getAttribute('datetime'), created.created_at);
    assert.match(await time.textContent(), /GMT\+9$/);
  });

  test('a lifecycle event is pushed live: its activity appears on the owner’s page without a reload', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const { page } = await newPage(t);
    await openFeed(page, session.app.baseUrl, { company: tenant, user: 'tech-7' });

    const title = `Boiler service ${suffix}`;
    const posted = await request(`${session.app.baseUrl}/api/dev/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        companyId: tenant,
        eventType: 'activityCreated',
        time: '2026-01-20 07:30:00',
        activityDetails: { activityId: 5001, resourceId: 'tech-7', date: '2026-01-20' },
        activityChanges: { title },
      }),
    });
    assert.equal(posted.status, 202);

    await page.locator('#activity-list > li').getByText(title).waitFor({ timeout: 5_000 });
  });

  test('a deep link opens one activity, and a pushed item links to its detail', { timeout: 60_000 }, async (t) => {
    const suffix = uniqueSuffix();
    const tenant = `acme${suffix}`;
    const admin = await session.app.token(tenant, 'boss', 'admin');
    const linked = await session.app.createActivity(admin, { title: `Linked ${suffix}`, user_id: 'u1', status: 'pending' });
    const { page } = await newPage(t);
    page.setDefaultTimeout(15_000);

    await page.goto(`${session.app.baseUrl}/?company_id=${tenant}&user_id=u1&role=staff#/activities/${linked.id}`);
    await page.locator('#activity-detail').getByRole('heading', { name: linked.title }).waitFor();
    assert.equal(await page.locator('#detail-fields dd[data-field="status"]').textContent(), 'pending');
    assert.equal(await page.locator('#detail-fields dd[data-field="id"]').textContent(), linked.id);

    await page.getByRole('link', { name: 'Back to the feed' }).click();
    await page.locator('#activity-detail').waitFor({ state: 'hidden' });
    await page.locator('#connection-status[data-state="live"]').waitFor();

    const pushed = await session.app.createActivity(admin, { title: `Pushed ${suffix}`, user_id: 'u1', status: 'started' });
    await row(page, pushed.id).waitFor({ timeout: 2_000 });
    await row(page, pushed.id).getByRole('link', { name: pushed.title }).click();
    await page.locator('#activity-detail').getByRole('heading', { name: pushed.title }).waitFor();
    assert.equal(new URL(page.url()).hash, `#/activities/${pushed.id}`);
    assert.equal(await page.locator('#detail-fields dd[data-field="status"]').textContent(), 'started');
  });
});
