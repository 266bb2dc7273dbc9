/**
 * The checkpoint of a run directory (model/: model.json, weights.bin, optimizer.json, optimizer.bin, as
 * src/train/checkpoint.ts encodes them), the only module that knows its files. The checkpoint is several files, so
 * model/ is replaced as a whole: the new one is written into .model.new, then model/ is renamed to .model.old,
 * .model.new to model/, and .model.old removed. A kill between the two renames leaves the previous checkpoint in
 * .model.old, which readers use and the next writer renames back. model.json records the size and SHA-256 of the
 * other files, checked when it is read. A checkpoint is removed by renaming it to .trash.PID.N first, so that no
 * reader finds half of one. The run's other files are src/run/runStore.ts's.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  discard, fileError, fsOps, parseJson, readBytes, readJson, removeAll, stallBeforePublishing, StoreError, syncDirectory,
  writeDurable,
} from './atomicFile';

export const CHECKPOINT_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  optimizerJson: 'optimizer.json',
  optimizerBin: 'optimizer.bin',
} as const;

/** The checkpoint's directory in a run directory, and the two names of the swap. */
export const MODEL_DIR = 'model';
const NEW_MODEL = '.model.new';
export const OLD_MODEL = '.model.old';
/** Directories being removed (checkpoints, whole runs): renamed out of the way first, so that no reader sees half of one. */
export const TRASH = '.trash.';

let trashed = 0;

/** A fresh name beside `path` to rename it to before its slow removal: `.trash.<tag>PID.N`. */
export function trashBeside(path: string, tag = ''): string {
  return join(dirname(resolve(path)), `${TRASH}${tag}${process.pid}.${trashed++}`);
}

const exists = (path: string) => fs.existsSync(path);

export function checkpointPaths(modelDir: string): { [K in keyof typeof CHECKPOINT_FILES]: string } {
  return Object.fromEntries(Object.entries(CHECKPOINT_FILES).map(([k, name]) => [k, join(modelDir, name)])) as { [K in keyof typeof CHECKPOINT_FILES]: string };
}

/** Whether `checkpoint` (a --resume directory) is the checkpoint of the run directory `dir`. */
export function isCheckpointOf(dir: string, checkpoint: string | undefined): boolean {
  if (!checkpoint) return false;
  const c = resolve(checkpoint);
  const d = resolve(dir);
  return c === d || c === join(d, MODEL_DIR) || c === join(d, OLD_MODEL);
}

/** The checkpoint as files, as src/train/checkpoint.ts encodes it; the store adds the integrity record to model.json. */
export interface CheckpointFiles {
  model: Record<string, unknown>;
  weights: Uint8Array;
  optimizer?: { json: Record<string, unknown>; bin: Uint8Array };
}

interface Integrity {
  bytes: number;
  sha256: string;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Replaces the checkpoint of the run directory `dir` as a whole: written into .model.new with the size and SHA-256 of
 * each file in model.json, then model/ renamed to .model.old, .model.new to model/, and .model.old removed. The
 * previous checkpoint stays in place when any step fails.
 */
export function writeCheckpoint(dir: string, files: CheckpointFiles): void {
  const live = join(dir, MODEL_DIR);
  const next = join(dir, NEW_MODEL);
  const old = join(dir, OLD_MODEL);
  const target = checkpointPaths(live);
  const data: [keyof typeof CHECKPOINT_FILES, Uint8Array][] = [['weights', files.weights]];
  if (files.optimizer) {
    data.push(['optimizerJson', Buffer.from(JSON.stringify(files.optimizer.json, null, 2))], ['optimizerBin', files.optimizer.bin]);
  }
  let writing = target.weights;
  try {
    removeAll(next);
    fsOps.mkdirSync(next);
    const integrity: Record<string, Integrity> = {};
    for (const [key, bytes] of data) {
      writing = target[key];
      writeDurable(join(next, CHECKPOINT_FILES[key]), bytes);
      integrity[CHECKPOINT_FILES[key]] = { bytes: bytes.length, sha256: sha256(bytes) };
    }
    writing = target.model;
    writeDurable(join(next, CHECKPOINT_FILES.model), JSON.stringify({ ...files.model, integrity }, null, 2));
    syncDirectory(next);
  } catch (error) {
    discard(next);
    throw fileError('write', writing, error);
  }
  const hadLive = exists(live);
  try {
    if (hadLive) {
      retire(old);
      fsOps.renameSync(live, old);
    }
    stallBeforePublishing(MODEL_DIR);
    fsOps.renameSync(next, live);
  } catch (error) {
    try {
      if (hadLive && !exists(live) && exists(old)) fs.renameSync(old, live);
    } catch {
      // Still readable from .model.old (findCheckpoint), and renamed back by the next writer's start().
    }
    discard(next);
    throw fileError('write', live, error);
  }
  syncDirectory(dir);
  try {
    retire(old);
  } catch {
    // The new checkpoint is in place; the next writer's start() removes what is left.
  }
}

/** Removes the checkpoint of the run directory `dir` (.model.old first: with model/ gone, readers would take it for it). */
export function removeCheckpoint(dir: string): void {
  for (const name of [OLD_MODEL, MODEL_DIR]) retire(join(dir, name));
}

/** Removes a checkpoint directory in one step for readers: a rename out of the way, then the slow recursive delete. */
export function retire(path: string): void {
  if (!exists(path)) return;
  const trash = trashBeside(path);
  try {
    fsOps.renameSync(path, trash);
  } catch (error) {
    throw fileError('remove', path, error);
  }
  discard(trash);
}

/** After a kill between the swap's renames, model/ is missing and .model.old holds the previous checkpoint. */
export function recoverCheckpoint(dir: string): void {
  const live = join(dir, MODEL_DIR);
  const old = join(dir, OLD_MODEL);
  try {
    if (!exists(live) && exists(join(old, CHECKPOINT_FILES.model))) fsOps.renameSync(old, live);
  } catch (error) {
    throw fileError('write', live, error);
  }
  removeAll(join(dir, NEW_MODEL));
}

/**
 * The checkpoint directory of `dir` (a run directory, or a checkpoint directory itself): model/, or .model.old when
 * a save was interrupted between its renames; null when there is none.
 */
export function findCheckpoint(dir: string): string | null {
  for (const candidate of [join(dir, MODEL_DIR), join(dir, OLD_MODEL), dir]) {
    if (exists(join(candidate, CHECKPOINT_FILES.model))) return resolve(candidate);
  }
  return null;
}

export interface StoredCheckpoint {
  dir: string;
  paths: ReturnType<typeof checkpointPaths>;
  /** model.json, parsed; its shapes are checked by src/train/checkpoint.ts. */
  model: Record<string, unknown>;
  weights: Buffer;
  optimizer: { json: unknown; bin: Buffer } | null;
}

/** Reads a checkpoint's files and checks them against the sizes and checksums its model.json records. */
export function readCheckpoint(dir: string): StoredCheckpoint {
  const found = findCheckpoint(dir);
  const expected = checkpointPaths(join(dir, MODEL_DIR)).model;
  if (!found) throw new StoreError(`no checkpoint in ${dir} (${expected} is missing: a run saves it when it ends)`, expected);
  const paths = checkpointPaths(found);
  const model = readJson(paths.model);
  if (typeof model !== 'object' || model === null || Array.isArray(model)) throw new StoreError(`${paths.model}: not a checkpoint (expected a JSON object)`, paths.model);
  const integrity = (model as { integrity?: Record<string, Integrity> }).integrity ?? {};
  const read = (key: 'weights' | 'optimizerJson' | 'optimizerBin'): Buffer => {
    const file = paths[key];
    const bytes = readBytes(file);
    const record = integrity[CHECKPOINT_FILES[key]];
    if (record && bytes.length !== record.bytes) {
      throw new StoreError(`${file}: ${bytes.length} bytes where ${paths.model} records ${record.bytes}: the checkpoint is truncated or mixes two saves`, file);
    }
    if (record && sha256(bytes) !== record.sha256) {
      throw new StoreError(`${file}: its content does not match the checksum ${paths.model} records: the file was changed or is corrupted`, file);
    }
    return bytes;
  };
  const weights = read('weights');
  // Checkpoints written before the integrity record may lack the optimiser's state: then Adam starts afresh.
  const recorded = CHECKPOINT_FILES.optimizerBin in integrity;
  const hasOptimizer = recorded || (exists(paths.optimizerJson) && exists(paths.optimizerBin));
  const optimizer = hasOptimizer ? { json: parseJson(read('optimizerJson').toString('utf8'), paths.optimizerJson), bin: read('optimizerBin') } : null;
  return { dir: found, paths, model: model as Record<string, unknown>, weights, optimizer };
}
