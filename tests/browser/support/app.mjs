// Starts and stops the built app (standalone mode) for the browser tests, and talks to its HTTP API.
//
// Each test file starts its own app on a free port of 127.0.0.1 with its own table in the Azurite
// named by ACTIVITY_TEST_STORAGE (test.sh exports it). Only the PIDs started here are ever killed:
// by stop(), and as a last resort when this process exits (normally, by an uncaught error or a signal).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const APP_DIR = join(ROOT, 'src/Functions');
export const APP_DLL = join(APP_DIR, 'bin/Release/net10.0/ActivityService.Functions.dll');

const running = new Set(); // child processes started by this module and not yet seen exiting

function killAllNow() {
  for (const child of running) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAllNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A short unique suffix for company ids, user ids and table names. */
export function uniqueSuffix() {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export function testStorage() {
  const storage = process.env.ACTIVITY_TEST_STORAGE;
  if (!storage) {
    throw new Error('ACTIVITY_TEST_STORAGE is not set: run ./test.sh, or point it at an Azurite Table service connection string.');
  }
  return storage;
}

/** Polls `probe` until it returns a truthy value; throws `message` after `timeoutMs`. */
export async function waitFor(probe, { timeoutMs = 5_000, intervalMs = 50, message = 'condition' } = {}) {
  const deadline = performance.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** fetch with a timeout, so that no request of a test can hang. */
export async function request(url, { timeoutMs = 10_000, ...init } = {}) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/**
 * The app as a child process: `dotnet ActivityService.Functions.dll` from src/Functions (its content
 * root), which serves wwwroot at "/" and the hub at /api. start() may be called again after stop()
 * to restart it on the same port and table.
 */
export class AppProcess {
  constructor({ port, storage = testStorage(), table = `browser${uniqueSuffix()}`, signingKey = randomBytes(32).toString('hex') }) {
    this.port = port;
    this.storage = storage;
    this.table = table;
    this.signingKey = signingKey;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.child = null;
    this.output = [];
  }

  static async start(options = {}) {
    const app = new AppProcess({ port: options.port ?? (await freePort()), ...options });
    await app.start();
    return app;
  }

  get pid() {
    return this.child?.pid;
  }

  /** The last lines the app wrote, for failure messages. */
  tail(lines = 40) {
    return this.output.slice(-lines).join('');
  }

  async start({ timeoutMs = 60_000 } = {}) {
    if (this.child) throw new Error('The app is already running.');
    if (!existsSync(APP_DLL)) {
      throw new Error(`${APP_DLL} is missing: build it first (dotnet build src/Functions -c Release).`);
    }
    const env = {
      ...process.env,
      ASPNETCORE_URLS: this.baseUrl,
      Hosting__Mode: 'Standalone',
      Storage__ConnectionString: this.storage,
      Storage__TableName: this.table,
      // Refuse what Azure Table Storage would refuse, although the emulator accepts it.
      Storage__StrictAzureLimits: 'true',
      Auth__SigningKey: this.signingKey,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
    };
    delete env.FUNCTIONS_CUSTOMHANDLER_PORT;
    const child = spawn('dotnet', [APP_DLL], { cwd: APP_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    running.add(child);
    const exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        running.delete(child);
        resolveExit({ code, signal });
      });
    });
    child.exited = exited;
    const keep = (chunk) => {
      this.output.push(chunk.toString());
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => keep(`spawn error: ${error.message}\n`));

    let gone = false;
    exited.then(() => {
      gone = true;
    });
    try {
      await waitFor(
        async () => {
          if (gone) throw new Error('the app exited');
          const response = await request(`${this.baseUrl}/api/health`, { timeoutMs: 2_000 });
          return response.status === 200;
        },
        { timeoutMs, intervalMs: 200, message: `GET ${this.baseUrl}/api/health` },
      );
    } catch (error) {
      await this.stop();
      throw new Error(`${error.message}\n--- app output ---\n${this.tail()}`);
    }
  }

  /** Stops the app this object started (SIGTERM, then SIGKILL after `graceMs`). */
  async stop({ graceMs = 10_000 } = {}) {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const result = await Promise.race([child.exited, sleep(graceMs).then(() => null)]);
    if (result === null) {
      child.kill('SIGKILL');
      await Promise.race([child.exited, sleep(5_000)]);
    }
  }

  // ------------------------------------------------------------------ HTTP helpers

  async token(companyId, userId, role) {
    const response = await request(`${this.baseUrl}/api/dev/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ company_id: companyId, user_id: userId, role }),
    });
    if (response.status !== 200) throw new Error(`POST /api/dev/token answered ${response.status}: ${await response.text()}`);
    return (await response.json()).token;
  }

  async call(token, method, path, body, { contentType = 'application/json', expect } = {}) {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': contentType }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (expect !== undefined && response.status !== expect) {
      throw new Error(`${method} ${path} answered ${response.status}, expected ${expect}: ${text}`);
    }
    return text ? JSON.parse(text) : null;
  }

  /** POST /api/activities as an admin; resolves to the created activity. */
  createActivity(adminToken, fields) {
    return this.call(adminToken, 'POST', '/api/activities', fields, { expect: 201 });
  }

  patchActivity(adminToken, id, patch) {
    return this.call(adminToken, 'PATCH', `/api/activities/${encodeURIComponent(id)}`, patch, {
      contentType: 'application/merge-patch+json',
      expect: 200,
    });
  }

  deleteActivity(adminToken, id) {
    return this.call(adminToken, 'DELETE', `/api/activities/${encodeURIComponent(id)}`, undefined, { expect: 204 });
  }
}
