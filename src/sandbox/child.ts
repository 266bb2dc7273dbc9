/**
 * The sandbox process: a child process of the host (src/sandbox/host.ts), the only place user code runs. One
 * process runs one job and is then ended by the host, whatever user code left behind (timers, workers, handles).
 *
 * Channels (all set up before user code loads, with builtins captured now, so user code cannot take them over):
 * - fd 0: the host's lines: the job (one JSON line), then `cancel`. End of input means the host is gone: exit.
 * - fd 3: the engine's messages to the host, one JSON line each, prefixed with a token the host gave in the
 *   environment (GFN_SANDBOX_TOKEN, removed before user code runs): a line user code writes there is not taken.
 * - fd 4: the watchdog thread's ticks (heartbeat, running user function, resident memory), from the job's start.
 * - fd 1 and 2: whatever user code prints; the host forwards it as logs, so it never reaches a CLI's stdout.
 */
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { CompiledFile } from '../authoring/compile';
import type { FromSandbox, ToSandbox } from '../../shared/protocol';
import type { SourceLocation } from '../../shared/diagnostics';
import { Guard } from '../userCode/guard';
import { CANCEL, RUNNING, STARTED, createSharedState, nameOf, type GuardedName } from '../userCode/slots';

export const FRAME_FD = 3;
export const TICK_FD = 4;
export const TICK_MS = 25;

/** What the host sends: the job and the file it compiled. */
export interface SandboxRequest {
  job: Exclude<ToSandbox, { type: 'cancel' }>;
  compiled: CompiledFile;
}

/** What the sandbox tells the host besides the engine's messages. */
export type SandboxFrame =
  | FromSandbox
  /** The job is over: the host ends the process and only then takes its results. */
  | { type: 'end' }
  /** The process is exiting although the job is not over (process.exit reached past the guard). */
  | { type: 'exiting'; fn?: GuardedName; code: number; where?: SourceLocation };

export interface ChildContext {
  guard: Guard;
  post: (message: FromSandbox) => void;
  /**
   * Says the job is over. Jobs call it right after their last message, synchronously: callbacks user code queued
   * (an async function's continuation) would otherwise run first and could hold the result back.
   */
  end: () => void;
  /** Where an exit during the job happened, when the job knows how to map a stack (set once the file is loaded). */
  locateExit?: (stack: string | undefined) => SourceLocation | undefined;
}

// Captured before any user code exists.
const writeSync = fs.writeSync;
const stringify = JSON.stringify;
// reallyExit skips 'exit' listeners (ours would report an exit of user code) and cannot be replaced by user code later.
const internal = process as NodeJS.Process & { reallyExit?: (code: number) => never };
const exitNow: (code: number) => never = internal.reallyExit ? internal.reallyExit.bind(process) : process.exit.bind(process);
const token = process.env.GFN_SANDBOX_TOKEN ?? '';
delete process.env.GFN_SANDBOX_TOKEN;

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      // The host is gone: nobody is left to report to.
      exitNow(1);
    }
  }
}

/** A frame starts on a line of its own: whatever user code wrote on fd 3 without a newline stays on its own line. */
function frame(message: SandboxFrame): void {
  writeAll(FRAME_FD, `\n${token} ${stringify(message)}\n`);
}

/**
 * The watchdog thread: from the job's start, every TICK_MS, the heartbeat, the running user function and the
 * resident memory (which counts ArrayBuffers, unlike the heap limit) go to the host, which decides. It also ends
 * the process when the host is gone (orphaned: the parent pid changed), even while the main thread is stuck.
 */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { shared, token, fd, tickMs, ppid, startedSlot } = workerData;
const slots = new Int32Array(shared);
Atomics.wait(slots, startedSlot, 0);
// The sandbox leads its own process group: take what user code started along.
const kill = () => { try { process.kill(-process.pid, 'SIGKILL'); } catch {} process.kill(process.pid, 'SIGKILL'); };
setInterval(() => {
  if (process.ppid !== ppid) kill();
  try {
    fs.writeSync(fd, '\\n' + token + ' ' + Atomics.load(slots, 0) + ' ' + Atomics.load(slots, 1) + ' ' + process.memoryUsage.rss() + '\\n');
  } catch (error) {
    if (error.code !== 'EAGAIN') kill();
  }
}, tickMs);
`;

export function startSandbox(runJob: (request: SandboxRequest, ctx: ChildContext) => Promise<void>): void {
  const shared = createSharedState();
  const slots = new Int32Array(shared);
  const guard = new Guard(shared);
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { shared, token, fd: TICK_FD, tickMs: TICK_MS, ppid: process.ppid, startedSlot: STARTED } });
  watchdog.unref();
  let over = false;
  const ctx: ChildContext = {
    guard,
    post: (m) => frame(m),
    end: () => {
      if (over) return;
      over = true;
      frame({ type: 'end' });
    },
  };

  // Ctrl+C in a terminal, or a SIGTERM to the process group (systemd, kill -- -PGID), reaches the sandbox too: only
  // the host decides (it sends `cancel`, and a train job saves). The host ends it with SIGKILL, which cannot be caught.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  process.on('unhandledRejection', () => undefined);
  process.on('uncaughtException', (error) => {
    ctx.post({ type: 'log', message: `uncaught in the sandbox: ${error instanceof Error ? error.message : String(error)}` });
  });
  process.on('exit', (code) => {
    if (over) return;
    // process.exit reached past the guard (e.g. through an object of this realm): say where, while the stack is here.
    const fn = nameOf(Atomics.load(slots, RUNNING));
    const where = ctx.locateExit?.(new Error('exit').stack);
    frame({ type: 'exiting', fn, code: typeof code === 'number' ? code : 0, ...(where ? { where } : {}) });
  });

  let buffered = '';
  let started = false;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      if (line === 'cancel') Atomics.store(slots, CANCEL, 1);
      else if (!started) {
        started = true;
        Atomics.store(slots, STARTED, 1);
        Atomics.notify(slots, STARTED);
        run(JSON.parse(line) as SandboxRequest);
      }
    }
  });
  process.stdin.on('end', () => {
    over = true;
    exitNow(0);
  });

  const run = (request: SandboxRequest) => {
    runJob(request, ctx)
      .catch((error: unknown) => {
        // Only engine bugs get here: user failures are diagnostics.
        const detail = process.env.GFN_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
        ctx.post({ type: 'error', message: `internal error in the sandbox: ${error instanceof Error ? error.message : String(error)}${detail}` });
      })
      .finally(() => ctx.end());
  };
}
