// Runs every `sh` example of docs/api.md that calls curl, in document order, against a started app,
// so the guide cannot drift from the service. Each example runs in bash with the variables the
// earlier ones set ($ADMIN, $STAFF, $ID, ...); every curl call reports its status on stderr. The
// statuses a block is documented to answer come from the output block that follows it (`HTTP/1.1 NNN`
// lines, or `"status":NNN` in problem documents; other JSON is a 200) and belong to the block's last
// calls; every other call must succeed (2xx).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AppProcess, ROOT } from './support/app.mjs';

const DOC = join(ROOT, 'docs/api.md');
const DOCUMENTED_BASE = 'http://127.0.0.1:7071';
const STATUS_MARK = 'CURL_STATUS';

/** The fenced blocks of a Markdown text, in order: { lang, code, line }. */
export function fencedBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(\s*)```(\w*)\s*$/);
    if (!open) continue;
    const indent = open[1].length;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++].slice(indent));
    blocks.push({ lang: open[2], code: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

/** The statuses an output block documents, in order. */
export function documentedStatuses(block) {
  if (block.lang === 'http') return [...block.code.matchAll(/^HTTP\/[\d.]+ (\d{3})/gm)].map((m) => Number(m[1]));
  if (block.lang === 'json') {
    const problems = [...block.code.matchAll(/"status":\s*(\d{3})/g)].map((m) => Number(m[1]));
    return problems.length > 0 ? problems : [200];
  }
  return [];
}

/**
 * What of an output block must appear in what the example printed: a `text` block as a whole; the
 * status lines and the Allow and Idempotent-Replayed headers of an `http` block; the problem types
 * of a `json` block. (Ids, times and trace ids differ from run to run.)
 */
export function documentedFragments(block) {
  if (!block) return [];
  if (block.lang === 'text') return [block.code.trim()];
  if (block.lang === 'http') return block.code.split('\n').filter((line) => /^(HTTP\/|Allow:|Idempotent-Replayed:)/i.test(line));
  if (block.lang === 'json') return [...block.code.matchAll(/"type":"urn:[^"]*"/g)].map((m) => m[0]);
  return [];
}

/** Every sh block with curl, with the statuses documented right after it. */
export function curlExamples(markdown) {
  const blocks = fencedBlocks(markdown);
  return blocks.flatMap((block, i) => {
    if (block.lang !== 'sh' || !/\bcurl\b/.test(block.code)) return [];
    const next = blocks[i + 1];
    return [{ ...block, expected: next ? documentedStatuses(next) : [], output: next && next.lang !== 'sh' ? next : null }];
  });
}

function runBash(script, cwd) {
  return new Promise((resolveRun) => {
    execFile('bash', ['-c', script], { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolveRun({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('docs/api.md curl examples', { timeout: 300_000 }, () => {
  let app;
  let work;

  before(async () => {
    app = await AppProcess.start();
    work = mkdtempSync(join(tmpdir(), 'api-examples-'));
  });

  after(async () => {
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('every example answers the documented status', async (t) => {
    const markdown = readFileSync(DOC, 'utf8');
    const examples = curlExamples(markdown);
    assert.ok(examples.length >= 20, `found only ${examples.length} curl examples in docs/api.md`);
    // Variables the examples assign (NAME=...), carried from one block to the next.
    const names = [...new Set([...markdown.matchAll(/^\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]))];
    const state = join(work, 'state.sh');
    writeFileSync(state, '');
    const failures = [];
    for (const example of examples) {
      const code = example.code.replaceAll(DOCUMENTED_BASE, app.baseUrl);
      const script = [
        'set -o pipefail',
        `source ${JSON.stringify(state)}`,
        `curl() { command curl -w '%{stderr}${STATUS_MARK} %{http_code}\\n' "$@"; }`,
        code,
        `declare -p ${names.join(' ')} 2>/dev/null > ${JSON.stringify(state)} || true`,
      ].join('\n');
      const { code: exit, stdout, stderr } = await runBash(script, work);
      const statuses = [...stderr.matchAll(new RegExp(`^${STATUS_MARK} (\\d{3})$`, 'gm'))].map((m) => Number(m[1]));
      const expected = example.expected;
      const tail = statuses.slice(Math.max(0, statuses.length - expected.length));
      const head = statuses.slice(0, statuses.length - tail.length);
      const where = `docs/api.md line ${example.line}`;
      t.diagnostic(`${where}: ${statuses.join(' ')} (documented: ${expected.join(' ') || '2xx'})`);
      const problems = [];
      if (statuses.length === 0) problems.push('no curl call ran');
      if (statuses.length < expected.length) problems.push(`${statuses.length} calls for ${expected.length} documented answers`);
      if (JSON.stringify(tail) !== JSON.stringify(expected)) problems.push(`answered ${tail.join(' ')}, documented ${expected.join(' ')}`);
      if (head.some((s) => s < 200 || s > 299)) problems.push(`an undocumented failure: ${head.join(' ')}`);
      if (exit !== 0) problems.push(`bash exited with ${exit}`);
      const printed = stdout.replaceAll('\r', '');
      const missing = documentedFragments(example.output).filter((fragment) => !printed.toLowerCase().includes(fragment.toLowerCase()));
      if (missing.length > 0) problems.push(`the documented output is not what it printed: missing ${JSON.stringify(missing)}`);
      if (problems.length > 0) failures.push(`${where}: ${problems.join('; ')}\n${stdout.slice(0, 1500)}\n${stderr.slice(0, 500)}`);
    }
    assert.deepEqual(failures, []);
  });
});
