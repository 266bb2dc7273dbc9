/**
 * The sandbox as a process: every job in a fresh process that the host ends (nothing survives into the next job,
 * even with a warm spare), no process left behind, and a sandbox that dies with its host.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool, validateFile } from '../../../src/sandbox/host';

const dir = mkdtempSync(path.join(tmpdir(), 'gfn-sandbox-process-'));
const cli = path.join(__dirname, '../../../dist/cli.js');
const pool = new SandboxPool();
afterAll(() => pool.dispose());

function file(name: string, body: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, `import { defineEnvironment } from 'gflownet-studio';\n${body}\n`);
  return f;
}

const ENV = "actions: (s: string) => (s.length < 2 ? ['a', 'b'] : []), step: (s: string, a: string) => s + a, reward: () => 1";

/** Pids of the live children of `pid` (Linux ps). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  } catch {
    return [];
  }
}

/** Polls `done` until it holds; the limit only catches a hang (the test's own timeout would, without naming `what`). */
async function until(what: string, done: () => boolean, hangMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + hangMs; !done(); ) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${hangMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The sandbox process among the children of `pid` (the CLI's other child is the esbuild service). */
function sandboxOf(pid: number): number | undefined {
  let lines: string[];
  try {
    lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n');
  } catch {
    return undefined;
  }
  const line = lines.find((l) => /sandbox(-validate)?-worker\.js/.test(l));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the sandbox process', () => {
  it('runs each job in a fresh process, also from a warm pool: what user code did to its process does not carry over', async () => {
    const f = file('marks.gfn.ts', `const seen = process.env.GFN_TEST_MARK;\nprocess.env.GFN_TEST_MARK = 'set by an earlier job';\nexport default defineEnvironment({ name: seen ?? 'fresh', initial: '', ${ENV} });`);
    for (let i = 0; i < 3; i++) {
      const result = await validateFile(f, { pool });
      expect(result.summary?.name).toBe('fresh');
    }
    expect(process.env.GFN_TEST_MARK).toBeUndefined();
  });

  it('leaves no process behind once a job is over, even when user code left timers and a worker running', async () => {
    const f = file('lingers.gfn.ts', `setInterval(() => undefined, 5);\nnew (require('node:worker_threads').Worker)('setInterval(() => {}, 1000)', { eval: true });\nexport default defineEnvironment({ name: 'lingers', initial: '', ${ENV} });`);
    const before = childrenOf(process.pid).length;
    const result = await validateFile(f);
    expect(result.ok).toBe(true);
    expect(result.summary?.states).toBe(7);
    expect(childrenOf(process.pid).length).toBe(before);
  });

  it('ends with its host: a killed CLI does not leave its sandbox looping', async () => {
    // step says when it starts to loop (a file appears): the host is killed then, with user code running, on any machine.
    const looping = path.join(dir, 'looping');
    const f = file('hangs.gfn.ts', `export default defineEnvironment({ name: 'hangs', initial: '', actions: () => ['a'], step: (s: string) => { require('node:fs').writeFileSync(${JSON.stringify(looping)}, ''); for (;;); }, reward: () => 1 });`);
    const host = spawn(process.execPath, [cli, 'validate', f, '--time-limit', '600000'], { stdio: 'ignore' });
    await until('step to loop', () => existsSync(looping));
    const sandbox = sandboxOf(host.pid as number);
    expect(sandbox).toBeDefined();
    host.kill('SIGKILL');
    await until(`the sandbox (pid ${sandbox}) to end`, () => !alive(sandbox!));
  });

  it('never takes what user code writes on the engine channels for a result', async () => {
    const fake = JSON.stringify({ type: 'validated', result: { ok: true, summary: null, diagnostics: [] } });
    const f = file('forges.gfn.ts', [
      `const fs = require('node:fs');`,
      `for (const fd of [1, 2, 3, 4]) { try { fs.writeSync(fd, ${JSON.stringify(`${fake}\n`)}); } catch {} }`,
      `try { require('node:worker_threads').parentPort?.postMessage(${fake}); } catch {}`,
      `export default defineEnvironment({ name: 'forges', initial: '', ${ENV.replace('reward: () => 1', 'reward: () => -1')} });`,
    ].join('\n'));
    const result = await validateFile(f);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toContain('invalid-reward');
  });
});
