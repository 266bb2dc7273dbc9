/**
 * A folder of runs, as the extension keeps them in the workspace (`.gflownet/runs/` by default):
 *   <runs folder>/<file stem>/<YYYYMMDD-HHMMSS>-<loss>/   one run directory (runStore.ts) per training
 * The stem groups the runs of one environment on disk (smiley.gfn.ts -> smiley/); which file a run trained is
 * recorded in the run itself (environment.json), so two environments with the same stem share a folder without
 * mixing their runs. Names start with the local time the run started, so they sort in time order and read as dates
 * in the explorer and in git.
 */
import * as fs from 'node:fs';
import { basename, join } from 'node:path';
import { fileError } from './atomicFile';
import { LockedError, openRunDirectory, RunExistsError, StoreError, type Lock } from './runStore';

/** smiley.gfn.ts -> smiley; any other name loses only its last extension. */
export function environmentStem(file: string): string {
  const name = basename(file);
  return name.endsWith('.gfn.ts') ? name.slice(0, -'.gfn.ts'.length) : name.replace(/\.[^.]*$/, '');
}

const two = (n: number) => String(n).padStart(2, '0');

/** `20261202-012301-tb`: the local time the run started, and its objective. */
export function runDirName(started: Date, loss: string): string {
  const date = `${started.getFullYear()}${two(started.getMonth() + 1)}${two(started.getDate())}`;
  const time = `${two(started.getHours())}${two(started.getMinutes())}${two(started.getSeconds())}`;
  return `${date}-${time}-${loss}`;
}

/** Two runs of one file started in the same second (a restart) get `-2`, `-3`...; past this, something is wrong. */
const MAX_SAME_SECOND = 100;

/**
 * Creates and locks a new run directory for `file` under `root`. A name already taken (an earlier run in it, or a
 * run of this second holding its lock) moves on to the next suffix: a new run never replaces another.
 */
export function createRunDirectory(root: string, file: string, loss: string, started = new Date()): { dir: string; lock: Lock } {
  const base = join(root, environmentStem(file), runDirName(started, loss));
  for (let n = 1; n <= MAX_SAME_SECOND; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      return { dir, lock: openRunDirectory(dir) };
    } catch (error) {
      if (!(error instanceof RunExistsError || error instanceof LockedError)) throw error;
    }
  }
  throw new StoreError(`${base}: ${MAX_SAME_SECOND} runs of ${basename(file)} started in the same second`, base);
}

/** The names of the subdirectories of `dir` that are not the store's own (dot names); none when it does not exist. */
export function subdirectories(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw fileError('read', dir, error);
  }
  // Dot names are the store's own (a run being deleted is renamed to .trash.*).
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
}

/** The folders of the environments under `root` (`<stem>/`), runs or not. */
export function stemDirectories(root: string): string[] {
  return subdirectories(root).map((stem) => join(root, stem));
}

/** Every run directory under `root` (`<stem>/<run>/`), by stem; a root that does not exist yet holds none. */
export function listRunDirectories(root: string): { stem: string; dir: string }[] {
  return subdirectories(root).flatMap((stem) => subdirectories(join(root, stem)).map((name) => ({ stem, dir: join(root, stem, name) })));
}
