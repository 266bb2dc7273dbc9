/**
 * The hostile corpus (test/hostile/*.gfn.ts) through the real CLI, as a user runs it:
 * `node dist/cli.js validate FILE --json --time-limit 500 --memory-limit 256`, two files at a time.
 *
 * Every file, whatever it does (exits the process, loops, exhausts memory, throws non-errors, forges results,
 * writes to fd 1, tampers with globals), must give: stdout that is exactly one JSON object {ok, summary,
 * diagnostics}; no stack trace and no "internal error" in stdout, stderr or any message; every diagnostic message
 * at most 2,000 characters; `ok` consistent with the diagnostics and the exit code; the whole process tree gone
 * with the CLI (a hang is killed by the test after HANG_MS beyond the time limit and fails it; no bound on how fast a run is: a slow
 * or loaded machine must pass). Then each file has its own expectation in CASES (hostile/cases.ts):
 * - `diagnostic()`: exit code 1 and a diagnostic with the code of the file's one `// expect: <code>` marker, on
 *   the marker's line (found by a plain text search, not by the engine);
 * - `result(...)`: the normal result computed by hand (exit code, every summary field, log Z within 1e-9, the
 *   exact list of diagnostic codes); a marker, when present, is checked too.
 *
 * Run: `npm run build && npx vitest run test/integration/sandbox/hostile.test.ts`. With HOSTILE_REPORT=out.json, one record per
 * file (exit code, time, problems, the start of stdout and stderr) is written there at the end.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASES, type Expectation } from './hostile/cases';

const root = path.join(__dirname, '../../..');
const corpus = path.join(root, 'test/hostile');
const cli = path.join(root, 'dist/cli.js');

/**
 * The test kills the CLI's process group after this beyond the call time limit: a hang fails the test, it does not
 * stall the suite. Far above the longest legitimate run (the host ends a silent sandbox after 10 s plus the limit).
 */
const HANG_MS = 45_000;
/** After the CLI exits, a process that still holds its stdout/stderr gets this long before the pipes are cut. */
const PIPE_GRACE_MS = 2_000;
const MAX_MESSAGE = 2_000;
/** stdout/stderr kept per run (a flood that leaks must not exhaust the test's memory). */
const MAX_CAPTURE = 32 << 20;
const CONCURRENCY = 2;

// ---------------------------------------------------------------------------------------------------------------
// The corpus as text: markers found by a plain search.

const MARKER = /\/\/ expect: ([a-z][a-z-]*)\s*$/;
/** The codes a marker may name. */
const CODES = ['process-exit', 'time-limit', 'memory-limit', 'user-exception', 'unidentifiable-state', 'async-function', 'invalid-reward', 'zero-reward', 'cycle', 'nondeterministic-step'];

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

function runCli(file: string, timeLimitMs = 500): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, 'validate', path.join(corpus, file), '--json', '--time-limit', String(timeLimitMs), '--memory-limit', '256'], {
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
    }, HANG_MS + timeLimitMs);
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
    const finish = async () => {
      clearTimeout(hardKill);
      if (pipeTimer) clearTimeout(pipeTimer);
      // A killed sandbox may take a moment to be reaped; then anything left in the group is a leak.
      let leftovers: string[];
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
    };
    child.on('close', () => void finish().catch(reject));
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
  if (run.killed) problems.push(`hung: killed by the test after ${run.totalMs} ms`);
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
    }, 4 * HANG_MS);
  }
});

/**
 * Memory is told from time by what was measured, not by which limit fired first: at a call limit of 500 ms a slow
 * machine stops a hoarding call before its heap is full, at 5,000 ms the heap or the resident limit ends it first.
 * Both must say memory-limit for the memory files, and time-limit for loops (with the memory they measured).
 */
describe.concurrent('memory against time, at --time-limit 500 and 5000', () => {
  const memoryFiles = files.filter((f) => f.startsWith('mem-'));
  const loops = ['loop-step.gfn.ts', 'loop-garbage.gfn.ts'];
  it('covers the seven memory files', () => {
    expect(memoryFiles).toHaveLength(7);
  });
  for (const file of [...memoryFiles, ...loops]) {
    const [marker] = markersOf(file);
    it(`${file}: ${marker.code} at 5000 ms, with what was measured`, async () => {
      const run = await limited(() => runCli(file, 5000));
      const problems = checkRun(run, CASES[file], marker);
      const report = JSON.parse(run.stdout || '{}') as Partial<Report>;
      for (const d of report.diagnostics ?? []) {
        if (d.code === 'time-limit' && !/its memory (stayed at|grew by) \d+ MB/.test(d.message)) problems.push(`time-limit without the memory measured: ${d.message}`);
        if (d.code === 'memory-limit' && !/\d+ MB/.test(d.message)) problems.push(`memory-limit without a figure: ${d.message}`);
      }
      expect(problems, actual(run)).toEqual([]);
    }, 4 * HANG_MS);
  }
});
