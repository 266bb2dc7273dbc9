/**
 * One writer per run directory. The lock file holds the owner: the process that started the run (`gfn train`, or the
 * VS Code extension host), which is the parent of the sandbox that writes the files and outlives it. It is created
 * with its content in one step (written to a temporary file, then hard-linked to the lock's name: link(2) fails when
 * the name exists), so a lock is never seen empty or half-written. A lock whose process has gone (kill -9, a crash, a
 * reboot) is stale and is taken over; a lock of a live process, or of another host (whose processes cannot be
 * checked from here), refuses the second writer with a message naming the lock.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { discard, fileError, fsOps, StoreError, writeDurable } from './atomicFile';

export interface LockOwner {
  pid: number;
  hostname: string;
  /** ISO time the run started. */
  started: string;
  /** Tells this lock from a later one of a process with the same pid. */
  token: string;
}

export interface Lock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock if it is still this one; safe to call twice. */
  release(): void;
}

/** Another writer holds the lock. */
export class LockedError extends StoreError {
  constructor(
    message: string,
    file: string,
    readonly holder: LockOwner | null,
  ) {
    super(message, file);
  }
}

/** Locks this process holds: a lock file with our own pid that is not among them was left by an earlier failure. */
const held = new Set<string>();
/** A lock too young to judge when it cannot be parsed (only the exclusive-create fallback can leave one). */
const UNREADABLE_GRACE_MS = 10_000;
/** Codes of file systems without hard links, where the lock falls back to open(O_CREAT | O_EXCL). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** Whether `pid` is a live process here; ESRCH is the only proof that it is not. */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function create(path: string, owner: LockOwner): boolean {
  const text = `${JSON.stringify(owner)}\n`;
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    discard(temporary);
    writeDurable(temporary, text);
    try {
      fsOps.linkSync(temporary, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') return false;
      if (!NO_LINKS.has(code)) throw error;
    }
    try {
      writeDurable(path, text, 'wx');
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  } catch (error) {
    throw fileError('create', path, error);
  } finally {
    discard(temporary);
  }
}

type Reading = { kind: 'gone' } | { kind: 'owner'; owner: LockOwner } | { kind: 'unreadable'; ageMs: number };

function read(path: string): Reading {
  let text: string;
  let ageMs: number;
  try {
    text = fs.readFileSync(path, 'utf8');
    ageMs = Date.now() - fs.statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw fileError('read', path, error);
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    if (typeof owner?.pid === 'number' && typeof owner.hostname === 'string') return { kind: 'owner', owner };
  } catch {
    // Not JSON: judged by its age below.
  }
  return { kind: 'unreadable', ageMs };
}

function alive(path: string, owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return held.has(path);
  return processAlive(owner.pid);
}

function refusal(path: string, dir: string, owner: LockOwner | null): LockedError {
  if (!owner) return new LockedError(`${dir} is being locked by another run: ${path} is not readable yet; try again`, path, null);
  const where = owner.hostname === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on host ${owner.hostname}`;
  const advice = owner.hostname === hostname() ? '' : ' (delete it if that run has ended)';
  return new LockedError(`${dir} is in use by another run (${where}, started ${owner.started}): lock ${path}${advice}`, path, owner);
}

/** Temporary files of lock takers killed before they removed them (`.lock.PID.tmp`, PID gone). */
function removeLeftovers(path: string): void {
  const prefix = `${basename(path)}.`;
  let entries: string[];
  try {
    entries = fs.readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = entry.startsWith(prefix) && entry.endsWith('.tmp') ? Number(entry.slice(prefix.length, -'.tmp'.length)) : NaN;
    if (Number.isSafeInteger(pid) && pid !== process.pid && !processAlive(pid)) discard(join(dirname(path), entry));
  }
}

/** Takes the lock at `path` for the run directory `dir` (named in messages), or throws LockedError. */
export function acquireLock(path: string, dir: string): Lock {
  removeLeftovers(path);
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), token: randomUUID() };
  // A few rounds: between seeing a stale lock and removing it, another process may have taken it over first.
  for (let round = 0; round < 5; round++) {
    if (create(path, owner)) {
      held.add(path);
      return { path, owner, release: () => release(path, owner.token) };
    }
    const current = read(path);
    if (current.kind === 'gone') continue;
    if (current.kind === 'owner' && alive(path, current.owner)) throw refusal(path, dir, current.owner);
    if (current.kind === 'unreadable' && current.ageMs < UNREADABLE_GRACE_MS) throw refusal(path, dir, null);
    // Stale: its process is gone. Two processes taking over the same stale lock at the same instant is not guarded.
    try {
      fs.rmSync(path, { force: true });
    } catch (error) {
      throw fileError('remove', path, error);
    }
  }
  throw new LockedError(`${dir}: cannot take ${path}, other runs keep taking it`, path, null);
}

function release(path: string, token: string): void {
  held.delete(path);
  try {
    const current = read(path);
    if (current.kind !== 'owner' || current.owner.token !== token) return;
    fs.rmSync(path, { force: true });
  } catch {
    // Left behind, the lock names a process that is about to end: the next run takes it over as stale.
  }
}
