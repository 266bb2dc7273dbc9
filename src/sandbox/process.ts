/**
 * One sandbox process as the host sees it: spawned with a heap limit, its channels read line by line (see
 * src/sandbox/child.ts), killed with SIGKILL, which nothing in it can refuse. A SandboxPool keeps one process
 * started ahead of time, so that a validation in the editor does not wait for Node to start; each process still
 * runs a single job and is ended after it, so nothing one validation's user code did survives into the next.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { SandboxFrame } from './child';

export interface Tick {
  beat: number;
  running: number;
  rssBytes: number;
}

/** Output lines of user code are cut here: a flood without a newline must not fill the host's memory. */
const MAX_OUTPUT_LINE = 64 * 1024;

interface LineOptions {
  /** Lines longer than this keep their first `maxLength` characters; the rest up to the newline is dropped. */
  maxLength?: number;
  /** Only lines starting with this are kept: anything else is dropped as it arrives, never buffered. */
  prefix?: string;
  /** Called for each dropped line (not starting with `prefix`). */
  onDropped?: () => void;
}

/**
 * Splits a stream into lines without quadratic copying (a flow graph line can be tens of MB) and without buffering
 * what is to be dropped: lines without the expected prefix, and the tail of over-long lines.
 */
function onLines(stream: Readable, onLine: (line: string) => void, options: LineOptions = {}): void {
  const { maxLength = Infinity, prefix = '' } = options;
  let pending: string[] = [];
  let length = 0;
  /** The current line is being dropped (wrong prefix) or cut (too long). */
  let dropping = false;
  let cut = false;
  const take = (piece: string) => {
    if (dropping || cut) return;
    if (length < prefix.length) {
      const head = (pending.join('') + piece).slice(0, prefix.length);
      if (!prefix.startsWith(head.slice(0, Math.min(head.length, prefix.length)))) {
        dropping = true;
        pending = [];
        return;
      }
    }
    const room = maxLength - length;
    if (piece.length > room) {
      piece = piece.slice(0, room);
      cut = true;
    }
    pending.push(piece);
    length += piece.length;
  };
  const finish = () => {
    if (length === 0 && !dropping) return; // empty lines separate frames: nothing to report
    const wasDropped = dropping;
    const line = pending.join('');
    pending = [];
    length = 0;
    dropping = false;
    cut = false;
    if (wasDropped) options.onDropped?.();
    else onLine(line);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      take(chunk.slice(start, newline));
      finish();
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) take(chunk.slice(start));
  });
  stream.on('end', () => {
    if (length > 0 || dropping) finish();
  });
  stream.on('error', () => undefined);
}

export class SandboxProcess {
  readonly child: ChildProcess;
  readonly memoryLimitMb: number;
  readonly script: string;
  private readonly token = randomBytes(16).toString('hex');
  latestTick: Tick | undefined;
  lastTickAt = 0;
  /** Lines on the engine's channels without the token: written by user code, never taken as messages. */
  forged = 0;
  /** The last lines of stderr, kept to tell a V8 heap-limit death from other deaths. */
  stderrTail = '';
  private frameListener: ((frame: SandboxFrame) => void) | undefined;
  private outputListener: ((line: string) => void) | undefined;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitedNow = false;

  constructor(script: string, memoryLimitMb: number) {
    this.script = script;
    this.memoryLimitMb = memoryLimitMb;
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', GFN_SANDBOX_TOKEN: this.token };
    // The host's own Node options (an inspector, a loader of a test runner) are not the sandbox's.
    delete env.NODE_OPTIONS;
    // A process group of its own (POSIX): killing the group also ends what user code started (a shell, a sleep).
    this.child = spawn(process.execPath, [`--max-old-space-size=${memoryLimitMb}`, script], {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      env,
      windowsHide: true,
      detached: process.platform !== 'win32',
    });
    this.exited = new Promise((resolve) => {
      // 'exit' may come before the last lines of fd 3 are read; 'close' comes after every stdio stream ended, unless
      // something user code started still holds one open: then give the streams a moment, no more.
      this.child.on('exit', (code, signal) => {
        this.exitedNow = true;
        const settle = () => resolve({ code, signal });
        this.child.once('close', settle);
        setTimeout(settle, 1000).unref();
      });
      this.child.on('error', () => {
        this.exitedNow = true;
        resolve({ code: null, signal: null });
      });
    });
    const prefix = `${this.token} `;
    const [stdin, stdout, stderr, frames, ticks] = this.child.stdio as [Writable, Readable, Readable, Readable, Readable];
    stdin.on('error', () => undefined);
    const forged = () => void this.forged++;
    onLines(
      frames,
      (line) => {
        let frame: SandboxFrame;
        try {
          frame = JSON.parse(line.slice(prefix.length)) as SandboxFrame;
        } catch {
          return forged();
        }
        this.frameListener?.(frame);
      },
      { prefix, onDropped: forged },
    );
    onLines(
      ticks,
      (line) => {
        const fields = line.slice(prefix.length).split(' ');
        // A process killed while its watchdog wrote leaves a cut last line ("12 " would read as running = 0, the engine).
        if (fields.length !== 3 || fields.some((f) => f === '' || !Number.isFinite(Number(f)))) return;
        const [beat, running, rss] = fields.map(Number);
        this.latestTick = { beat, running, rssBytes: rss };
        this.lastTickAt = Date.now();
      },
      { prefix, maxLength: 200, onDropped: forged },
    );
    const output = (line: string) => this.outputListener?.(line);
    onLines(stdout, output, { maxLength: MAX_OUTPUT_LINE });
    onLines(
      stderr,
      (line) => {
        this.stderrTail = `${this.stderrTail}\n${line}`.slice(-4000);
        output(line);
      },
      { maxLength: MAX_OUTPUT_LINE },
    );
  }

  get alive(): boolean {
    return !this.exitedNow;
  }

  /** Starts the job: from now on frames and output go to the listeners. */
  start(request: unknown, onFrame: (frame: SandboxFrame) => void, onOutput: (line: string) => void): void {
    this.frameListener = onFrame;
    this.outputListener = onOutput;
    this.child.stdin?.write(`${JSON.stringify(request)}\n`);
  }

  cancel(): void {
    this.child.stdin?.write('cancel\n');
  }

  kill(): void {
    if (this.exitedNow) return;
    try {
      if (process.platform !== 'win32' && this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
      else this.child.kill('SIGKILL');
    } catch {
      try {
        this.child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** One spare process per script and memory limit, started ahead of the next job. Dispose it with the host. */
export class SandboxPool {
  private spare: SandboxProcess | undefined;
  private disposed = false;

  /** A process for `script`: the spare when it fits, else a new one. A new spare is started for the next job. */
  take(script: string, memoryLimitMb: number): SandboxProcess {
    let chosen = this.spare;
    this.spare = undefined;
    if (!chosen || !chosen.alive || chosen.script !== script || chosen.memoryLimitMb !== memoryLimitMb) {
      chosen?.kill();
      chosen = new SandboxProcess(script, memoryLimitMb);
    }
    return chosen;
  }

  /** Starts the spare for the next job (after a job, so it does not compete with the one running). */
  prepare(script: string, memoryLimitMb: number): void {
    if (this.disposed || (this.spare?.alive && this.spare.script === script && this.spare.memoryLimitMb === memoryLimitMb)) return;
    this.spare?.kill();
    this.spare = new SandboxProcess(script, memoryLimitMb);
  }

  dispose(): void {
    this.disposed = true;
    this.spare?.kill();
    this.spare = undefined;
  }
}
