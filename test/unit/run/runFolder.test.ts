/**
 * The runs folder of the extension (src/run/runFolder.ts) and what the run store adds for it (src/run/runStore.ts):
 * run directory names, new directories that never replace a run, the listing, environment.json, and deleting a run
 * (refused while a live process holds its lock).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunDirectory, environmentStem, listRunDirectories, runDirName, stemDirectories } from '../../../src/run/runFolder';
import { acquireLock } from '../../../src/run/runLock';
import { LockedError, readEnvironment, removeRun, runPaths, RunWriter } from '../../../src/run/runStore';

const root = mkdtempSync(join(tmpdir(), 'gfn-runs-'));
let n = 0;
const fresh = () => join(root, `r${n++}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('run folder: <stem>/<YYYYMMDD-HHMMSS>-<loss>/', () => {
  it('names a run by the local time it started and its objective; the stem drops .gfn.ts', () => {
    expect(runDirName(new Date(2026, 11, 2, 1, 23, 4), 'tb')).toBe('20261202-012304-tb');
    expect(runDirName(new Date(2026, 0, 9, 23, 5, 59), 'forward-kl')).toBe('20260109-230559-forward-kl');
    expect(environmentStem('/w/examples/smiley.gfn.ts')).toBe('smiley');
    expect(environmentStem('/w/hypergrid.v2.gfn.ts')).toBe('hypergrid.v2');
  });

  it('a second run of the same second gets -2, -3; a run is never replaced', () => {
    const runs = fresh();
    const at = new Date(2026, 11, 2, 1, 23, 4);
    const first = createRunDirectory(runs, '/w/smiley.gfn.ts', 'tb', at);
    // The first still holds its lock (it trains): the next name.
    const second = createRunDirectory(runs, '/w/smiley.gfn.ts', 'tb', at);
    expect(first.dir).toBe(join(runs, 'smiley', '20261202-012304-tb'));
    expect(second.dir).toBe(join(runs, 'smiley', '20261202-012304-tb-2'));
    // Once finished (lock released), its files keep the name taken.
    new RunWriter(first.dir).start(undefined, false, '/w/smiley.gfn.ts');
    first.lock.release();
    second.lock.release();
    const third = createRunDirectory(runs, '/w/smiley.gfn.ts', 'tb', at);
    expect(third.dir).toBe(join(runs, 'smiley', '20261202-012304-tb-2'));
    third.lock.release();
    expect(readFileSync(runPaths(first.dir).metrics, 'utf8')).toBe('');
  });

  it('lists <stem>/<run> directories, skipping the store own dot names; an absent folder holds none', () => {
    const runs = fresh();
    expect(listRunDirectories(runs)).toEqual([]);
    mkdirSync(join(runs, 'smiley', '20261202-012304-tb'), { recursive: true });
    mkdirSync(join(runs, 'smiley', '.trash.20261202-000000-tb.1.0'), { recursive: true });
    mkdirSync(join(runs, 'bits', '20261202-012305-db'), { recursive: true });
    writeFileSync(join(runs, 'notes.txt'), '');
    const listed = listRunDirectories(runs).sort((a, b) => a.dir.localeCompare(b.dir));
    expect(listed).toEqual([
      { stem: 'bits', dir: join(runs, 'bits', '20261202-012305-db') },
      { stem: 'smiley', dir: join(runs, 'smiley', '20261202-012304-tb') },
    ]);
    mkdirSync(join(runs, 'empty'));
    expect(stemDirectories(runs).sort()).toEqual(['bits', 'empty', 'smiley'].map((s) => join(runs, s)));
  });
});

describe('run store: environment.json and deleting a run', () => {
  it('records the trained file relative to the run directory, with forward slashes, and reads it back absolute', () => {
    const workspace = fresh();
    const file = join(workspace, 'examples', 'smiley.gfn.ts');
    const dir = join(workspace, '.gflownet', 'runs', 'smiley', '20261202-012304-tb');
    new RunWriter(dir).start(undefined, false, file);
    expect(JSON.parse(readFileSync(runPaths(dir).environment, 'utf8'))).toEqual({ file: '../../../../examples/smiley.gfn.ts' });
    expect(readEnvironment(dir)).toBe(file);
    // Moved as a whole (a clone elsewhere), the record still names the file beside it.
    const moved = join(fresh(), 'clone');
    mkdirSync(join(moved, '.gflownet', 'runs', 'smiley'), { recursive: true });
    writeFileSync(join(moved, '.gflownet', 'runs', 'smiley', 'x'), '');
    const movedDir = join(moved, '.gflownet', 'runs', 'smiley', '20261202-012304-tb');
    new RunWriter(movedDir).start(undefined, false, join(moved, 'examples', 'smiley.gfn.ts'));
    expect(readEnvironment(movedDir)).toBe(join(moved, 'examples', 'smiley.gfn.ts'));
  });

  it('a run without the record reads null; a damaged record is an error naming the file', () => {
    const dir = fresh();
    new RunWriter(dir).start(undefined, false);
    expect(readEnvironment(dir)).toBeNull();
    writeFileSync(runPaths(dir).environment, '{"file": 3}');
    expect(() => readEnvironment(dir)).toThrow(`${runPaths(dir).environment}: expected {"file": "<path of the .gfn.ts>"}`);
  });

  it('removeRun deletes the directory as a whole, files of the user included', () => {
    const dir = fresh();
    new RunWriter(dir).start(undefined, false, '/w/smiley.gfn.ts');
    writeFileSync(join(dir, 'notes.md'), 'mine');
    removeRun(dir);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root).filter((e) => e.startsWith('.trash.'))).toEqual([]);
  });

  it('removeRun refuses while this process trains into the run, and names the lock', () => {
    const dir = fresh();
    new RunWriter(dir).start(undefined, false);
    const lock = acquireLock(runPaths(dir).lock, dir);
    try {
      expect(() => removeRun(dir)).toThrow(LockedError);
      expect(() => removeRun(dir)).toThrow(`pid ${process.pid}`);
      expect(existsSync(runPaths(dir).metrics)).toBe(true);
    } finally {
      lock.release();
    }
    removeRun(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('removeRun of a folder of runs (a comparison) refuses while one of its runs is locked, leaving every lock as it was', () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'comparison.json'), '{}');
    const inner = ['tb-seed1', 'kl-seed1'].map((name) => join(dir, name));
    for (const run of inner) new RunWriter(run).start(undefined, false);
    const lock = acquireLock(runPaths(inner[1]).lock, inner[1]);
    try {
      expect(() => removeRun(dir, inner)).toThrow(`pid ${process.pid}`);
      expect(inner.every((run) => existsSync(runPaths(run).metrics))).toBe(true);
      // The locks taken before the refusal are given back: only the training run's remains.
      expect(existsSync(runPaths(dir).lock) || existsSync(runPaths(inner[0]).lock)).toBe(false);
      expect(existsSync(runPaths(inner[1]).lock)).toBe(true);
    } finally {
      lock.release();
    }
    removeRun(dir, inner);
    expect(existsSync(dir)).toBe(false);
  });

  it('removeRun refuses a run locked by another live process, and takes over the lock of a dead one', async () => {
    const dir = fresh();
    new RunWriter(dir).start(undefined, false);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(runPaths(dir).lock, JSON.stringify({ pid: child.pid, hostname: hostname(), started: new Date().toISOString(), token: 'other' }));
      expect(() => removeRun(dir)).toThrow(`${dir} is in use by another run (pid ${child.pid}`);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    removeRun(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
