#!/usr/bin/env node
// Push latency benchmark: how long after POST /api/activities answers 201 does the owner's SignalR
// connection receive activityCreated?
//
//   ./run.sh &                                   # or any running app in standalone mode
//   scripts/node.sh scripts/bench-push-latency.mjs   (the pinned Node; plain `node` works with Node 22+)
//
// Settings (environment variables):
//   BASE_URL      the running app (default http://127.0.0.1:7071, i.e. ./run.sh); starts nothing itself
//   CONNECTIONS   users of one tenant, one hub connection each (default 200, at most 2000)
//   ACTIVITIES    activities to create, each for a random one of those users (default 200, at most 5000)
//   CONCURRENCY   creations in flight at once (default 4, at most 32)
//   TIMEOUT_S     overall time limit in seconds (default 60); the run gives up and reports after it
//   COMPANY       tenant to use (default bench-<time>, so repeated runs do not share data)
//
// It opens the connections with dev tokens (POST /api/dev/token, local mode only) plus one admin
// connection, creates the activities through the admin HTTP API, and for each measures, in this one
// process with performance.now(): created→push = time from the 201 response (headers) arriving to the
// owner's receipt of activityCreated. The service sends the push before it writes the 201, so this can
// be negative (the push won the race). It also reports request→push (from sending the POST) and the
// POST's own latency, pushes missed, pushes to a wrong user (must be 0) and the admin's receipts.

import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const signalR = require('@microsoft/signalr');

const intSetting = (name, fallback, max) => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? Math.min(value, max) : fallback;
};
const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:7071').replace(/\/+$/, '');
const CONNECTIONS = intSetting('CONNECTIONS', 200, 2_000);
const ACTIVITIES = intSetting('ACTIVITIES', 200, 5_000);
const CONCURRENCY = intSetting('CONCURRENCY', 4, 32);
const TIMEOUT_MS = intSetting('TIMEOUT_S', 60, 3_600) * 1_000;
const COMPANY = process.env.COMPANY || `bench-${Date.now().toString(36)}`;
const SETTLE_MS = 5_000; // after the last 201, how long to wait for outstanding pushes

const started = performance.now();
const deadline = started + TIMEOUT_MS;
const remaining = () => Math.max(0, deadline - performance.now());
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

async function post(path, body, token) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(Math.max(1, Math.min(10_000, remaining()))),
  });
  return response;
}

async function devToken(userId, role) {
  const response = await post('/api/dev/token', { company_id: COMPANY, user_id: userId, role });
  if (response.status !== 200) throw new Error(`POST /api/dev/token answered ${response.status}: ${await response.text()}`);
  return (await response.json()).token;
}

/** Runs `work(i)` for i in [0, count) with at most `limit` in flight; stops starting new work after the deadline. */
async function pool(count, limit, work) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count && remaining() > 0) {
      const i = next++;
      await work(i);
    }
  });
  await Promise.all(workers);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 10) / 10;
  return {
    count: sorted.length,
    p50: r(percentile(sorted, 50)),
    p90: r(percentile(sorted, 90)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted.at(-1) ?? NaN),
  };
}

const users = Array.from({ length: CONNECTIONS }, (_, i) => `u${String(i + 1).padStart(4, '0')}`);
const receipts = new Map(); // activity id -> performance.now() of the owner's first receipt
const adminReceipts = new Map();
let wrongUser = 0;
let duplicates = 0;
let closedEarly = 0;
const connections = [];

async function connect(userId, role, onCreated) {
  const token = await devToken(userId, role);
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${BASE_URL}/api`, { accessTokenFactory: () => token })
    .configureLogging(signalR.LogLevel.Error)
    .build();
  connection.on('activityCreated', (activity) => {
    onCreated(activity, performance.now());
  });
  connection.onclose(() => {
    if (!stopping) closedEarly++;
  });
  await withTimeout(connection.start(), Math.max(1, Math.min(15_000, remaining())), `connecting ${userId}`);
  connections.push(connection);
  return token;
}

let stopping = false;
let exitCode = 0;
const creations = []; // { id, userId, sentAt, createdAt }
let createFailures = 0;

try {
  const health = await fetch(`${BASE_URL}/api/health`, { signal: AbortSignal.timeout(5_000) }).catch((error) => error);
  if (!(health instanceof Response) || health.status !== 200) {
    throw new Error(`GET ${BASE_URL}/api/health did not answer 200: is the app running (./run.sh)?`);
  }

  console.log(`push latency: ${BASE_URL}, company ${COMPANY}, ${CONNECTIONS} user connections + 1 admin, ${ACTIVITIES} activities, concurrency ${CONCURRENCY}`);
  const connectStart = performance.now();
  const adminToken = await connect('bench-admin', 'admin', (activity, at) => {
    if (!adminReceipts.has(activity.id)) adminReceipts.set(activity.id, at);
  });
  await pool(users.length, 16, async (i) => {
    const userId = users[i];
    await connect(userId, 'staff', (activity, at) => {
      if (activity.company_id !== COMPANY || activity.user_id !== userId) {
        wrongUser++;
        return;
      }
      if (receipts.has(activity.id)) duplicates++;
      else receipts.set(activity.id, at);
    });
  });
  if (connections.length !== CONNECTIONS + 1) throw new Error(`only ${connections.length - 1} of ${CONNECTIONS} connections opened within the time limit`);
  console.log(`connected ${connections.length} in ${((performance.now() - connectStart) / 1000).toFixed(1)} s`);

  const createStart = performance.now();
  await pool(ACTIVITIES, CONCURRENCY, async (i) => {
    const userId = users[Math.floor(Math.random() * users.length)];
    const sentAt = performance.now();
    try {
      const response = await post('/api/activities', { title: `Bench activity ${i + 1}`, user_id: userId, activity_type: 'Announcement' }, adminToken);
      const createdAt = performance.now(); // the 201's status line and headers have arrived
      if (response.status !== 201) {
        createFailures++;
        await response.text();
        return;
      }
      const { id } = await response.json();
      creations.push({ id, userId, sentAt, createdAt });
    } catch {
      createFailures++;
    }
  });
  const createSeconds = (performance.now() - createStart) / 1000;
  console.log(`created ${creations.length} in ${createSeconds.toFixed(1)} s (${(creations.length / createSeconds).toFixed(1)}/s), ${createFailures} failed`);

  // Wait for outstanding pushes, bounded by the settle time and the overall limit.
  const settleUntil = performance.now() + Math.min(SETTLE_MS, remaining());
  while (performance.now() < settleUntil && creations.some((c) => !receipts.has(c.id))) await sleep(20);

  const received = creations.filter((c) => receipts.has(c.id));
  const afterCreated = summary(received.map((c) => receipts.get(c.id) - c.createdAt));
  const afterSent = summary(received.map((c) => receipts.get(c.id) - c.sentAt));
  const postLatency = summary(creations.map((c) => c.createdAt - c.sentAt));
  const adminAfterCreated = summary(creations.filter((c) => adminReceipts.has(c.id)).map((c) => adminReceipts.get(c.id) - c.createdAt));
  const pushedFirst = received.filter((c) => receipts.get(c.id) < c.createdAt).length;
  const missed = creations.length - received.length;
  const adminMissed = creations.length - creations.filter((c) => adminReceipts.has(c.id)).length;

  const fmt = (s) => `count ${s.count}, p50 ${s.p50} ms, p90 ${s.p90} ms, p99 ${s.p99} ms, max ${s.max} ms`;
  console.log('');
  console.log(`created→push (201 arrived → owner received): ${fmt(afterCreated)}`);
  console.log(`  pushes that arrived before their 201: ${pushedFirst} of ${received.length}`);
  console.log(`request→push (POST sent → owner received):   ${fmt(afterSent)}`);
  console.log(`POST /api/activities (sent → 201 headers):    ${fmt(postLatency)}`);
  console.log(`admin created→push:                           ${fmt(adminAfterCreated)}`);
  console.log(`missed pushes: ${missed} (owner), ${adminMissed} (admin); to a wrong user: ${wrongUser}; duplicates: ${duplicates}; connections closed early: ${closedEarly}`);
  console.log(`total time ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(
    `JSON ${JSON.stringify({
      base_url: BASE_URL,
      connections: CONNECTIONS,
      activities: ACTIVITIES,
      concurrency: CONCURRENCY,
      created: creations.length,
      create_failures: createFailures,
      created_to_push_ms: afterCreated,
      pushed_before_201: pushedFirst,
      request_to_push_ms: afterSent,
      post_ms: postLatency,
      admin_created_to_push_ms: adminAfterCreated,
      missed,
      admin_missed: adminMissed,
      wrong_user: wrongUser,
      duplicates,
      closed_early: closedEarly,
    })}`,
  );
  if (missed > 0 || wrongUser > 0 || createFailures > 0 || creations.length < ACTIVITIES) exitCode = 1;
} catch (error) {
  console.error(`bench-push-latency: ${error.message}`);
  exitCode = 2;
} finally {
  stopping = true;
  await withTimeout(Promise.allSettled(connections.map((c) => c.stop())), 10_000, 'closing connections').catch(() => {});
}
process.exit(exitCode);
