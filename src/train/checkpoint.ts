/**
 * Checkpoints in the TensorFlow.js weights format: model.json (the model configuration and a weightsManifest),
 * weights.bin (float32 values in manifest order) and Adam's state beside them (optimizer.json + optimizer.bin, the
 * same format). This file encodes and decodes; src/run/runStore.ts writes the files (atomically, as one set) and reads
 * them back checked against the sizes and checksums it recorded. Decoding checks what the store cannot: that the
 * manifest is the one the model configuration needs, and that weights.bin holds exactly that many values, so an
 * edited or mismatched model.json is refused with a message instead of becoming a network of garbage.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../shared/trainConfig';
import { CHECKPOINT_FILES, readCheckpoint, type CheckpointFiles } from '../run/checkpointFiles';
import { StoreError } from '../run/runStore';
import { weightShapes, type ModelConfig, type PolicyModel } from './model';
import type { AdamState } from './engine/adam';

export const CHECKPOINT_FORMAT = 'gflownet-studio-policy';

interface Topology {
  format: typeof CHECKPOINT_FORMAT;
  model: ModelConfig;
  train: TrainConfig;
  /** Keys of the DAG's states in id order are not stored: state ids are BFS order, reproduced by exploration. */
  states: number;
  /**
   * The log-reward offset the run trained with (src/train/tables.ts): the stored log Z and the flow head are
   * log Z - offset and log F - offset. Absent in checkpoints written before it existed, which trained on log R itself.
   */
  logRewardOffset?: number;
}

/** A tensor with its name, as tfjs optimisers' getWeights() gives them. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Adam's state of the policy and log Z optimisers, as Trainer.optimizerState() gives it, and, when the run averages
 * its policy (average.ts), the iterate being optimised (model.json then holds the average, the policy the run
 * delivers) with the number of updates in the average.
 */
export interface OptimizerState {
  policy: NamedTensor[];
  logZ: NamedTensor[];
  /** The trained network's variables in model order, log Z last, when they differ from the checkpoint's model. */
  iterate?: tf.Tensor[];
  averageCount?: number;
}

/** Adam's state (engine/adam.ts) as the tensors a checkpoint stores: tfjs's getWeights() order, the count first. */
export function adamTensors(state: AdamState, shapes: readonly number[][]): NamedTensor[] {
  const count: NamedTensor = { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') };
  return [count, ...state.moments.map((m, i) => ({ name: `moment${i}`, tensor: tf.tensor(m, shapes[i % shapes.length]) }))];
}

/** The inverse of adamTensors, for either engine to restore. */
export function adamValues(named: NamedTensor[]): AdamState {
  const [count, ...moments] = named;
  return { iterations: count.tensor.dataSync()[0], moments: moments.map((m) => Float32Array.from(m.tensor.dataSync() as Float32Array)) };
}

const bytesOf = (buffer: ArrayBuffer | ArrayBuffer[]) => new Uint8Array(Array.isArray(buffer) ? tf.io.concatenateArrayBuffers(buffer) : buffer);

/**
 * The checkpoint's files. Adam's state is named by optimiser (`policy/` or `logZ/`) and numbered, since tfjs restores
 * its slots by position.
 */
export async function encodeCheckpoint(model: PolicyModel, train: TrainConfig, optimizer?: OptimizerState, logRewardOffset = 0): Promise<CheckpointFiles> {
  const named = model.allVariables().map((v, i) => ({ name: i === model.weights.length ? 'logZ' : `w${i}`, tensor: v }));
  const { data, specs } = await tf.io.encodeWeights(named);
  const topology: Topology = { format: CHECKPOINT_FORMAT, model: model.config, train, states: model.config.nStates, logRewardOffset };
  const files: CheckpointFiles = {
    model: {
      format: CHECKPOINT_FORMAT,
      generatedBy: 'GFlowNet Studio',
      modelTopology: topology,
      weightsManifest: [{ paths: [CHECKPOINT_FILES.weights], weights: specs }],
    },
    weights: bytesOf(data),
  };
  if (optimizer) {
    const slots = [
      ...optimizer.policy.map((w, i) => ({ name: `policy/${i}`, tensor: w.tensor })),
      ...optimizer.logZ.map((w, i) => ({ name: `logZ/${i}`, tensor: w.tensor })),
      ...(optimizer.iterate ?? []).map((tensor, i) => ({ name: `iterate/${i}`, tensor })),
    ];
    const encoded = await tf.io.encodeWeights(slots);
    const json: Record<string, unknown> = { format: `${CHECKPOINT_FORMAT}-adam`, weights: encoded.specs };
    if (optimizer.averageCount !== undefined) json.averageCount = optimizer.averageCount;
    files.optimizer = { json, bin: bytesOf(encoded.data) };
  }
  return files;
}

export interface LoadedCheckpoint {
  model: ModelConfig;
  train: TrainConfig;
  /** Weights in model order, log Z last; the caller owns (and disposes) them. */
  tensors: tf.Tensor[];
  /** Adam's state when the checkpoint has it; the caller owns (and disposes) its tensors. */
  optimizer: OptimizerState | null;
  /** The log-reward offset it trained with (0 for checkpoints that do not record one). */
  logRewardOffset: number;
}

const isCount = (v: unknown, min = 0) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;
const sameShape = (a: readonly number[] | undefined, b: readonly number[]) => !!a && a.length === b.length && a.every((d, i) => d === b[i]);

function describeModel(m: ModelConfig): string {
  const input = m.inputDim > 0 ? `${m.inputDim} inputs` : `one-hot over ${m.nStates} states`;
  return m.kind === 'tabular' ? `a table over ${m.nStates} states` : `an MLP ${m.hidden} x ${m.layers} on ${input}`;
}

function checkModelConfig(m: Partial<ModelConfig> | undefined, file: string): ModelConfig {
  // Checkpoints from before the stop logit was a choice formed it from the network alone.
  if (m && typeof m === 'object' && m.stopLogit === undefined) m = { ...m, stopLogit: 'free' };
  const ok = !!m && (m.kind === 'mlp' || m.kind === 'tabular') && isCount(m.nStates, 1) && isCount(m.nActions, 1) && isCount(m.inputDim) &&
    isCount(m.hidden, 1) && isCount(m.layers) && typeof m.learnedBackward === 'boolean' &&
    (m.stopLogit === 'reward' || m.stopLogit === 'free');
  if (!ok) throw new StoreError(`${file}: its model configuration is not valid (${JSON.stringify(m)})`, file);
  return m as ModelConfig;
}

/** The bytes a manifest's tensors take (float32 and int32 only: what the checkpoints hold). */
function manifestBytes(specs: tf.io.WeightsManifestEntry[], file: string): number {
  let bytes = 0;
  for (const s of specs) {
    if (!Array.isArray(s.shape) || !s.shape.every((d) => isCount(d)) || (s.dtype !== 'float32' && s.dtype !== 'int32')) {
      throw new StoreError(`${file}: tensor ${s.name} has an unsupported shape or type (${JSON.stringify(s.shape)}, ${s.dtype})`, file);
    }
    bytes += 4 * s.shape.reduce((a, b) => a * b, 1);
  }
  return bytes;
}

function requireBytes(specs: tf.io.WeightsManifestEntry[], data: Buffer, dataFile: string, manifestFile: string): void {
  const needed = manifestBytes(specs, manifestFile);
  if (data.length !== needed) {
    throw new StoreError(`${dataFile}: ${data.length} bytes, but the tensors ${manifestFile} lists need ${needed}: the file is truncated or from another checkpoint`, dataFile);
  }
}

const arrayBufferOf = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * Adam's slots: an int32 step count, then a first and a second moment per trained tensor, so only weight shapes;
 * with an averaged policy, the iterate: one tensor per weight (its shapes in order) and log Z.
 */
function decodeOptimizer(json: unknown, bin: Buffer, shapes: number[][], files: { json: string; bin: string; model: string }): OptimizerState {
  const { weights, averageCount } = (json ?? {}) as { weights?: unknown; averageCount?: unknown };
  if (!Array.isArray(weights)) throw new StoreError(`${files.json}: not an optimizer state (expected a weights list)`, files.json);
  if (averageCount !== undefined && !isCount(averageCount)) {
    throw new StoreError(`${files.json}: averageCount is not a count (${JSON.stringify(averageCount)})`, files.json);
  }
  // requireBytes checks each entry's shape and dtype before anything else reads them.
  const specs = weights as tf.io.WeightsManifestEntry[];
  requireBytes(specs, bin, files.bin, files.json);
  const moments = specs.filter((s) => s.dtype === 'float32' && s.name.startsWith('policy/'));
  const stray = moments.find((s) => !shapes.some((shape) => sameShape(s.shape, shape)));
  if (stray) {
    throw new StoreError(`${files.json}: Adam's ${stray.name} has shape ${shapeText(stray.shape)}, which no tensor of the network in ${files.model} has: the files are from different checkpoints`, files.json);
  }
  const named = tf.io.decodeWeights(arrayBufferOf(bin), specs);
  const group = (prefix: string): NamedTensor[] =>
    specs
      .filter((w) => w.name.startsWith(`${prefix}/`))
      .sort((a, b) => Number(a.name.slice(prefix.length + 1)) - Number(b.name.slice(prefix.length + 1)))
      .map((w) => ({ name: w.name, tensor: named[w.name] }));
  const iterate = group('iterate');
  const allShapes = [...shapes, []];
  if (iterate.length > 0 && (iterate.length !== allShapes.length || iterate.some((w, i) => !sameShape(w.tensor.shape, allShapes[i])))) {
    for (const t of Object.values(named)) t.dispose();
    throw new StoreError(`${files.json}: its iterate does not have the shapes of the network in ${files.model}: the files are from different checkpoints`, files.json);
  }
  const state: OptimizerState = { policy: group('policy'), logZ: group('logZ') };
  if (iterate.length > 0) state.iterate = iterate.map((w) => w.tensor);
  if (averageCount !== undefined) state.averageCount = averageCount as number;
  return state;
}

/** Loads the checkpoint of `dir` (a run directory or its model/); StoreError naming the file for any inconsistency. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const stored = readCheckpoint(dir);
  const { paths } = stored;
  const json = stored.model as { modelTopology?: Partial<Topology>; weightsManifest?: { weights?: tf.io.WeightsManifestEntry[] }[] };
  const topology = json.modelTopology;
  const specs = json.weightsManifest?.[0]?.weights;
  if (!topology || topology.format !== CHECKPOINT_FORMAT || !Array.isArray(specs)) {
    throw new StoreError(`${paths.model} is not a GFlowNet Studio checkpoint`, paths.model);
  }
  const model = checkModelConfig(topology.model, paths.model);
  const shapes = [...weightShapes(model), []];
  const names = shapes.map((_, i) => (i === shapes.length - 1 ? 'logZ' : `w${i}`));
  const byName = new Map(specs.map((s) => [s.name, s]));
  const wrong = names.findIndex((name, i) => !sameShape(byName.get(name)?.shape, shapes[i]));
  if (wrong >= 0 || specs.length !== names.length) {
    const i = wrong >= 0 ? wrong : 0;
    const listed = byName.get(names[i]);
    throw new StoreError(
      `${paths.model}: ${describeModel(model)} needs ${names.length} tensors, ${names[i]} of shape ${shapeText(shapes[i])}, but its weights manifest ` +
        `lists ${specs.length}${listed ? `, ${names[i]} of shape ${shapeText(listed.shape)}` : ` without ${names[i]}`}: the file was edited or mixes two checkpoints`,
      paths.model,
    );
  }
  requireBytes(specs, stored.weights, paths.weights, paths.model);
  const named = tf.io.decodeWeights(arrayBufferOf(stored.weights), specs);
  const tensors = names.map((name) => named[name]);
  let optimizer: OptimizerState | null = null;
  try {
    if (stored.optimizer) optimizer = decodeOptimizer(stored.optimizer.json, stored.optimizer.bin, shapes.slice(0, -1), { json: paths.optimizerJson, bin: paths.optimizerBin, model: paths.model });
  } catch (error) {
    for (const t of tensors) t.dispose();
    throw error;
  }
  const offset = topology.logRewardOffset;
  if (offset !== undefined && !(typeof offset === 'number' && Number.isFinite(offset))) {
    for (const t of tensors) t.dispose();
    for (const w of [...(optimizer?.policy ?? []), ...(optimizer?.logZ ?? [])]) w.tensor.dispose();
    for (const t of optimizer?.iterate ?? []) t.dispose();
    throw new StoreError(`${paths.model}: its logRewardOffset is not a finite number (${JSON.stringify(offset)})`, paths.model);
  }
  return { model, train: topology.train as TrainConfig, tensors, optimizer, logRewardOffset: offset ?? 0 };
}
