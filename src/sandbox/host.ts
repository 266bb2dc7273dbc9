/**
 * The sandbox host: runs one job (validate or train a `.gfn.ts`) in a sandbox process (src/sandbox/child.ts), the
 * only place user code runs. The CLI, the extension and the tests use it.
 *
 * The host compiles the file (no user code runs in esbuild), starts or takes a process (src/sandbox/process.ts),
 * sends the job, and owns the watchdog: from the ticks of the process's watchdog thread it stops (SIGKILL) a user
 * call that runs past the time limit, a process whose resident memory passes the limit (ArrayBuffers included;
 * the JS heap has its own limit, --max-old-space-size), and a process that stops ticking. A process that ends on
 * its own (process.exit, a signal, V8's heap limit) becomes a diagnostic. Results count only from a process the
 * host ended itself after the job said it was over: until then they are held back.
 *
 * API:
 * - `runSandboxJob(request, options)`: forwards every FromSandbox message to `options.onMessage`, resolves when the
 *   process has exited. It never rejects for user errors (compile errors, exceptions, hangs, memory, exits): they
 *   arrive as messages (`validated` with diagnostics, or `error` with diagnostics for a train job). It rejects only
 *   when the process cannot start. `options.signal` cancels: a train job is asked to stop (it then saves and posts
 *   `done` with `cancelled: true`) and is killed if it does not stop within a grace period; other jobs are killed.
 * - `validateFile(file, options)`: the ValidationResult of a file (or of unsaved `contents` standing for it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile } from '../authoring/compile';
import { functionLocation, whoRan } from '../userCode/failures';
import { outlineCompiled, type SourceOutline } from '../authoring/locate';
import type { Diagnostic, ValidationResult } from '../../shared/diagnostics';
import type { FlowGraph } from '../../shared/flowGraph';
import type { FromSandbox, ToSandbox } from '../../shared/protocol';
import type { SandboxFrame, SandboxRequest } from './child';
import { SandboxPool, SandboxProcess } from './process';
import { nameOf, type GuardedName } from '../userCode/slots';
import { RSS_HEADROOM_MB, Watchdog, type CallMemory, type Stop } from './watchdog';
import { DEFAULT_CALL_TIME_LIMIT_MS, DEFAULT_MEMORY_LIMIT_MB } from './limits';
import { optionRef, type OptionNamer } from '../../shared/optionRefs';
import { wordMessage } from './wordMessage';

export { SandboxPool } from './process';

export { DEFAULT_CALL_TIME_LIMIT_MS, DEFAULT_MEMORY_LIMIT_MB } from './limits';
/** How long a cancelled train job may take to save and post its final message before it is killed. */
const CANCEL_GRACE_MS = 5000;

export interface SandboxOptions {
  onMessage(message: FromSandbox): void;
  /** Longest a single call of a user function (or the file's top-level code) may run. Default 2000 ms. */
  callTimeLimitMs?: number;
  /** The sandbox's heap limit; resident memory may exceed it by RSS_HEADROOM_MB. Default 2048 MB. */
  memoryLimitMb?: number;
  /** dist/sandbox-worker.js by default. */
  workerPath?: string;
  /** Reuse a process started ahead of time (the extension's validations). */
  pool?: SandboxPool;
  signal?: AbortSignal;
  /**
   * How the caller's users know an option, by its key: engine messages name options by key (shared/optionRefs.ts)
   * and are worded with this before `onMessage` sees them ('--lr' in the CLI, a setting in the extension).
   */
  nameOption?: OptionNamer;
}

/** The built sandbox script: beside the running bundle (dist/), or dist/ of the repository when running from src/. */
export function defaultWorkerPath(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [path.join(here, 'sandbox-worker.js'), path.resolve(here, '../../dist/sandbox-worker.js')];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
}

/**
 * Validate jobs run in dist/sandbox-validate-worker.js when it sits beside the full script: the same job without
 * TensorFlow.js in the bundle, so a validation (one per pause in typing) starts faster. Train jobs need the full one.
 */
export function workerFor(request: ToSandbox, fullWorkerPath: string): string {
  if (request.type !== 'validate') return fullWorkerPath;
  const light = path.join(path.dirname(fullWorkerPath), 'sandbox-validate-worker.js');
  return path.basename(fullWorkerPath) === 'sandbox-worker.js' && fs.existsSync(light) ? light : fullWorkerPath;
}


/** Messages that are results: held back until the host has ended the process. */
const RESULTS: ReadonlySet<string> = new Set(['validated', 'done', 'error']);

export async function runSandboxJob(request: ToSandbox, given: SandboxOptions): Promise<void> {
  const name = given.nameOption ?? (() => undefined);
  const options: SandboxOptions = { ...given, onMessage: (m) => given.onMessage(wordMessage(m, name)) };
  if (request.type === 'cancel') return;
  const timeLimit = options.callTimeLimitMs ?? DEFAULT_CALL_TIME_LIMIT_MS;
  const memoryLimit = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  const script = workerFor(request, options.workerPath ?? defaultWorkerPath());
  if (!fs.existsSync(script)) throw new Error(`the sandbox ${script} does not exist: run \`npm run build\` first`);

  const compiled = await compileFile(request.file, request.type === 'validate' ? request.contents : undefined);
  if (!compiled.ok) {
    const diagnostics = compiled.diagnostics;
    if (request.type === 'validate') options.onMessage({ type: 'validated', result: { ok: false, summary: null, diagnostics } });
    else options.onMessage({ type: 'error', message: `the environment does not compile (line ${diagnostics[0]?.line}: ${diagnostics[0]?.message})`, diagnostics });
    return;
  }
  const outline = outlineCompiled(compiled.compiled);
  const sandbox = options.pool ? options.pool.take(script, memoryLimit) : new SandboxProcess(script, memoryLimit);
  const held: FromSandbox[] = [];
  let over = false;
  let stop: Stop | undefined;
  let exiting: Extract<SandboxFrame, { type: 'exiting' }> | undefined;
  const end = (why?: Stop) => {
    stop ??= why;
    sandbox.kill();
  };

  const onFrame = (frame: SandboxFrame) => {
    if (frame.type === 'end') {
      over = true;
      end();
    } else if (frame.type === 'exiting') exiting = frame;
    else if (RESULTS.has(frame.type) || (request.type === 'validate' && frame.type === 'graph')) held.push(frame);
    else options.onMessage(frame);
  };
  const payload: SandboxRequest = { job: request, compiled: compiled.compiled };
  sandbox.start(payload, onFrame, (line) => options.onMessage({ type: 'log', message: line }));

  // The watchdog: the process's watchdog thread ticks every few ms; the decisions are taken here (watchdog.ts).
  const watch = new Watchdog({ callTimeLimitMs: timeLimit, memoryLimitMb: memoryLimit }, Date.now());
  const watchdog = setInterval(() => {
    if (over || stop) return;
    const why = watch.check(sandbox.latestTick, sandbox.lastTickAt, Date.now());
    if (why) end(why);
  }, Math.max(10, Math.min(50, timeLimit / 4)));

  const onAbort = () => {
    if (request.type === 'train') {
      sandbox.cancel();
      setTimeout(() => end({ kind: 'cancelled' }), CANCEL_GRACE_MS).unref();
    } else end({ kind: 'cancelled' });
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const exit = await sandbox.exited;
  clearInterval(watchdog);
  options.signal?.removeEventListener('abort', onAbort);
  if (options.pool && !options.signal?.aborted) options.pool.prepare(script, memoryLimit);

  if (over) {
    for (const message of held) options.onMessage(message);
    return;
  }
  if (stop?.kind === 'cancelled') {
    if (request.type === 'train') options.onMessage({ type: 'error', message: 'training was cancelled and did not stop in time: it was ended' });
    return;
  }
  const lastRunning = nameOf(sandbox.latestTick?.running ?? 0);
  const diagnostic = stopDiagnostic(outline, stop, exiting, exit, { stderr: sandbox.stderrTail, lastRunning }, timeLimit, memoryLimit);
  if (request.type === 'validate') options.onMessage({ type: 'validated', result: { ok: false, summary: null, diagnostics: [diagnostic] } });
  else options.onMessage({ type: 'error', message: diagnostic.message, diagnostics: [diagnostic] });
}

/** The diagnostic for a process the watchdog stopped, or that ended on its own, placed at the function that ran. */
function stopDiagnostic(
  outline: SourceOutline,
  stop: Exclude<Stop, { kind: 'cancelled' }> | undefined,
  exiting: Extract<SandboxFrame, { type: 'exiting' }> | undefined,
  exit: { code: number | null; signal: NodeJS.Signals | null },
  last: { stderr: string; lastRunning: GuardedName | undefined },
  timeLimit: number,
  memoryLimit: number,
): Diagnostic {
  const at = (fn: GuardedName | undefined) => functionLocation(outline, fn);
  if (stop?.kind === 'time') {
    return {
      severity: 'error',
      code: 'time-limit',
      ...at(stop.fn),
      message: `${whoRan(stop.fn)} ran longer than the time limit of ${timeLimit} ms for one call and was stopped (${memoryDuring(stop.memory)}): look for an infinite loop, or make it faster`,
    };
  }
  if (stop?.kind === 'unresponsive') {
    return {
      severity: 'error',
      code: 'time-limit',
      ...at(stop.fn),
      message: `the sandbox stopped responding for ${Math.round(stop.silentMs / 1000)} s while ${whoRan(stop.fn)} ran and was stopped: look for a loop outside the environment's functions (a timer or a promise callback)`,
    };
  }
  const heapDeath = /heap limit|heap out of memory|Allocation failed/i.test(last.stderr);
  if (stop?.kind === 'memory' || heapDeath) {
    const fn = stop?.kind === 'memory' ? stop.fn : last.lastRunning;
    const what =
      stop?.kind !== 'memory'
        ? `ran out of memory (limit ${memoryLimit} MB)`
        : stop.during
          ? `was stopped after ${stop.during.ms} ms (the time limit of one call is ${timeLimit} ms) while it filled memory (${memoryDuring(stop.during)}; the heap limit is ${memoryLimit} MB)`
          : `used ${stop.rssMb} MB of memory (limit ${memoryLimit + RSS_HEADROOM_MB} MB in all, buffers included)`;
    return {
      severity: 'error',
      code: 'memory-limit',
      ...at(fn),
      message: `${fn ? whoRan(fn) : 'the sandbox'} ${what}${stop?.kind === 'memory' && stop.during ? '' : ' and was stopped'}: look for unbounded growth${fn === undefined ? `, or lower the state budget (${optionRef('maxStates')})` : ''}`,
    };
  }
  if (exiting) {
    return {
      severity: 'error',
      code: 'process-exit',
      ...(exiting.where ?? at(exiting.fn)),
      message: `${whoRan(exiting.fn)} ended the sandbox process with process.exit(${exiting.code}): an environment must not exit; throw an Error to report a problem`,
    };
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return {
    severity: 'error',
    code: 'process-exit',
    ...at(last.lastRunning),
    message: `the sandbox process ${how} before the job was over, while ${whoRan(last.lastRunning)} ran (did the file end its own process?)`,
  };
}

/** What the memory did during a stopped call, as measured: "its memory grew by 230 MB, from 80 to 310 MB". */
function memoryDuring(memory: CallMemory): string {
  const grew = memory.toMb - memory.fromMb;
  if (grew > 0) return `its memory grew by ${grew} MB, from ${memory.fromMb} to ${memory.toMb} MB`;
  return `its memory stayed at ${memory.toMb} MB`;
}

export interface ValidateFileOptions {
  maxStates?: number;
  callTimeLimitMs?: number;
  memoryLimitMb?: number;
  /** Unsaved editor text to validate instead of the file's content (relative imports resolve beside `file`). */
  contents?: string;
  /** Also build the flow graph with exact flows (when the file has no error). */
  graph?: boolean;
  workerPath?: string;
  pool?: SandboxPool;
  signal?: AbortSignal;
  /**
   * How the caller's users know an option, by its key: engine messages name options by key (shared/optionRefs.ts)
   * and are worded with this before `onMessage` sees them ('--lr' in the CLI, a setting in the extension).
   */
  nameOption?: OptionNamer;
}

export interface Validation {
  result: ValidationResult;
  /** Present when asked for and the file has no error. */
  graph?: FlowGraph;
}

/**
 * Validates a `.gfn.ts` in the sandbox and collects what the job sends: the one place results of a validate job are
 * gathered. Resolves with the diagnostics for every user error; rejects only when the sandbox itself fails (script
 * missing, engine bug) or when cancelled through `signal`.
 */
export async function validateWithGraph(file: string, options: ValidateFileOptions = {}): Promise<Validation> {
  let result: ValidationResult | undefined;
  let graph: FlowGraph | undefined;
  let failure: string | undefined;
  await runSandboxJob(
    { type: 'validate', file: path.resolve(file), maxStates: options.maxStates, contents: options.contents, graph: options.graph },
    {
      callTimeLimitMs: options.callTimeLimitMs,
      memoryLimitMb: options.memoryLimitMb,
      workerPath: options.workerPath,
      pool: options.pool,
      signal: options.signal,
      nameOption: options.nameOption,
      onMessage: (m) => {
        if (m.type === 'validated') result = m.result;
        else if (m.type === 'graph') graph = m.graph;
        else if (m.type === 'error') failure = m.message;
      },
    },
  );
  if (result) return { result, ...(graph ? { graph } : {}) };
  if (options.signal?.aborted) throw new Error('validation cancelled');
  throw new Error(failure ?? 'the sandbox finished without a result');
}

/** The ValidationResult of a `.gfn.ts` (see validateWithGraph). */
export async function validateFile(file: string, options: ValidateFileOptions = {}): Promise<ValidationResult> {
  return (await validateWithGraph(file, { ...options, graph: false })).result;
}
