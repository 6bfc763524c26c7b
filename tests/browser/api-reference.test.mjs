// The interactive API reference (/api/docs): a new user opens it, pastes a local token into its
// authentication panel, sends a request to a listed endpoint and sees a 200. The page must work
// offline: every request it makes goes to the service itself.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { uniqueSuffix } from './support/app.mjs';
import { useAppAndBrowser, watchConsole } from './support/browser.mjs';

describe('API reference page', { timeout: 120_000 }, () => {
  const session = useAppAndBrowser();

  test('authorizes with a local token and gets a 200 from GET /api/activities', { timeout: 60_000 }, async (t) => {
    const context = await session.newContext(t);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    watchConsole(page, 'reference');
    const elsewhere = [];
    await page.route(
      (url) => url.origin !== session.app.baseUrl,
      (route) => {
        elsewhere.push(route.request().url());
        return route.abort();
      },
    );

    const response = await page.goto(`${session.app.baseUrl}/api/docs`);
    assert.equal(response.status(), 200);
    await page.locator('#local-token-hint').getByText(`${session.app.baseUrl}/api/dev/token`).waitFor();

    const token = await session.app.token(`acme${uniqueSuffix()}`, 'boss', 'admin');
    await page.getByPlaceholder('Token').first().fill(token);
    await page.getByRole('button', { name: /Test Request\s*\(get \/api\/activities\)/ }).first().click();

    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/activities' && r.request().method() === 'GET');
    await page.getByRole('button', { name: /^Send get request/ }).click();
    const apiResponse = await answered;
    assert.equal(apiResponse.status(), 200);
    assert.equal(apiResponse.request().headers().authorization, `Bearer ${token}`);
    await page.getByText('200 OK').first().waitFor();
    assert.deepEqual(elsewhere, []);
  });
});
