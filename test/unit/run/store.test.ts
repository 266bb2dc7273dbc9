/**
 * The run directory store (src/run/runStore.ts, src/run/atomicFile.ts, src/run/runLock.ts) in process. Write failures are
 * injected through fsOps: the tests may run as root, where a read-only chmod stops nothing, and no disk can be made
 * full on demand. One real failure needs no injection: a directory under a regular file (ENOTDIR).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import { fsOps, writeFileAtomic } from '../../../src/run/atomicFile';
import { explore } from '../../../src/dag/explore';
import type { FromSandbox } from '../../../shared/protocol';
import { loadRun } from '../../../src/run/runReport';
import { acquireLock, processAlive } from '../../../src/run/runLock';
import { findCheckpoint, readCheckpoint, type CheckpointFiles } from '../../../src/run/checkpointFiles';
import { LockedError, openRunDirectory, readMetrics, RunExistsError, runPaths, RunWriter } from '../../../src/run/runStore';
import { loadCheckpoint } from '../../../src/train/checkpoint';
import { runTraining } from '../../../src/train/session';
import { trainConfig } from '../train/helpers';

const root = mkdtempSync(join(tmpdir(), 'gfn-store-'));
let n = 0;
const fresh = () => join(root, `d${n++}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const original = { ...fsOps };
afterEach(() => Object.assign(fsOps, original));

/** Makes fsOps[op] fail with `code` for the calls `when` picks (all by default). */
function inject(op: keyof typeof fsOps, code: string, when: (...args: unknown[]) => boolean = () => true): void {
  const real = original[op] as (...args: unknown[]) => unknown;
  (fsOps as Record<string, unknown>)[op] = (...args: unknown[]) => {
    if (when(...args)) throw Object.assign(new Error(`${code}: injected, ${op}`), { code });
    return real(...args);
  };
}

const checkpoint = (fill: number): CheckpointFiles => ({
  model: { format: 'test', fill },
  weights: new Uint8Array(64).fill(fill),
  optimizer: { json: { fill }, bin: new Uint8Array(32).fill(fill) },
});

describe('atomic files', () => {
  it.each([
    ['writeSync', 'ENOSPC', 'no space left on device (ENOSPC)'],
    ['renameSync', 'EROFS', 'read-only file system (EROFS)'],
    ['openSync', 'EACCES', 'permission denied (EACCES)'],
    ['fsyncSync', 'EIO', 'input/output error (EIO)'],
  ] as const)('a failed %s (%s) leaves the old content and no temporary file, and names the file', (op, code, cause) => {
    const dir = fresh();
    mkdirSync(dir);
    const file = join(dir, 'summary.json');
    writeFileAtomic(file, '{"old": true}');
    inject(op, code);
    expect(() => writeFileAtomic(file, '{"new": true}')).toThrow(`cannot write ${file}: ${cause}`);
    expect(readFileSync(file, 'utf8')).toBe('{"old": true}');
    expect(readdirSync(dir)).toEqual(['summary.json']);
  });

  it('a directory under a regular file is refused with its cause, without injection', () => {
    const file = join(root, 'plain-file');
    writeFileSync(file, '');
    expect(() => openRunDirectory(join(file, 'run'))).toThrow(`cannot create ${join(file, 'run')}: not a directory (ENOTDIR)`);
    expect(() => writeFileAtomic(join(file, 'summary.json'), '{}')).toThrow(`cannot write ${join(file, 'summary.json')}: not a directory (ENOTDIR)`);
  });

  it('a torn last line of metrics.jsonl is ignored; a bad line before it is an error naming file:line', () => {
    const dir = fresh();
    const writer = new RunWriter(dir);
    writer.start(undefined, false);
    writer.appendProgress({ iteration: 1 } as never);
    writer.appendProgress({ iteration: 2 } as never);
    appendFileSync(writer.paths.metrics, '{"iteration": 3, "lo');
    expect(readMetrics(dir)).toEqual([{ iteration: 1 }, { iteration: 2 }]);
    appendFileSync(writer.paths.metrics, '\n{"iteration": 4}\n');
    expect(() => readMetrics(dir)).toThrow(`${writer.paths.metrics}:3: not valid JSON`);
  });
});

describe('checkpoint replacement', () => {
  const weightsOf = (dir: string) => readCheckpoint(dir).weights[0];

  it('keeps the previous checkpoint when a file of the new one cannot be written', () => {
    const dir = fresh();
    const writer = new RunWriter(dir);
    writer.start(undefined, false);
    writer.writeCheckpoint(checkpoint(1));
    inject('openSync', 'ENOSPC', (path) => String(path).endsWith('optimizer.bin'));
    expect(() => writer.writeCheckpoint(checkpoint(2))).toThrow(`cannot write ${join(dir, 'model', 'optimizer.bin')}: no space left on device (ENOSPC)`);
    expect(weightsOf(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['metrics.jsonl', 'model']);
  });

  it('puts the previous checkpoint back when the swap fails half-way', () => {
    const dir = fresh();
    const writer = new RunWriter(dir);
    writer.start(undefined, false);
    writer.writeCheckpoint(checkpoint(1));
    inject('renameSync', 'EROFS', (from) => String(from).endsWith('.model.new'));
    expect(() => writer.writeCheckpoint(checkpoint(2))).toThrow(`cannot write ${join(dir, 'model')}: read-only file system (EROFS)`);
    expect(weightsOf(dir)).toBe(1);
    Object.assign(fsOps, original);
    writer.writeCheckpoint(checkpoint(3));
    expect(weightsOf(dir)).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(['metrics.jsonl', 'model']);
  });

  it('after a kill between the two renames, readers use .model.old and the next writer renames it back', () => {
    const dir = fresh();
    const writer = new RunWriter(dir);
    writer.start(undefined, false);
    writer.writeCheckpoint(checkpoint(1));
    renameSync(join(dir, 'model'), join(dir, '.model.old'));
    mkdirSync(join(dir, '.model.new'));
    writeFileSync(join(dir, '.model.new', 'weights.bin'), 'half');
    expect(findCheckpoint(dir)).toBe(join(dir, '.model.old'));
    expect(weightsOf(dir)).toBe(1);
    writer.start(undefined, true);
    expect(readdirSync(dir).sort()).toEqual(['metrics.jsonl', 'model']);
    expect(weightsOf(dir)).toBe(1);
  });

  it('detects a data file that does not match the sizes and checksums model.json records', () => {
    const dir = fresh();
    mkdirSync(dir);
    new RunWriter(dir).writeCheckpoint(checkpoint(1));
    const weights = join(dir, 'model', 'weights.bin');
    const model = join(dir, 'model', 'model.json');
    writeFileSync(weights, new Uint8Array(60).fill(1));
    expect(() => readCheckpoint(dir)).toThrow(`${weights}: 60 bytes where ${model} records 64: the checkpoint is truncated or mixes two saves`);
    writeFileSync(weights, new Uint8Array(64).fill(2));
    expect(() => readCheckpoint(dir)).toThrow(`${weights}: its content does not match the checksum ${model} records`);
    writeFileSync(model, '{"format": "gflow');
    expect(() => readCheckpoint(dir)).toThrow(`${model}: truncated JSON`);
  });
});

describe('the lock', () => {
  it('refuses a live second writer and names the lock; release lets the next one in', () => {
    const dir = fresh();
    const first = openRunDirectory(dir);
    const lock = runPaths(dir).lock;
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(() => openRunDirectory(dir)).toThrow(LockedError);
    expect(() => openRunDirectory(dir)).toThrow(`${dir} is in use by another run (pid ${process.pid}, started ${first.owner.started}): lock ${lock}`);
    first.release();
    expect(existsSync(lock)).toBe(false);
    openRunDirectory(dir).release();
  });

  it('refuses a lock held by another live process or host, and takes over a stale one', () => {
    const dir = fresh();
    mkdirSync(dir);
    const lock = runPaths(dir).lock;
    const owner = (pid: number, host = hostname()) => writeFileSync(lock, JSON.stringify({ pid, hostname: host, started: 'then', token: 'x' }));
    owner(process.ppid);
    expect(() => acquireLock(lock, dir)).toThrow(`(pid ${process.ppid}, started then): lock ${lock}`);
    owner(process.ppid, 'elsewhere');
    expect(() => acquireLock(lock, dir)).toThrow(`pid ${process.ppid} on host elsewhere, started then): lock ${lock} (delete it if that run has ended)`);
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    expect(processAlive(gone)).toBe(false);
    owner(gone);
    const taken = acquireLock(lock, dir);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    taken.release();
    // A lock that is not JSON (written by hand, or by the fallback without links) is judged by its age.
    writeFileSync(lock, '');
    expect(() => acquireLock(lock, dir)).toThrow(/is being locked by another run/);
    utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    acquireLock(lock, dir).release();
  });
});

describe('an earlier run in --out', () => {
  function earlierRun(dir: string): void {
    const writer = new RunWriter(dir);
    writer.start({ name: 'g', nodes: [], edges: [] } as never, false);
    writer.writeSamples([{ key: 'a', state: 1 }]);
    writer.writeCheckpoint(checkpoint(1));
    writer.writeSummary({ iterations: 1 } as never);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
  }

  it('is refused, listing its files, unless overwriting or resuming its own checkpoint', () => {
    const dir = fresh();
    earlierRun(dir);
    expect(() => openRunDirectory(dir)).toThrow(RunExistsError);
    expect(() => openRunDirectory(dir)).toThrow(`${dir} holds an earlier run (graph.json, metrics.jsonl, samples.jsonl, summary.json, model/)`);
    expect(existsSync(runPaths(dir).lock)).toBe(false);
    openRunDirectory(dir, { resumeFrom: join(dir, 'model') }).release();
    const lock = openRunDirectory(dir, { overwrite: true });
    // The new run's writer replaces the earlier files, and only them.
    new RunWriter(dir).start(undefined, false);
    expect(readdirSync(dir).sort()).toEqual(['.lock', 'metrics.jsonl', 'notes.txt']);
    lock.release();
  });

  it('is accepted when empty of run files (a lock left by a killed run does not count)', () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: spawnSync(process.execPath, ['-e', '']).pid, hostname: hostname(), started: 'x', token: 'y' }));
    openRunDirectory(dir).release();
  });
});

describe('real checkpoints', () => {
  const smileyDag = explore(smiley).dag;
  async function train(outDir: string, resumeFrom?: string): Promise<FromSandbox> {
    const messages: FromSandbox[] = [];
    const config = trainConfig({ iterations: 5, hidden: 8, reportEvery: 5 });
    await runTraining(smiley, smileyDag, { type: 'train', file: 'in-process', config, outDir, resumeFrom }, { post: (m) => messages.push(m), isCancelled: () => false });
    return messages.at(-1)!;
  }

  it('a failed save (ENOSPC) is an error naming the file, and the previous checkpoint survives it', async () => {
    const dir = fresh();
    expect((await train(dir)).type).toBe('done');
    const before = readFileSync(join(dir, 'model', 'weights.bin'));
    inject('openSync', 'ENOSPC', (path) => String(path).includes('.model.new'));
    const failed = await train(dir, join(dir, 'model'));
    expect(failed).toEqual({ type: 'error', message: `cannot write ${join(dir, 'model', 'weights.bin')}: no space left on device (ENOSPC)` });
    expect(readFileSync(join(dir, 'model', 'weights.bin')).equals(before)).toBe(true);
    Object.assign(fsOps, original);
    (await loadCheckpoint(dir)).tensors.forEach((t) => t.dispose());
  });

  it('a truncated or inconsistent checkpoint is refused with the file and the cause', async () => {
    const dir = fresh();
    await train(dir);
    const model = join(dir, 'model', 'model.json');
    const weights = join(dir, 'model', 'weights.bin');
    const json = JSON.parse(readFileSync(model, 'utf8'));
    const bin = readFileSync(weights);
    const refuse = async (message: string | RegExp) => expect(loadCheckpoint(dir)).rejects.toThrow(message);
    // A config whose hidden size disagrees with the weights (model.json edited, checksums still right).
    writeFileSync(model, JSON.stringify({ ...json, modelTopology: { ...json.modelTopology, model: { ...json.modelTopology.model, hidden: 16 } } }));
    await refuse(`${model}: an MLP 16 x 2 on 6 inputs needs 7 tensors, w0 of shape [6,16], but its weights manifest lists 7, w0 of shape [6,8]: the file was edited or mixes two checkpoints`);
    // A truncated weights.bin, from a checkpoint without the integrity record: the manifest's sizes catch it.
    const { integrity: _, ...bare } = json;
    writeFileSync(model, JSON.stringify(bare));
    writeFileSync(weights, bin.subarray(0, bin.length - 8));
    await refuse(`${weights}: ${bin.length - 8} bytes, but the tensors ${model} lists need ${bin.length}: the file is truncated or from another checkpoint`);
    writeFileSync(weights, bin);
    writeFileSync(join(dir, 'model', 'optimizer.bin'), '');
    await refuse(/optimizer\.bin: 0 bytes, but the tensors .*optimizer\.json lists need \d+/);
    writeFileSync(model, '');
    await refuse(`${model}: truncated JSON`);
  });

  it('gfn report names the damaged file of a run', async () => {
    const dir = fresh();
    await train(dir);
    const p = runPaths(dir);
    writeFileSync(p.graph, JSON.stringify({ name: 'g', nodes: [{ key: 'a', depth: 0 }], edges: [] }));
    writeFileSync(p.flows, JSON.stringify({ iteration: 1, edgeFlow: [], stateFlow: [1], terminalProb: [], sampledFreq: [0] }));
    expect(() => loadRun(dir)).toThrow(`${p.flows}: 0 values of terminalProb for the 1 nodes of graph.json`);
    writeFileSync(p.flows, JSON.stringify({ iteration: 1, edgeFlow: [], stateFlow: [1], terminalProb: [1], sampledFreq: [0] }));
    writeFileSync(p.summary, '[1, 2]');
    expect(() => loadRun(dir)).toThrow(`${p.summary}: not a run summary (expected numbers iterations, trajectories, seconds)`);
    writeFileSync(p.graph, '{"name": "g", "nod');
    expect(() => loadRun(dir)).toThrow(`${p.graph}: truncated JSON`);
  });
});
