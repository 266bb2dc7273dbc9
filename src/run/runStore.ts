/**
 * The run directory (`gfn train --out DIR`, and the extension's runs): the only module that knows its file names.
 *   summary.json   the TrainSummary, written last: a run that has one ended (finished or stopped) cleanly
 *   metrics.jsonl  one TrainProgress per line, appended; a torn last line (kill -9 mid-append) is ignored by readers
 *   flows.json     the last FlowSnapshot       graph.json  the FlowGraph       samples.jsonl  one {key, state} per line
 *   environment.json  {"file"}: the .gfn.ts the run trained, relative to the run directory (written at the start)
 *   model/         the checkpoint: model.json, weights.bin, optimizer.json, optimizer.bin (src/train/checkpoint.ts)
 *   .lock          the process writing the run (src/run/runLock.ts); report.html is what `gfn report` writes by default
 * Every file but metrics.jsonl is replaced atomically (src/run/atomicFile.ts); the checkpoint, several files, as a
 * whole, with its integrity record (src/run/checkpointFiles.ts: its swap, its checks and its readers).
 *
 * Who calls what: the parent of a run (gfn train, the extension) openRunDirectory()s it (the lock, and the refusal
 * of an earlier run); the trainer (src/train/session.ts, in the sandbox) writes through a RunWriter; gfn report and
 * the extension read with the functions at the end, --resume with src/run/checkpointFiles.ts's.
 */
import * as fs from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { appendLine, discard, fileError, fsOps, isTemporaryOf, makeDirectory, readBytes, readJson, removeAll, StoreError, writeFileAtomic } from './atomicFile';
import {
  isCheckpointOf, MODEL_DIR, OLD_MODEL, recoverCheckpoint, removeCheckpoint, trashBeside, TRASH, writeCheckpoint, type CheckpointFiles,
} from './checkpointFiles';
import type { FlowGraph } from '../../shared/flowGraph';
import type { FlowSnapshot } from '../../shared/flowSnapshot';
import type { TrainProgress } from '../../shared/trainProgress';
import type { TrainSummary } from '../../shared/trainSummary';
import { acquireLock, type Lock } from './runLock';

export { StoreError } from './atomicFile';
export { LockedError, type Lock } from './runLock';

export const RUN_FILES = {
  summary: 'summary.json',
  metrics: 'metrics.jsonl',
  flows: 'flows.json',
  graph: 'graph.json',
  samples: 'samples.jsonl',
  report: 'report.html',
  environment: 'environment.json',
} as const;

const LOCK_FILE = '.lock';

export type RunPaths = { dir: string; model: string; lock: string } & { [K in keyof typeof RUN_FILES]: string };

export function runPaths(dir: string): RunPaths {
  const files = Object.fromEntries(Object.entries(RUN_FILES).map(([k, name]) => [k, join(dir, name)])) as { [K in keyof typeof RUN_FILES]: string };
  return { dir, ...files, model: join(dir, MODEL_DIR), lock: join(dir, LOCK_FILE) };
}

const exists = (path: string) => fs.existsSync(path);

/** Names of the files of an earlier run in `dir` (`model/` for a checkpoint); [] for an absent or fresh directory. */
export function earlierRunFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw fileError('read', dir, error);
  }
  const runFiles: string[] = Object.values(RUN_FILES);
  const found = entries.filter((e) => runFiles.includes(e));
  if (entries.includes(MODEL_DIR) || entries.includes(OLD_MODEL)) found.push(`${MODEL_DIR}/`);
  return found;
}

/** The directory holds an earlier run and the caller asked neither to overwrite it nor to resume it. */
export class RunExistsError extends StoreError {
  constructor(
    dir: string,
    readonly files: string[],
  ) {
    super(`${dir} holds an earlier run (${files.join(', ')})`, dir);
  }
}

/**
 * For the parent of a run: creates `dir`, takes its lock (LockedError when a live run holds it) and refuses an earlier
 * run (RunExistsError) unless `overwrite`, or unless `resumeFrom` is its own checkpoint. The RunWriter then replaces
 * the earlier files when the run starts writing. The caller releases the lock once the job has ended.
 */
export function openRunDirectory(dir: string, options: { overwrite?: boolean; resumeFrom?: string } = {}): Lock {
  makeDirectory(dir);
  const lock = acquireLock(runPaths(dir).lock, dir);
  try {
    const earlier = earlierRunFiles(dir);
    if (earlier.length > 0 && !options.overwrite && !isCheckpointOf(dir, options.resumeFrom)) throw new RunExistsError(dir, earlier);
  } catch (error) {
    lock.release();
    throw error;
  }
  return lock;
}

export interface SampleLine {
  key: string;
  state: unknown;
}

/** Writes one run; used by the trainer, under the lock its parent took. */
export class RunWriter {
  readonly paths: RunPaths;

  constructor(readonly dir: string) {
    this.paths = runPaths(dir);
  }

  /**
   * Starts the run: finishes an interrupted checkpoint swap, removes what a killed writer left and the files of an
   * earlier run (its checkpoint too, unless this run resumes from it: it is replaced only by the new one), then writes
   * an empty metrics.jsonl and graph.json. summary.json goes first, so that a kill here leaves no finished-looking run.
   * `environment` is the .gfn.ts being trained: recorded relative to the directory, so that a run folder committed
   * with its environment still names it after a clone elsewhere.
   */
  start(graph: FlowGraph | undefined, keepCheckpoint: boolean, environment?: string): void {
    makeDirectory(this.dir);
    recoverCheckpoint(this.dir);
    const names: string[] = Object.values(RUN_FILES);
    let entries: string[];
    try {
      entries = fs.readdirSync(this.dir);
    } catch (error) {
      throw fileError('read', this.dir, error);
    }
    for (const entry of entries) if (isTemporaryOf(entry, names) || entry.startsWith(TRASH)) removeAll(join(this.dir, entry));
    for (const name of ['summary', 'flows', 'samples', 'report', 'graph', 'environment'] as const) removeAll(this.paths[name]);
    if (!keepCheckpoint) removeCheckpoint(this.dir);
    writeFileAtomic(this.paths.metrics, '');
    if (environment) writeFileAtomic(this.paths.environment, `${JSON.stringify({ file: portable(relative(this.dir, resolve(environment))) })}\n`);
    if (graph) writeFileAtomic(this.paths.graph, JSON.stringify(graph));
  }

  appendProgress(progress: TrainProgress): void {
    appendLine(this.paths.metrics, JSON.stringify(progress));
  }

  writeSamples(samples: SampleLine[]): void {
    writeFileAtomic(this.paths.samples, samples.map((s) => `${JSON.stringify(s)}\n`).join(''));
  }

  writeFlows(snapshot: FlowSnapshot): void {
    writeFileAtomic(this.paths.flows, JSON.stringify(snapshot));
  }

  writeSummary(summary: TrainSummary): void {
    writeFileAtomic(this.paths.summary, JSON.stringify(summary, null, 2));
  }

  /** Replaces model/ as a whole; the previous checkpoint stays in place when any step fails (src/run/checkpointFiles.ts). */
  writeCheckpoint(files: CheckpointFiles): void {
    writeCheckpoint(this.dir, files);
  }
}

/** Forward slashes in the recorded path: the same file reads the same on Windows and elsewhere. */
const portable = (path: string) => path.split(sep).join('/');

// ---------------------------------------------------------------------------------------------------------------
// Readers

/**
 * The JSON values of a line file. A line that is not JSON is an error naming `file:line`, except an unterminated
 * last line when `tornTail`: metrics.jsonl is appended, and a kill in mid-append leaves exactly that.
 */
export function readJsonLines(file: string, tornTail = false): unknown[] {
  const text = readBytes(file).toString('utf8');
  const lines = text.split('\n');
  const values: unknown[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      if (tornTail && i === lines.length - 1) return;
      throw new StoreError(`${file}:${i + 1}: not valid JSON (${(error as Error).message})`, file);
    }
  });
  return values;
}

export { readJson };

/** metrics.jsonl: the progress lines, oldest first; [] when absent. The shape of each line is the caller's check. */
export function readMetrics(dir: string): unknown[] {
  const file = runPaths(dir).metrics;
  return exists(file) ? readJsonLines(file, true) : [];
}

/** samples.jsonl: one {"key", "state"} per line; [] when absent. */
export function readSamples(dir: string): SampleLine[] {
  const file = runPaths(dir).samples;
  if (!exists(file)) return [];
  return readJsonLines(file).map((value, i) => {
    const line = value as { key?: unknown; state?: unknown } | null;
    if (typeof line !== 'object' || line === null || typeof line.key !== 'string') throw new StoreError(`${file}:${i + 1}: expected {"key": ...}`, file);
    return { key: line.key, state: line.state };
  });
}

/** A file of the run directory, or null when it is absent. */
export function readRunJson(dir: string, name: 'summary' | 'flows' | 'graph' | 'environment'): { file: string; value: unknown } | null {
  const file = runPaths(dir)[name];
  return exists(file) ? { file, value: readJson(file) } : null;
}

/** environment.json: the absolute path of the .gfn.ts the run trained; null when the run predates the record. */
export function readEnvironment(dir: string): string | null {
  const found = readRunJson(dir, 'environment');
  if (!found) return null;
  const file = (found.value as { file?: unknown } | null)?.file;
  if (typeof file !== 'string' || file === '') throw new StoreError(`${found.file}: expected {"file": "<path of the .gfn.ts>"}`, found.file);
  return resolve(dir, file);
}

/** When the run ended (summary.json written), else when its directory last changed (a run going on, or killed). */
export function runTime(dir: string): Date {
  for (const path of [runPaths(dir).summary, dir]) {
    try {
      return fs.statSync(path).mtime;
    } catch {
      // Absent: the next candidate.
    }
  }
  return new Date(0);
}

/**
 * Deletes the run directory `dir` as a whole; `inner`: run directories inside it (the runs of a comparison), whose
 * locks must be free too. Refuses (LockedError, naming the process) while a live process holds one of the locks: a
 * run still writing would recreate files in a directory the user meant gone. The directory is renamed out of the
 * way first (one step for readers and file watchers), then removed.
 */
export function removeRun(dir: string, inner: readonly string[] = []): void {
  const locks: Lock[] = [];
  try {
    for (const d of [dir, ...inner]) locks.push(acquireLock(runPaths(d).lock, d));
    const trash = trashBeside(dir, `${basename(resolve(dir))}.`);
    try {
      fsOps.renameSync(dir, trash);
    } catch (error) {
      throw fileError('remove', dir, error);
    }
    discard(trash);
  } finally {
    // The locks went with the directory; release() only forgets them (or frees those taken before a refusal).
    for (const lock of locks) lock.release();
  }
}
