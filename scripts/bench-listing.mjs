#!/usr/bin/env node
// Listing cost benchmark (contract §4 bounded work): latency of `GET /api/activities?read=true&limit=1`
// on a tenant whose activities belong to many users, side by side with a plain page.
//
//   ./run.sh &                                   # or any running app in standalone mode
//   node scripts/bench-listing.mjs
//
// Settings (environment variables):
//   BASE_URL     the running app (default http://127.0.0.1:7071, i.e. ./run.sh); starts nothing itself
//   USERS        activities to create, one per user (default 3000, at most 10000)
//   RUNS         timed requests per listing (default 25, at most 500)
//   CONCURRENCY  creations in flight at once (default 8, at most 32)
//   TIMEOUT_S    overall time limit in seconds (default 600)
//
// It seeds one new tenant (bench-listing-<time>) through the admin HTTP API, none of it read, then
// times each listing RUNS times in turn (after 3 warm-up requests each) with performance.now() in
// this process, and prints the median and the 90th percentile. `read=true&limit=1` finds nothing
// here, so it is the worst case: the service scans until its budget runs out and answers an empty
// page with a next_cursor.

import { performance } from 'node:perf_hooks';

const intSetting = (name, fallback, max) => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? Math.min(value, max) : fallback;
};
const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:7071').replace(/\/+$/, '');
const USERS = intSetting('USERS', 3_000, 10_000);
const RUNS = intSetting('RUNS', 25, 500);
const CONCURRENCY = intSetting('CONCURRENCY', 8, 32);
const DEADLINE = Date.now() + intSetting('TIMEOUT_S', 600, 3_600) * 1_000;
const COMPANY = `bench-listing-${Date.now().toString(36)}`;

async function call(method, path, { token, body } = {}) {
  if (Date.now() > DEADLINE) throw new Error('TIMEOUT_S reached');
  const response = await fetch(BASE_URL + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const { token } = await call('POST', '/api/dev/token', { body: { company_id: COMPANY, user_id: 'bench-admin', role: 'admin' } });
let next = 0;
const seedStart = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < USERS) {
      const i = next++;
      await call('POST', '/api/activities', { token, body: { title: `Activity ${i}`, user_id: `user-${i}` } });
    }
  }),
);
console.log(`seeded ${USERS} activities for ${USERS} users of ${COMPANY} in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const listings = {
  'plain page (limit=1)': '/api/activities?limit=1',
  'plain page (limit=25)': '/api/activities?limit=25',
  'read=true&limit=1': '/api/activities?read=true&limit=1',
  'read=false&limit=25': '/api/activities?read=false&limit=25',
};
const timings = Object.fromEntries(Object.keys(listings).map((name) => [name, []]));
for (const path of Object.values(listings)) {
  for (let i = 0; i < 3; i++) await call('GET', path, { token });
}
const shapes = {};
for (let run = 0; run < RUNS; run++) {
  for (const [name, path] of Object.entries(listings)) {
    const start = performance.now();
    const page = await call('GET', path, { token });
    timings[name].push(performance.now() - start);
    shapes[name] = `${page.data.length} item(s), next_cursor ${page.next_cursor ? 'set' : 'null'}`;
  }
}
console.log(`\n${RUNS} runs each, milliseconds:`);
console.log('| listing | median | p90 | answer |');
console.log('|---|---|---|---|');
for (const name of Object.keys(listings)) {
  console.log(`| \`${name}\` | ${quantile(timings[name], 0.5).toFixed(1)} | ${quantile(timings[name], 0.9).toFixed(1)} | ${shapes[name]} |`);
}
