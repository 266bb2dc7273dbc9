import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, DiagnosticCode, SourceLocation } from '../../../shared/diagnostics';
import type { FromSandbox } from '../../../shared/protocol';
import { runSandboxJob, validateFile } from '../../../src/sandbox/host';
import { DEFAULT_TRAIN_CONFIG } from '../../../cli/train';

const broken = (code: DiagnosticCode) => path.join(__dirname, '../../../examples/broken', `${code}.gfn.ts`);

/** 1-based position of `needle` in the first code line (not a comment) holding it: a plain search, not the engine's. */
function where(file: string, needle: string): SourceLocation {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => !l.trimStart().startsWith('//') && l.includes(needle));
  if (line < 0) throw new Error(`${needle} not in ${file}`);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

async function diagnosticsOf(code: DiagnosticCode, options: Parameters<typeof validateFile>[1] = {}): Promise<Diagnostic[]> {
  // The default time limit (2 s) outside the time-limit test: a loaded machine must not turn slow calls into failures.
  const result = await validateFile(broken(code), { memoryLimitMb: 256, ...options });
  return result.diagnostics.filter((d) => d.code === code);
}

function expectAt(d: Diagnostic, loc: SourceLocation): void {
  expect({ line: d.line, column: d.column }).toEqual(loc);
}

describe('every diagnostic code, through the real sandbox', () => {
  it('compile-error: at the token where esbuild stops', async () => {
    const [d] = await diagnosticsOf('compile-error');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/Expected "]" but found ":"/);
    expectAt(d, where(broken('compile-error'), ": [])"));
  });

  it('missing-default-export: says what to write', async () => {
    const result = await validateFile(broken('missing-default-export'));
    expect(result.ok).toBe(false);
    expect(result.summary).toBeNull();
    const [d] = result.diagnostics;
    expect(d.code).toBe('missing-default-export');
    expect(d.message).toMatch(/export default defineEnvironment/);
    expectAt(d, { line: 1, column: 1 });
  });

  it('invalid-environment: on the offending property, naming it', async () => {
    const [d] = await diagnosticsOf('invalid-environment');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/`reward` is a number, not a function: write `reward: \(x\) => number`/);
    expectAt(d, where(broken('invalid-environment'), 'reward: 2'));
  });

  it('duplicate-action: one diagnostic on actions for every state listing an action twice; the edge is made once', async () => {
    const result = await validateFile(broken('duplicate-action'));
    const ds = result.diagnostics.filter((d) => d.code === 'duplicate-action');
    expect(ds).toHaveLength(1);
    expect(ds[0].severity).toBe('error');
    expect(ds[0].message).toMatch(/^actions lists an action more than once in 2 states, e\.g\. "b" in actions\(state "a"\); "b" in actions\(state "b"\)/);
    expectAt(ds[0], where(broken('duplicate-action'), 'actions:'));
    // '' -> a, b; a -> aa, ab; b -> ba, bb: 7 states, 6 edges (the second 'b' makes none), Z = 2 * 4 = 8.
    expect(result.summary).toMatchObject({ states: 7, edges: 6, terminals: 4 });
    expect(result.summary?.logZ).toBeCloseTo(Math.log(8), 12);
  });

  it('process-exit: the call ends, not the process; on the line of process.exit, naming the call', async () => {
    const [d] = await diagnosticsOf('process-exit');
    expect(d.severity).toBe('error');
    expect(d.message).toBe('process.exit(1) was called (in step(state "a", action "b"))');
    // V8 places a call at the called property: `exit` of process.exit.
    expectAt(d, where(broken('process-exit'), 'exit(1)'));
  });

  it('async-function: a Promise is refused on the function that returned it', async () => {
    const [d] = await diagnosticsOf('async-function');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/^reward returned a Promise: GFlowNet functions must be synchronous .*\(and 3 more\)$/);
    expectAt(d, where(broken('async-function'), 'reward:'));
  });

  it('unidentifiable-state: on the function that made the state, saying why and to declare key, with the state', async () => {
    const ds = await diagnosticsOf('unidentifiable-state');
    expect(ds).toHaveLength(1);
    expect(ds[0].message).toMatch(/^step made a state that cannot be identified: it contains a cycle .*Declare `key: \(s\) => string`.*It was \{"label":"a"/);
    expect(ds[0].message.length).toBeLessThan(600);
    expectAt(ds[0], where(broken('unidentifiable-state'), 'step:'));
  });

  it('user-exception: at the throw site, naming function, state and action, with the property as related', async () => {
    const [d] = await diagnosticsOf('user-exception');
    expect(d.severity).toBe('error');
    expect(d.message).toBe('step threw Error: no "ab" allowed in step(state "a", action "b")');
    // V8 records the stack where the Error is made: `new Error(...)` on the throwing line.
    expectAt(d, where(broken('user-exception'), 'new Error'));
    expect(d.related?.[0]).toMatchObject({ ...where(broken('user-exception'), 'step:'), message: '`step` is declared here' });
  });

  it('time-limit: a hanging reward is stopped and reported on `reward`', async () => {
    // How soon it is stopped is measured by `npm run bench -- responsiveness`; the test's timeout catches a hang.
    const [d] = await diagnosticsOf('time-limit', { callTimeLimitMs: 500 });
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/`reward` ran longer than the time limit of 500 ms/);
    expectAt(d, where(broken('time-limit'), 'reward:'));
  });

  it('memory-limit: a hoarding reward is stopped and reported on `reward`', async () => {
    const [d] = await diagnosticsOf('memory-limit', { memoryLimitMb: 128 });
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/`reward` ran out of memory \(limit 128 MB\)/);
    expectAt(d, where(broken('memory-limit'), 'reward:'));
  });

  it('cycle: shows the path, with a related location per transition', async () => {
    const [d] = await diagnosticsOf('cycle');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/cycle: 0 -> 1 -> 2 -> 0\./);
    expectAt(d, where(broken('cycle'), 'step:'));
    expect(d.related?.map((r) => r.message)).toEqual(['step(0, "inc") = 1', 'step(1, "inc") = 2', 'step(2, "inc") = 0']);
  });

  it('nondeterministic-step: names state and action and shows both results', async () => {
    const [d] = await diagnosticsOf('nondeterministic-step');
    expect(d.severity).toBe('error');
    expect(d.message).toBe('step is not deterministic: step(state [], action "add") gave [0] the first time and [1] the second time (use no randomness or outside state in step)');
    expectAt(d, where(broken('nondeterministic-step'), 'step:'));
  });

  it('nondeterministic-step: a step that calls Math.random, at the call in 10 of 10 runs (comparing two calls misses it half the time)', async () => {
    const file = path.join(__dirname, '../../hostile/nondet-math-random.gfn.ts');
    const call = where(file, 'random()'); // V8 places a call of a method at the method's name
    for (let run = 0; run < 10; run++) {
      const result = await validateFile(file, { memoryLimitMb: 256 });
      expect(result.diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column }))).toEqual([{ code: 'nondeterministic-step', ...call }]);
      expect(result.diagnostics[0].message).toMatch(/^step is not deterministic: it calls Math\.random\(\) \(2 calls while validating\)/);
      expect(result.diagnostics[0].related).toEqual([{ ...where(file, 'step:'), endLine: expect.any(Number), endColumn: expect.any(Number), message: '`step` is declared here' }]);
    }
  });

  it('nondeterministic-step: clocks and random sources in actions, reward, canStop and key, at each call; top level and render may use them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gfn-sandbox-'));
    const file = path.join(dir, 'clocks.gfn.ts');
    writeFileSync(file, [
      "import { defineEnvironment } from 'gflownet-studio';",
      "import { randomInt } from 'node:crypto';",
      'const seed = Math.random() + Date.now() + performance.now() + new Date().getTime() + crypto.getRandomValues(new Uint8Array(1))[0];',
      'export default defineEnvironment({',
      "  name: 'clocks',",
      "  initial: '',",
      "  actions: (s) => (s.length < 2 && Date.now() > 0 ? ['a', 'b'] : []),",
      '  step: (s, a) => s + a,',
      '  reward: (x) => x.length + 0 * performance.now(),',
      '  canStop: (s) => s.length > 0 && crypto.randomUUID().length > 0,',
      "  key: (s) => (String(new Date()).length > 0 ? s : ''),",
      '  render: (s) => `${s} ${Math.random()} ${Date()} ${randomInt(2)} ${seed}`,',
      '});',
      '',
    ].join('\n'));
    const result = await validateFile(file, { memoryLimitMb: 256 });
    const found = result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message.slice(0, d.message.indexOf(' ('))}`);
    // V8 places a call of a method at the method's name: `now` of Date.now().
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (line: number, needle: string) => `${line}:${lines[line - 1].indexOf(needle) + 1}`;
    expect(found.sort()).toEqual([
      `${at(7, 'now()')} actions is not deterministic: it calls Date.now()`,
      `${at(9, 'now()')} reward is not deterministic: it calls performance.now()`,
      `${at(10, 'randomUUID()')} canStop is not deterministic: it calls crypto.randomUUID()`,
      `${at(11, 'new Date()')} key is not deterministic: it calls new Date()`,
    ].sort());
    expect(result.summary?.states).toBe(7);
  });

  it('action-outside-space: on `actions`, naming state and action, actionSpace related', async () => {
    const ds = await diagnosticsOf('action-outside-space');
    expect(ds.map((d) => d.message.slice(0, 48))).toEqual([
      'actions(state "") returned action "c", which is ',
      'actions(state "a") returned action "c", which is',
      'actions(state "b") returned action "c", which is',
    ]);
    expectAt(ds[0], where(broken('action-outside-space'), 'actions:'));
    expect(ds[0].related?.[0]).toMatchObject(where(broken('action-outside-space'), 'actionSpace:'));
  });

  it('invalid-reward: negative, NaN, infinite and non-number rewards, each with its state', async () => {
    const ds = await diagnosticsOf('invalid-reward');
    expect(ds.every((d) => d.severity === 'error')).toBe(true);
    expect(ds.map((d) => d.message.replace(/\. Rewards must.*/, ''))).toEqual([
      'reward is negative for 1 of 4 terminal states, e.g. "aa" -> -1',
      'reward is NaN for 1 of 4 terminal states, e.g. "ab" -> NaN',
      'reward is infinite for 1 of 4 terminal states, e.g. "ba" -> Infinity',
      'reward is not a number for 1 of 4 terminal states, e.g. "bb" -> "high"',
    ]);
    for (const d of ds) expectAt(d, where(broken('invalid-reward'), 'reward:'));
  });

  it('zero-reward: a warning, so the file is still ok', async () => {
    const result = await validateFile(broken('zero-reward'));
    expect(result.ok).toBe(true);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ code: 'zero-reward', severity: 'warning' });
    expect(d.message).toBe('reward is 0 for 1 of 4 terminal states (e.g. "bb"): they are never sampled');
    expectAt(d, where(broken('zero-reward'), 'reward:'));
  });

  it('invalid-encoding: inconsistent lengths, with examples and the count checked', async () => {
    const [d] = await diagnosticsOf('invalid-encoding');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/^encode returns vectors of different lengths: 0 for "" but 1 for "a", 1 for "b", 2 for "aa"; 6 states differ \(7 states checked\)/);
    expectAt(d, where(broken('invalid-encoding'), 'encode:'));
  });

  it('parents-mismatch: names the transitions parents misses', async () => {
    const [d] = await diagnosticsOf('parents-mismatch');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/^parents misses 3 transitions that exploration found, e.g. \("", "b"\) for "b"; \("a", "b"\) for "ab"/);
    expectAt(d, where(broken('parents-mismatch'), 'parents:'));
  });

  it('state-budget-exceeded: information, the summary says incomplete', async () => {
    const result = await validateFile(broken('state-budget-exceeded'), { maxStates: 500 });
    expect(result.ok).toBe(true);
    expect(result.summary).toMatchObject({ states: 500, complete: false, logZ: null });
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ code: 'state-budget-exceeded', severity: 'information' });
    expect(d.message).toMatch(/state budget of 500 states: the DAG is incomplete, so exact metrics/);
    expectAt(d, where(broken('state-budget-exceeded'), 'export default'));
  });
});

describe('the sandbox host', () => {
  it('validates the smiley example: 42 states, 20 terminals, Z = 12', async () => {
    const result = await validateFile(path.join(__dirname, '../../../examples/smiley.gfn.ts'));
    expect(result.ok).toBe(true);
    expect(result.summary).toMatchObject({ name: 'smiley faces', states: 42, terminals: 20, maxDepth: 3, complete: true });
    expect(result.summary?.logZ).toBeCloseTo(Math.log(12), 12);
  });

  it('validates unsaved contents in place of the file', async () => {
    const file = broken('user-exception');
    const fixed = readFileSync(file, 'utf8').replace("s === 'a' && a === 'b'", 'false');
    const result = await validateFile(file, { contents: fixed });
    expect(result.diagnostics).toEqual([]);
  });

  it('forwards console output of user code as log messages', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gfn-sandbox-'));
    const file = path.join(dir, 'chatty.gfn.ts');
    writeFileSync(file, "import { defineEnvironment } from 'gflownet-studio';\nexport default defineEnvironment({ name: 'x', initial: 0, actions: () => [], step: (s) => s, reward: (x) => { console.log('reward of', x); return 1; } });\n");
    const messages: FromSandbox[] = [];
    await runSandboxJob({ type: 'validate', file }, { onMessage: (m) => messages.push(m) });
    expect(messages.filter((m) => m.type === 'log').map((m) => m.type === 'log' && m.message)).toContain('reward of 0');
    expect(messages.filter((m) => m.type === 'validated')).toHaveLength(1);
  });

  it('cancels a validation through an AbortSignal', async () => {
    // The reward says when it starts to hang: the abort comes then, inside the call, on any machine. Not cancelled,
    // the job would end after the 60 s limit with a time-limit diagnostic.
    const dir = mkdtempSync(path.join(tmpdir(), 'gfn-sandbox-'));
    const file = path.join(dir, 'hangs.gfn.ts');
    writeFileSync(file, readFileSync(broken('time-limit'), 'utf8').replace("while (x === 'bb') n++;", "if (x === 'bb') console.log('hanging');\n    while (x === 'bb') n++;"));
    const messages: FromSandbox[] = [];
    const controller = new AbortController();
    await runSandboxJob({ type: 'validate', file }, {
      onMessage: (m) => {
        messages.push(m);
        if (m.type === 'log' && m.message === 'hanging') controller.abort();
      },
      callTimeLimitMs: 60_000,
      signal: controller.signal,
    });
    expect(controller.signal.aborted).toBe(true);
    expect(messages.filter((m) => m.type !== 'log')).toEqual([]);
  });

  it('stops a file whose top-level code hangs, with a time-limit diagnostic at the default export', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gfn-sandbox-'));
    const file = path.join(dir, 'hang.gfn.ts');
    writeFileSync(file, "import { defineEnvironment } from 'gflownet-studio';\nwhile (Date.now() > 0) {}\nexport default defineEnvironment({ name: 'x', initial: 0, actions: () => [], step: (s) => s, reward: () => 1 });\n");
    const result = await validateFile(file, { callTimeLimitMs: 300 });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'time-limit', severity: 'error', line: 3, column: 1, message: expect.stringMatching(/^the file's top-level code ran longer than the time limit of 300 ms/) }),
    ]);
  });
});

describe('train jobs in the sandbox', () => {
  const config = { ...DEFAULT_TRAIN_CONFIG, loss: 'tb' as const, iterations: 30, batchSize: 4, hidden: 16, layers: 1, reportEvery: 10, seed: 1 };

  it('an environment with errors ends the job with an error carrying the diagnostics', async () => {
    const messages: FromSandbox[] = [];
    await runSandboxJob({ type: 'train', file: broken('cycle'), config }, { onMessage: (m) => messages.push(m) });
    const errors = messages.filter((m) => m.type === 'error');
    expect(errors).toHaveLength(1);
    const [error] = errors;
    if (error.type !== 'error') return;
    expect(error.message).toMatch(/^the environment has 1 error \(line 8: the states form a cycle: 0 -> 1 -> 2 -> 0/);
    expect(error.diagnostics?.map((d) => d.code)).toEqual(['cycle']);
    expect(messages.some((m) => m.type === 'graph' || m.type === 'done')).toBe(false);
  });

  it('posts the flow graph first, then progress, then done', async () => {
    const messages: FromSandbox[] = [];
    await runSandboxJob({ type: 'train', file: path.join(__dirname, '../../../examples/smiley.gfn.ts'), config }, { onMessage: (m) => messages.push(m) });
    const types = messages.map((m) => m.type).filter((t) => t !== 'log');
    expect(types[0]).toBe('graph');
    expect(types).toContain('progress');
    expect(types[types.length - 1]).toBe('done');
    const graph = messages[messages.findIndex((m) => m.type === 'graph')];
    if (graph.type === 'graph') expect(graph.graph).toMatchObject({ name: 'smiley faces', whole: true, totalStates: 42 });
    const done = messages[messages.length - 1];
    if (done.type === 'done') expect(done).toMatchObject({ cancelled: false, summary: { iterations: 30, trueLogZ: Math.log(12) } });
  });

  it('an AbortSignal cancels a long training run: done with cancelled = true', async () => {
    const messages: FromSandbox[] = [];
    const controller = new AbortController();
    const job = runSandboxJob(
      { type: 'train', file: path.join(__dirname, '../../../examples/smiley.gfn.ts'), config: { ...config, iterations: 1_000_000, reportEvery: 5 } },
      {
        signal: controller.signal,
        onMessage: (m) => {
          messages.push(m);
          if (m.type === 'progress' && m.progress.iteration >= 10) controller.abort();
        },
      },
    );
    await job;
    const done = messages.find((m) => m.type === 'done');
    expect(done).toMatchObject({ type: 'done', cancelled: true });
    if (done?.type === 'done') expect(done.summary.iterations).toBeLessThan(1_000_000);
  });
});
