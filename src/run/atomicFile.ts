/**
 * Durable, all-or-nothing file writes for the run directory (src/run/runStore.ts owns the names; this file knows none).
 * A file is written to a temporary sibling, fsync'd and renamed over its target: rename(2) within one directory is
 * atomic, so a reader sees the old content or the new, never a torn file, whether the writer is killed (kill -9), the
 * disk fills up or the power fails (the fsyncs make the data and the rename durable before anyone relies on them).
 * Every failure becomes a StoreError naming the file and the cause: `cannot write /x/summary.json: no space left on
 * device (ENOSPC)`, never a stack trace.
 */
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The file system calls that can fail while writing. Tests replace them to inject faults (ENOSPC, EROFS, EACCES)
 * that a real disk cannot be made to produce on demand, and that chmod cannot produce when the tests run as root.
 */
export const fsOps = {
  openSync: fs.openSync,
  writeSync: fs.writeSync as (fd: number, buffer: Uint8Array, offset: number, length: number) => number,
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  mkdirSync: fs.mkdirSync,
  appendFileSync: fs.appendFileSync,
  linkSync: fs.linkSync,
};

/** A problem with a file of a run, for the user: the message names the file and the cause. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'file exists',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EBUSY: 'resource busy or locked',
};

/** `no space left on device (ENOSPC)`; Node's own text (without the syscall and path) for other codes. */
export function describeCause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string') {
    const text = CAUSES[code] ?? message.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+ '.*'$/, '').replace(/, \w+$/, '');
    return `${text} (${code})`;
  }
  return message;
}

export function fileError(verb: 'read' | 'write' | 'create' | 'remove', file: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreError(`cannot ${verb} ${file}: ${describeCause(error)}`, file, (error as NodeJS.ErrnoException | null)?.code);
}

/** Writes `data` to `file` (flags 'wx': the file must not exist) and fsyncs it; raw errors, the caller names the file. */
export function writeDurable(file: string, data: string | Uint8Array, flags = 'wx'): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const fd = fsOps.openSync(file, flags, 0o644);
  let closed = false;
  try {
    for (let offset = 0; offset < bytes.length; ) offset += fsOps.writeSync(fd, bytes, offset, bytes.length - offset);
    fsOps.fsyncSync(fd);
    closed = true;
    fsOps.closeSync(fd);
  } finally {
    if (!closed) fs.closeSync(fd);
  }
}

/** Makes renames and new entries in `dir` durable; some platforms (Windows) cannot fsync a directory: best effort. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Nothing to do: the rename is still atomic, only its durability across a power failure is not guaranteed.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

let counter = 0;

/** `.NAME.PID.N.tmp` beside the target: same directory (rename is atomic only there), hidden, never a run file. */
export function temporarySibling(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${counter++}.tmp`);
}

/** True for a name temporarySibling gave to one of `names`: leftovers of a killed writer, removed by the next one. */
export function isTemporaryOf(entry: string, names: readonly string[]): boolean {
  const m = /^\.(.+)\.\d+\.\d+\.tmp$/.exec(entry);
  return m !== null && names.includes(m[1]);
}

/** Removes what a failed write left, if it can: the error that matters is the write's, not this one's. */
export function discard(path: string): void {
  try {
    fs.rmSync(path, { recursive: true, force: true });
  } catch {
    // Left behind: a later writer's start() removes temporary files.
  }
}

/** Read once, when the writer's process starts: the user code it later runs cannot set it. */
const STALL_BEFORE_PUBLISHING = process.env.GFN_TEST_STALL_WRITE;
/** Shorter than the sandbox host's engine watchdog (30 s), which would stop a stalled train job first. */
const STALL_MS = 20_000;

/**
 * A test hook: with GFN_TEST_STALL_WRITE=NAME in the environment, the write of the run's NAME (`summary.json`,
 * `flows.json`, `samples.jsonl`; `model` for the checkpoint, between its two renames) stops for up to STALL_MS just
 * before the rename that publishes it. test/integration/run/kill.test.ts sends its SIGKILL when the temporary entry appears:
 * without the stall, a loaded machine finished the write (and the run) before the signal arrived.
 */
export function stallBeforePublishing(name: string): void {
  if (STALL_BEFORE_PUBLISHING === name) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, STALL_MS);
}

/** Replaces `file` with `data` atomically: the old content stays in place when anything fails. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const temporary = temporarySibling(file);
  try {
    writeDurable(temporary, data);
    stallBeforePublishing(basename(file));
    fsOps.renameSync(temporary, file);
  } catch (error) {
    discard(temporary);
    throw fileError('write', file, error);
  }
  syncDirectory(dirname(file));
}

/** Appends one line; a kill during the append can leave it torn, which the readers of line files tolerate. */
export function appendLine(file: string, line: string): void {
  try {
    fsOps.appendFileSync(file, `${line}\n`);
  } catch (error) {
    throw fileError('write', file, error);
  }
}

export function makeDirectory(dir: string): void {
  try {
    fsOps.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw fileError('create', dir, error);
  }
}

export function removeAll(path: string): void {
  try {
    fs.rmSync(path, { recursive: true, force: true });
  } catch (error) {
    throw fileError('remove', path, error);
  }
}

export function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw fileError('read', file, error);
  }
}

/** JSON.parse with a message naming the file; `truncated` when the text ends before the value does. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const truncated = text.trim() === '' || /end of JSON|Unterminated/i.test(message);
    throw new StoreError(`${file}: ${truncated ? 'truncated JSON' : 'not valid JSON'} (${message})`, file);
  }
}

export function readJson(file: string): unknown {
  return parseJson(readBytes(file).toString('utf8'), file);
}
