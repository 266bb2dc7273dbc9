/**
 * The sampling forwards' activations, kept for the step's backward (issue 19). Sampling forwards the distinct
 * current states of each lock step; the native engine writes those forwards' outputs, h_1..h_L and features x into
 * one growing table, a forward after the other, so the batch's training pass is that table instead of a second
 * forward of the batch. This is exact: the weights do not change between sampling and the backward (Adam steps after
 * it). States that sampling did not forward (replayed trajectories, the parents an objective reads) get one forward
 * of their own, appended to the table.
 *
 * The batch lists the kept states first, in the table's order (buildBatch's firstRows), and then the others in the
 * order they are appended: the table is then the pass, wrapped without a copy. A state forwarded twice (a DAG where
 * it is reached at two lock steps) or a batch in another order makes the pass gather its rows instead.
 *
 * The table is plain JS memory, reused from step to step: the only native objects are the engine's tensors around
 * it, created and freed by each forward, and the pass's, freed by the backward or release like any training pass.
 */
import type { ForwardPass, KeptSamplingRows } from './engine';

/** Row-major views of a number of rows: outputs, h_1..h_L, and the features (null for a one-hot input). */
export interface RowViews {
  outputs: Float32Array;
  activations: Float32Array[];
  input: Float32Array | null;
}

/** What the engine lends the table: its widths, a forward that writes into views, a training pass around views. */
export interface RowWriter {
  widths: { outputs: number; hidden: number; layers: number; input: number };
  forwardInto(rows: Int32Array, into: RowViews): void;
  passOver(rows: Int32Array, views: RowViews): ForwardPass;
}

export class KeptRows implements KeptSamplingRows {
  private table: RowViews;
  private stateAt = new Int32Array(0);
  private count = 0;
  /** state -> the first table row that holds it, -1 none (grown to the largest state id seen; no Map: per row). */
  private where = new Int32Array(0).fill(-1);
  private repeated = false;

  constructor(private readonly writer: RowWriter) {
    this.table = this.allocate(0);
  }

  /** Empties the table for a new step (its memory is kept). */
  reset(): void {
    for (let r = 0; r < this.count; r++) this.where[this.stateAt[r]] = -1;
    this.count = 0;
    this.repeated = false;
  }

  private rowOf(s: number): number {
    return s < this.where.length ? this.where[s] : -1;
  }

  /** The outputs of `states` (what the sampler reads, valid until the next call), their activations kept. */
  forward(states: Int32Array): Float32Array {
    const at = this.count;
    this.reserve(at + states.length);
    const views = this.views(at, states.length, this.table);
    this.writer.forwardInto(states, views);
    this.stateAt.set(states, at);
    for (let r = 0; r < states.length; r++) {
      const s = states[r];
      if (s >= this.where.length) this.growIndex(s);
      if (this.where[s] >= 0) this.repeated = true;
      else this.where[s] = at + r;
    }
    this.count += states.length;
    return views.outputs;
  }

  /** The kept states in table order, each once: the batch's first rows. */
  order(): Int32Array {
    const kept = this.stateAt.slice(0, this.count);
    return this.repeated ? kept.filter((s, r) => this.where[s] === r) : kept;
  }

  /** The training pass of `rows` (distinct states), in that order: the table's rows, the missing ones forwarded now. */
  passFor(rows: Int32Array): ForwardPass {
    const missing = rows.filter((s) => this.rowOf(s) < 0);
    if (missing.length > 0) this.forward(missing);
    const inOrder = !this.repeated && rows.length === this.count && rows.every((s, r) => this.stateAt[r] === s);
    return this.writer.passOver(rows, inOrder ? this.views(0, rows.length, this.table) : this.gather(rows));
  }

  /** The rows of `rows` copied out of the table, in that order. */
  private gather(rows: Int32Array): RowViews {
    const into = this.allocate(rows.length);
    const w = this.writer.widths;
    const copy = (from: Float32Array, to: Float32Array, width: number) => {
      rows.forEach((s, r) => to.set(from.subarray(this.where[s] * width, (this.where[s] + 1) * width), r * width));
    };
    copy(this.table.outputs, into.outputs, w.outputs);
    this.table.activations.forEach((h, l) => copy(h, into.activations[l], w.hidden));
    if (this.table.input) copy(this.table.input, into.input!, w.input);
    return into;
  }

  /** Room for `rows` rows, doubling (the rows kept so far are copied over). */
  private reserve(rows: number): void {
    if (rows <= this.stateAt.length) return;
    const capacity = Math.max(rows, 2 * this.stateAt.length, 64);
    const grown = this.allocate(capacity);
    grown.outputs.set(this.table.outputs);
    grown.activations.forEach((h, l) => h.set(this.table.activations[l]));
    grown.input?.set(this.table.input!);
    const stateAt = new Int32Array(capacity);
    stateAt.set(this.stateAt);
    this.table = grown;
    this.stateAt = stateAt;
  }

  private growIndex(state: number): void {
    const grown = new Int32Array(Math.max(state + 1, 2 * this.where.length, 1024)).fill(-1);
    grown.set(this.where);
    this.where = grown;
  }

  private allocate(rows: number): RowViews {
    const w = this.writer.widths;
    return {
      outputs: new Float32Array(rows * w.outputs),
      activations: Array.from({ length: w.layers }, () => new Float32Array(rows * w.hidden)),
      input: w.input > 0 ? new Float32Array(rows * w.input) : null,
    };
  }

  private views(at: number, rows: number, of: RowViews): RowViews {
    const w = this.writer.widths;
    const view = (a: Float32Array, width: number) => a.subarray(at * width, (at + rows) * width);
    return {
      outputs: view(of.outputs, w.outputs),
      activations: of.activations.map((h) => view(h, w.hidden)),
      input: of.input ? view(of.input, w.input) : null,
    };
  }
}
