/**
 * The hostile corpus (test/hostile/*.gfn.ts) through the real CLI, as a user runs it:
 * `node dist/cli.js validate FILE --json --time-limit 500 --memory-limit 256`, two files at a time.
 *
 * Every file, whatever it does (exits the process, loops, exhausts memory, throws non-errors, forges results,
 * writes to fd 1, tampers with globals), must give: stdout that is exactly one JSON object {ok, summary,
 * diagnostics}; no stack trace and no "internal error" in stdout, stderr or any message; every diagnostic message
 * at most 2,000 characters; `ok` consistent with the diagnostics and the exit code; the whole process tree gone
 * within 15 s. Then each file has its own expectation in CASES:
 * - `diagnostic()`: exit code 1 and a diagnostic with the code of the file's one `// expect: <code>` marker, on
 *   the marker's line (found by a plain text search, not by the engine);
 * - `result(...)`: the normal result computed by hand (exit code, every summary field, log Z within 1e-9, the
 *   exact list of diagnostic codes); a marker, when present, is checked too.
 *
 * Run: `npm run build && npx vitest run test/unit/sandbox/hostile.test.ts`. With HOSTILE_REPORT=out.json, one record per
 * file (exit code, time, problems, the start of stdout and stderr) is written there at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../../..');
const corpus = path.join(root, 'test/hostile');
const cli = path.join(root, 'dist/cli.js');

/** The whole run of one file (CLI and whatever it started) must end within this. */
const BOUND_MS = 15_000;
/** The test kills the CLI's process group after this: a hang fails the test, it does not stall the suite. */
const HARD_KILL_MS = 17_000;
/** After the CLI exits, a process that still holds its stdout/stderr gets this long before the pipes are cut. */
const PIPE_GRACE_MS = 2_000;
const MAX_MESSAGE = 2_000;
/** stdout/stderr kept per run (a flood that leaks must not exhaust the test's memory). */
const MAX_CAPTURE = 32 << 20;
const CONCURRENCY = 2;

interface Summary {
  states: number;
  edges: number;
  terminals: number;
  logZ: number | null;
  maxDepth: number;
  complete: boolean;
}

type Expectation =
  /** Exit 1; the marker's code at the marker's line. Optionally the exact codes and some summary fields too. */
  | { kind: 'diagnostic'; codes?: string[]; summary?: Partial<Summary> }
  /** The normal result: exit code, summary, exact codes (sorted); a marker, when present, is checked too. */
  | { kind: 'result'; exit: 0 | 1; codes: string[]; summary: Summary };

const diagnostic = (extra: { codes?: string[]; summary?: Partial<Summary> } = {}): Expectation => ({ kind: 'diagnostic', ...extra });
const result = (exit: 0 | 1, summary: Summary, codes: string[] = []): Expectation => ({ kind: 'result', exit, codes: [...codes].sort(), summary });

/** '', '0', '1', '00', '01', '10', '11': 7 states, 6 edges, 4 terminals. logZ by the rewards of 00, 01, 10, 11. */
const twoBits = (logZ: number): Summary => ({ states: 7, edges: 6, terminals: 4, logZ, maxDepth: 2, complete: true });
/** Rewards 1, 2, 3, 4. */
const BITS = twoBits(Math.log(10));
/** Rewards 0, 1, 2, 3: a zero-reward warning, Z = 6. */
const BITS_ZERO = twoBits(Math.log(6));
/** Rewards -1, 1, 2, 3: invalid-reward, and Z = 6 (non-positive rewards do not count). */
const BITS_NEGATIVE = twoBits(Math.log(6));
/** Rewards NaN, 2, 3, 4: invalid-reward, Z = 9. */
const BITS_NAN = twoBits(Math.log(9));
/** A forged result must not be taken: the real diagnostics and the real summary (7 states, not 999). */
const REAL_INVALID_REWARD = diagnostic({ codes: ['invalid-reward'], summary: { states: 7, edges: 6, terminals: 4 } });

/** File name (in test/hostile) -> what validating it must give. Every file is listed, and only those. */
const CASES: Record<string, Expectation> = {
  // 1. Process control: process-exit at the call.
  'exit-step.gfn.ts': diagnostic(),
  'exit3-step.gfn.ts': diagnostic(),
  'exit-reward.gfn.ts': diagnostic(),
  'exit3-reward.gfn.ts': diagnostic(),
  'exit-top-level.gfn.ts': diagnostic(),
  'exit3-top-level.gfn.ts': diagnostic(),
  'exit-kill-self.gfn.ts': diagnostic(),
  'exit-kill-self-sigkill.gfn.ts': diagnostic(),
  'exit-kill-parent.gfn.ts': diagnostic(), // beyond the brief
  'exit-kill-group.gfn.ts': diagnostic(), // beyond the brief
  'exit-abort.gfn.ts': diagnostic(),
  'exit-require-process.gfn.ts': diagnostic(),
  'exit-really-exit.gfn.ts': diagnostic(),
  'exit-close-fds.gfn.ts': diagnostic(), // beyond the brief

  // 2. Loops: time-limit on the property of the function that was running (`export default` for top-level code).
  'loop-actions.gfn.ts': diagnostic(),
  'loop-step.gfn.ts': diagnostic(),
  'loop-reward.gfn.ts': diagnostic(),
  'loop-canstop.gfn.ts': diagnostic(),
  'loop-key.gfn.ts': diagnostic(),
  'loop-encode.gfn.ts': diagnostic(),
  'loop-render.gfn.ts': diagnostic(),
  'loop-parents.gfn.ts': diagnostic(),
  'loop-top-level.gfn.ts': diagnostic(),
  'loop-state-getter.gfn.ts': diagnostic(),
  'loop-state-tojson.gfn.ts': diagnostic(),
  'loop-initial-getter.gfn.ts': diagnostic(), // beyond the brief
  'loop-actions-proxy.gfn.ts': diagnostic(),
  'loop-export-proxy.gfn.ts': diagnostic(),
  'loop-encode-length-getter.gfn.ts': diagnostic(),
  'loop-encode-proxy-length.gfn.ts': diagnostic(),
  'loop-error-message-getter.gfn.ts': diagnostic(),
  'loop-redos.gfn.ts': diagnostic(), // beyond the brief
  'loop-atomics-wait.gfn.ts': diagnostic(), // beyond the brief
  'loop-execsync-sleep.gfn.ts': diagnostic(), // beyond the brief
  'loop-name-getter.gfn.ts': diagnostic(), // beyond the brief
  'loop-actionspace-proxy.gfn.ts': diagnostic(), // beyond the brief
  // ... and what must not hang: timers, threads and handles left behind by top-level code; a normal result.
  'hang-setinterval.gfn.ts': result(0, BITS),
  'hang-worker-thread.gfn.ts': result(0, BITS),
  'hang-settimeout-loop.gfn.ts': result(0, BITS),
  'hang-server.gfn.ts': result(0, BITS), // beyond the brief
  'hang-stdin.gfn.ts': result(0, BITS), // beyond the brief
  'hang-exit-handlers.gfn.ts': result(0, BITS), // beyond the brief

  // 3. Memory, on the JS heap and off it (Buffers, ArrayBuffers, typed arrays): memory-limit.
  'mem-step-push.gfn.ts': diagnostic(),
  'mem-reward-string.gfn.ts': diagnostic(),
  'mem-step-buffers.gfn.ts': diagnostic(),
  'mem-step-arraybuffers.gfn.ts': diagnostic(),
  'mem-step-typed-arrays.gfn.ts': diagnostic(),
  'mem-top-level.gfn.ts': diagnostic(),
  'mem-top-level-typed-arrays.gfn.ts': diagnostic(), // beyond the brief

  // 4. Recursion: user-exception at the recursive call; states and actions too deep to identify.
  'rec-step.gfn.ts': diagnostic(),
  'rec-reward.gfn.ts': diagnostic(),
  'rec-deep-state.gfn.ts': diagnostic(),
  'rec-deep-initial.gfn.ts': diagnostic(), // beyond the brief
  'rec-deep-action.gfn.ts': diagnostic(), // beyond the brief

  // 5. Unserialisable values: unidentifiable-state on the producer (`initial`, `step` or `actions`) ...
  'value-cyclic-initial.gfn.ts': diagnostic(),
  'value-cyclic-step.gfn.ts': diagnostic(),
  'value-function-in-state.gfn.ts': diagnostic(),
  'value-symbol-in-initial.gfn.ts': diagnostic(),
  'value-symbol-state.gfn.ts': diagnostic(), // beyond the brief
  'value-promise-in-state.gfn.ts': diagnostic(),
  'value-cyclic-action.gfn.ts': diagnostic(),
  'value-function-action.gfn.ts': diagnostic(),
  // {}, {a}, {b}, {a,b} (reached both ways), and {a,b} -> {a} closes a cycle.
  'value-set-cycle.gfn.ts': diagnostic({ codes: ['cycle'], summary: { states: 4, edges: 5, terminals: 0 } }),
  // ... and exotic values that are identifiable: these must pass, with the counts computed by hand.
  // {}, {a}, {b}, {c}, {a,b}, {a,c}, {b,c}; edges 3 + 3*2; R = 2, 2, 1.
  'pass-set-states.gfn.ts': result(0, { states: 7, edges: 9, terminals: 3, logZ: Math.log(5), maxDepth: 2, complete: true }),
  // 0n..4n by +1n/+2n from below 3n: edges 0-1 0-2 1-2 1-3 2-3 2-4; sinks 3n, 4n; longest 0-1-2-3.
  'pass-bigint-states.gfn.ts': result(0, { states: 5, edges: 6, terminals: 2, logZ: Math.log(7), maxDepth: 3, complete: true }),
  // {}, {a:1}, {b:1}, {a:1,b:2} (R 12), {b:1,a:2} (R 21).
  'pass-map-states.gfn.ts': result(0, { states: 5, edges: 4, terminals: 2, logZ: Math.log(33), maxDepth: 2, complete: true }),
  // The same DAG as the BigInt counter, in seconds.
  'pass-date-states.gfn.ts': result(0, { states: 5, edges: 6, terminals: 2, logZ: Math.log(7), maxDepth: 3, complete: true }),
  // [0,0] [1,0] [0,1] [1,1], all terminal (canStop), R = 1, 2, 3, 4.
  'pass-typed-array-states.gfn.ts': result(0, { states: 4, edges: 4, terminals: 4, logZ: Math.log(10), maxDepth: 2, complete: true }),

  // 6. Throwing non-errors and hostile errors: user-exception at the throw (the property when there is no stack).
  'throw-number.gfn.ts': diagnostic(),
  'throw-string.gfn.ts': diagnostic(),
  'throw-null.gfn.ts': diagnostic(),
  'throw-undefined.gfn.ts': diagnostic(),
  'throw-empty-object.gfn.ts': diagnostic(),
  'throw-proxy.gfn.ts': diagnostic(),
  'throw-hostile-conversions.gfn.ts': diagnostic(),
  'throw-symbol.gfn.ts': diagnostic(),
  'throw-error-message-getter.gfn.ts': diagnostic(),
  'throw-error-stack-getter.gfn.ts': diagnostic(),
  'throw-error-name-getter.gfn.ts': diagnostic(),
  'throw-huge-message.gfn.ts': diagnostic(),
  'throw-huge-string.gfn.ts': diagnostic(),
  'throw-error-cause-cycle.gfn.ts': diagnostic(), // beyond the brief
  // Stack hooks of the user's realm: no frames, or forged ones, leave the diagnostic on the property.
  'throw-stack-trace-limit.gfn.ts': diagnostic(), // beyond the brief
  'throw-forged-stack.gfn.ts': diagnostic(), // beyond the brief

  // 7. Hostile globals: the engine's results do not change.
  'global-math.gfn.ts': result(0, BITS),
  'global-json.gfn.ts': result(0, BITS_ZERO, ['zero-reward']),
  'global-atomics.gfn.ts': result(0, BITS),
  'global-array-prototype.gfn.ts': result(0, BITS_ZERO, ['zero-reward']),
  'global-object-tojson.gfn.ts': result(0, BITS),
  'global-object-keys.gfn.ts': result(0, BITS),
  'global-map-set-prototype.gfn.ts': result(1, BITS_NEGATIVE, ['invalid-reward']),
  'global-number-isfinite.gfn.ts': result(1, BITS_NAN, ['invalid-reward']),
  'global-string-slice.gfn.ts': result(0, BITS_ZERO, ['zero-reward']),
  'global-symbol-iterator.gfn.ts': result(0, BITS),
  'global-structured-clone.gfn.ts': result(0, BITS),
  'global-delete.gfn.ts': result(0, BITS),
  'global-freeze-prototypes.gfn.ts': result(0, BITS_ZERO, ['zero-reward']),
  'global-freeze-globalthis.gfn.ts': result(0, BITS), // beyond the brief
  'global-process-state.gfn.ts': result(0, BITS), // beyond the brief
  'global-object-then.gfn.ts': result(0, BITS), // beyond the brief
  'global-cycle.gfn.ts': diagnostic({ codes: ['cycle'], summary: { states: 3, edges: 3, terminals: 0 } }),
  // ... and forged results (process.send, parentPort, fd 3..6): never taken.
  'fake-process-send.gfn.ts': REAL_INVALID_REWARD,
  'fake-parent-port.gfn.ts': REAL_INVALID_REWARD,
  'fake-fd.gfn.ts': REAL_INVALID_REWARD,
  'fake-in-functions.gfn.ts': REAL_INVALID_REWARD,

  // 8. Writes to stdout/stderr by user code: --json stdout stays one object, the real error is reported.
  'stdout-console-log.gfn.ts': REAL_INVALID_REWARD,
  'stdout-process-write.gfn.ts': REAL_INVALID_REWARD,
  'stdout-fd1.gfn.ts': REAL_INVALID_REWARD,
  'stdout-fd2.gfn.ts': REAL_INVALID_REWARD,
  'stdout-flood.gfn.ts': REAL_INVALID_REWARD, // beyond the brief

  // 9. Async functions: async-function on the property.
  'async-step.gfn.ts': diagnostic(),
  'async-actions.gfn.ts': diagnostic(),
  'async-reward.gfn.ts': diagnostic(),
  'async-canstop.gfn.ts': diagnostic(),
  'async-key.gfn.ts': diagnostic(), // beyond the brief
  'async-promise-step.gfn.ts': diagnostic(),
  'async-thenable-step.gfn.ts': diagnostic(),
  'async-reject-reward.gfn.ts': diagnostic(),
  'async-reject-step.gfn.ts': diagnostic(), // beyond the brief
};

// ---------------------------------------------------------------------------------------------------------------
// The corpus as text: markers found by a plain search.

const MARKER = /\/\/ expect: ([a-z][a-z-]*)\s*$/;
/** The codes a marker may name. */
const CODES = ['process-exit', 'time-limit', 'memory-limit', 'user-exception', 'unidentifiable-state', 'async-function', 'invalid-reward', 'zero-reward', 'cycle'];

interface Marker {
  code: string;
  line: number;
}

function markersOf(file: string): Marker[] {
  const lines = readFileSync(path.join(corpus, file), 'utf8').split('\n');
  const found: Marker[] = [];
  lines.forEach((text, i) => {
    const m = MARKER.exec(text);
    if (m) found.push({ code: m[1], line: i + 1 });
  });
  return found;
}

const files = readdirSync(corpus).filter((f) => f.endsWith('.gfn.ts')).sort();

// ---------------------------------------------------------------------------------------------------------------
// Running the CLI: spawned in its own process group so that the whole tree can be killed by its id.

interface Run {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** From spawn to the CLI's exit, and to the end of everything (pipes closed, process group gone). */
  exitMs: number;
  totalMs: number;
  stdout: string;
  stderr: string;
  truncated: boolean;
  /** The test had to kill the process group (a hang). */
  killed: boolean;
  /** Something still held the CLI's stdout/stderr after it exited. */
  pipesHeld: boolean;
  /** Processes of the CLI's group still alive after it exited (they are killed). */
  leftovers: string[];
}

/** Live (not zombie) processes of group `pgid`, as "pid (command)". Zombies (exited, not yet reaped) do not count. */
function liveMembers(pgid: number): string[] {
  try {
    process.kill(-pgid, 0);
  } catch {
    return [];
  }
  if (!existsSync('/proc/self/stat')) return [`some process of group ${pgid}`];
  const live: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') live.push(`${pid} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 1)}`);
  }
  return live;
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runCli(file: string): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, 'validate', path.join(corpus, file), '--json', '--time-limit', '500', '--memory-limit', '256'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pgid = child.pid as number;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    child.stdout.on('data', (b: Buffer) => {
      if (outBytes < MAX_CAPTURE) out.push(b);
      else truncated = true;
      outBytes += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errBytes < MAX_CAPTURE) err.push(b);
      else truncated = true;
      errBytes += b.length;
    });
    let killed = false;
    let pipesHeld = false;
    let exitMs = -1;
    let exitCode: number | null = null;
    let signal: NodeJS.Signals | null = null;
    const hardKill = setTimeout(() => {
      killed = true;
      killGroup(pgid);
    }, HARD_KILL_MS);
    let pipeTimer: NodeJS.Timeout | undefined;
    child.on('exit', (code, sig) => {
      exitMs = Date.now() - started;
      exitCode = code;
      signal = sig;
      pipeTimer = setTimeout(() => {
        pipesHeld = true;
        child.stdout.destroy();
        child.stderr.destroy();
      }, PIPE_GRACE_MS);
    });
    child.on('close', async () => {
      clearTimeout(hardKill);
      if (pipeTimer) clearTimeout(pipeTimer);
      // A killed sandbox may take a moment to be reaped; then anything left in the group is a leak.
      let leftovers: string[] = [];
      for (let waited = 0; (leftovers = liveMembers(pgid)).length > 0; waited += 50) {
        if (waited >= 500) {
          killGroup(pgid);
          break;
        }
        await sleep(50);
      }
      resolve({
        exitCode,
        signal,
        exitMs,
        totalMs: Date.now() - started,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        truncated,
        killed,
        pipesHeld,
        leftovers,
      });
    });
  });
}

/** At most CONCURRENCY CLI runs at a time, whatever vitest starts concurrently. */
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(f: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks: each returns the problems it found, so that a failing file shows all of them at once.

interface Report {
  ok: unknown;
  summary: Record<string, unknown> | null;
  diagnostics: { severity: string; code: string; line: number; column: number; message: string }[];
}

const STACK_LINE = /^\s*at .*[(:]\d+/m;

function shorten(text: string, n = 300): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}... (${text.length} chars)` : one;
}

function checkRun(run: Run, expectation: Expectation, marker: Marker | undefined): string[] {
  const problems: string[] = [];
  if (run.killed) problems.push(`hung: killed by the test after ${HARD_KILL_MS} ms`);
  else if (run.totalMs > BOUND_MS) problems.push(`took ${run.totalMs} ms (bound ${BOUND_MS} ms)`);
  if (run.pipesHeld) problems.push(`a process still held the CLI's stdout/stderr ${PIPE_GRACE_MS} ms after it exited`);
  if (run.leftovers.length) problems.push(`processes of the run still alive after the CLI exited: ${run.leftovers.join(', ')}`);
  if (run.signal) problems.push(`the CLI died of ${run.signal}`);
  if (run.truncated) problems.push(`more than ${MAX_CAPTURE} bytes on stdout or stderr`);
  for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    const stack = STACK_LINE.exec(text);
    if (stack) problems.push(`a stack trace on ${name}: ${shorten(stack[0], 120)}`);
    if (/internal error/i.test(text)) problems.push(`"internal error" on ${name}`);
  }

  let report: Report | undefined;
  try {
    const parsed: unknown = JSON.parse(run.stdout);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) problems.push(`stdout is JSON but not one object: ${shorten(run.stdout, 100)}`);
    else report = parsed as Report;
  } catch {
    problems.push(`stdout is not exactly one JSON value: ${run.stdout.length === 0 ? '(empty)' : shorten(run.stdout, 200)}`);
  }
  if (!report) return problems;
  if (!Array.isArray(report.diagnostics)) {
    problems.push('no diagnostics array');
    return problems;
  }
  if (typeof report.ok !== 'boolean') problems.push(`ok is ${JSON.stringify(report.ok)}`);
  const hasError = report.diagnostics.some((d) => d.severity === 'error');
  if (report.ok !== !hasError) problems.push(`ok is ${String(report.ok)} but there ${hasError ? 'are' : 'are no'} error diagnostics`);
  if (run.exitCode !== (report.ok ? 0 : 1)) problems.push(`exit code ${run.exitCode} but ok is ${String(report.ok)}`);
  for (const d of report.diagnostics) {
    const message = typeof d.message === 'string' ? d.message : '';
    if (typeof d.message !== 'string') problems.push(`a ${d.code} diagnostic has no message`);
    if (message.length > MAX_MESSAGE) problems.push(`a ${d.code} message has ${message.length} chars (max ${MAX_MESSAGE})`);
    if (STACK_LINE.test(message)) problems.push(`a ${d.code} message holds a stack trace`);
    if (/internal error/i.test(message)) problems.push(`a ${d.code} message says "internal error"`);
    if (!Number.isInteger(d.line) || d.line < 1 || !Number.isInteger(d.column) || d.column < 1) problems.push(`a ${d.code} diagnostic at ${d.line}:${d.column}`);
  }

  const codes = report.diagnostics.map((d) => d.code).sort();
  if (marker && !report.diagnostics.some((d) => d.code === marker.code && d.line === marker.line)) {
    const same = report.diagnostics.filter((d) => d.code === marker.code).map((d) => d.line);
    problems.push(`no ${marker.code} at line ${marker.line}${same.length ? ` (${marker.code} at line ${same.join(', ')})` : ''}`);
  }
  const expectedExit = expectation.kind === 'diagnostic' ? 1 : expectation.exit;
  if (run.exitCode !== expectedExit) problems.push(`exit code ${run.exitCode}, expected ${expectedExit}`);
  const expectedCodes = expectation.codes;
  if (expectedCodes && JSON.stringify(codes) !== JSON.stringify([...expectedCodes].sort())) {
    problems.push(`codes ${JSON.stringify(codes)}, expected ${JSON.stringify([...expectedCodes].sort())}`);
  }
  const expectedSummary = expectation.summary;
  if (expectedSummary) {
    const s = report.summary;
    if (!s) problems.push('summary is null');
    else {
      for (const [field, want] of Object.entries(expectedSummary)) {
        const got = s[field];
        if (field === 'logZ' && typeof want === 'number') {
          if (typeof got !== 'number' || !(Math.abs(got - want) <= 1e-9)) problems.push(`logZ ${String(got)}, expected ${want}`);
        } else if (got !== want) problems.push(`${field} ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    }
  }
  return problems;
}

/** The actual output on one line: what a failing file did. */
function actual(run: Run): string {
  const codes = (() => {
    try {
      const r = JSON.parse(run.stdout) as Report;
      return `ok=${String(r.ok)} summary=${JSON.stringify(r.summary)} diagnostics=${JSON.stringify(r.diagnostics.map((d) => `${d.code}@${d.line}: ${d.message.slice(0, 160)}`))}`;
    } catch {
      return `stdout=${JSON.stringify(shorten(run.stdout, 200))}`;
    }
  })();
  return `exit=${run.exitCode}${run.signal ? ` signal=${run.signal}` : ''} ${run.totalMs} ms ${codes} stderr=${JSON.stringify(shorten(run.stderr, 200))}`;
}

// ---------------------------------------------------------------------------------------------------------------

const records: { file: string; problems: string[]; actual: string; exitMs: number; totalMs: number }[] = [];
const suiteStarted = Date.now();

afterAll(() => {
  const out = process.env.HOSTILE_REPORT;
  if (out) writeFileSync(out, JSON.stringify({ seconds: (Date.now() - suiteStarted) / 1000, records: records.sort((a, b) => a.file.localeCompare(b.file)) }, null, 1));
});

describe('the hostile corpus (test/hostile)', () => {
  it('lists every file in CASES, and each file has a header comment and valid markers', () => {
    expect(files.length).toBeGreaterThanOrEqual(65);
    expect(files).toEqual(Object.keys(CASES).sort());
    for (const file of files) {
      const text = readFileSync(path.join(corpus, file), 'utf8');
      expect(text.split('\n')[0], file).toMatch(/^\/\/ \S.*/);
      const markers = markersOf(file);
      const expectation = CASES[file];
      if (expectation.kind === 'diagnostic') expect(markers, `${file} needs exactly one \`// expect: <code>\``).toHaveLength(1);
      else expect(markers.length, `${file} has more than one marker`).toBeLessThanOrEqual(1);
      for (const m of markers) expect(CODES, `${file}:${m.line}`).toContain(m.code);
    }
  });
});

describe.concurrent('gfn validate --json on hostile files', () => {
  it('dist/cli.js is built (npm run build)', () => {
    expect(existsSync(cli)).toBe(true);
  });

  for (const file of files) {
    const expectation = CASES[file];
    if (!expectation) continue;
    const [marker] = markersOf(file);
    const what = marker ? `${marker.code} at line ${marker.line}` : 'a normal result';
    it(`${file}: ${what}`, async () => {
      const run = await limited(() => runCli(file));
      const problems = checkRun(run, expectation, marker);
      records.push({ file, problems, actual: actual(run), exitMs: run.exitMs, totalMs: run.totalMs });
      expect(problems, actual(run)).toEqual([]);
    }, 4 * HARD_KILL_MS + 10_000);
  }
});
