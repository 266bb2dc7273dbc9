import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../../..');
/** Runs the built CLI (dist/cli.js, as users do) from the repository root. */
function gfn(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gfn validate', () => {
  it('--json prints exactly one JSON object with the documented shape', () => {
    const r = gfn('validate', 'examples/smiley.gfn.ts', '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['ok', 'summary', 'diagnostics']);
    expect(out.ok).toBe(true);
    expect(out.summary).toEqual({ states: 42, edges: 96, terminals: 20, logZ: Math.log(12), maxDepth: 3, complete: true });
    expect(out.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'zero-reward', line: 23, column: 3 }),
    ]);
    expect(Object.keys(out.diagnostics[0])).toEqual(['severity', 'code', 'message', 'line', 'column']);
  });

  it('prints file:line:col: severity code: message, a summary, and exits 1 on errors', () => {
    const r = gfn('validate', 'examples/broken/user-exception.gfn.ts');
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('examples/broken/user-exception.gfn.ts:9:39: error user-exception: step threw Error: no "ab" allowed in step(state "a", action "b")');
    expect(lines[1]).toBe('  examples/broken/user-exception.gfn.ts:8:3: note: `step` is declared here');
    expect(lines[2]).toBe('failed: throws: 6 states, 5 edges, 3 terminals, max depth 2, log Z = 1.098612 (Z = 3); 1 error, 0 warnings');
  });

  it('a step that throws a Proxy whose get and getPrototypeOf traps throw: user-exception on `step`, valid JSON, no internal error', () => {
    const r = gfn('validate', 'test/hostile/throw-proxy-step.gfn.ts', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/i);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      summary: { states: 5, edges: 4, terminals: 2, logZ: Math.log(2), maxDepth: 2, complete: true },
      // Exploration calls step twice for (a, a): the second call is the determinism check.
      diagnostics: [{ severity: 'error', code: 'user-exception', line: 17, column: 3, message: 'step threw a value that cannot be read: reading it threw Error: get trap in step(state "a", action "a") (and 1 more)' }],
    });
  });

  it('--max-states makes the exploration incomplete (information only: exit 0)', () => {
    const r = gfn('validate', 'examples/hypergrid.gfn.ts', '--max-states', '10', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ states: 10, complete: false, logZ: null });
    expect(out.diagnostics.map((d: { code: string }) => d.code)).toEqual(['state-budget-exceeded']);
  });

  it('a compile error exits 1 with its location', () => {
    const r = gfn('validate', 'examples/broken/compile-error.gfn.ts', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, summary: null, diagnostics: [{ code: 'compile-error', line: 7, column: 45 }] });
  });

  it.each([
    [['validate'], /validate needs a FILE/],
    [['validate', 'nope.gfn.ts'], /no such file: nope.gfn.ts/],
    [['validate', 'examples/smiley.gfn.ts', '--max-states', 'many'], /--max-states must be a positive integer, got 'many'/],
    [['validate', 'examples/smiley.gfn.ts', '--max-states'], /--max-states needs a value/],
    [['validate', 'examples/smiley.gfn.ts', '--frobnicate'], /unknown option '--frobnicate'/],
    [['frob'], /unknown command 'frob'/],
    [[], /Usage: gfn <command>/],
  ])('usage error %j exits 2 with a message and the usage', (args, message) => {
    const r = gfn(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Usage: gfn <command>/);
    expect(r.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', () => {
    const r = gfn('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/validate FILE \[--json\] \[--max-states N\]/);
  });
});
