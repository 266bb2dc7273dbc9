/**
 * The environment's 2-D projection of its terminal objects (`project(x) = [i, j]`, src/authoring/api.ts): the cell
 * of each terminal of an enumerated DAG, and a distribution over terminals summed per cell, the marginal the panel
 * draws as a heatmap (the target, the learned policy's exact terminal distribution, the recent samples).
 */
import type { Dag } from '../dag/dag';
import { UserCodeError } from '../userCode/errors';
import type { ProjectedMass } from '../../shared/flowSnapshot';
import { TrainingError } from './trainingError';

/** At most this many cells (256 x 256): the heatmaps travel with every flow snapshot. */
export const MAX_PROJECTION_CELLS = 65_536;

export interface Projection {
  rows: number;
  cols: number;
  /** The cell (i * cols + j) of each terminal, indexed like dag.terminals. */
  cellOf: Int32Array;
}

/**
 * project(x) of every terminal through the guarded environment; a throw or a value that is not a cell is a training
 * error naming the state, and so is a grid larger than MAX_PROJECTION_CELLS.
 */
export function projectTerminals<S>(dag: Dag<S, unknown>, project: (x: S) => readonly [number, number]): Projection {
  const n = dag.terminals.length;
  const is = new Int32Array(n);
  const js = new Int32Array(n);
  let rows = 0;
  let cols = 0;
  for (let t = 0; t < n; t++) {
    const x = dag.terminals[t];
    let cell: readonly [number, number];
    try {
      cell = project(dag.states[x]);
    } catch (error) {
      if (!(error instanceof UserCodeError)) throw error;
      const at = `for terminal state ${dag.keys[x]}`;
      throw new TrainingError(error.kind === 'exception' ? `project threw ${error.description} ${at}` : `${error.description} ${at}`);
    }
    [is[t], js[t]] = cell;
    rows = Math.max(rows, cell[0] + 1);
    cols = Math.max(cols, cell[1] + 1);
    if (rows * cols > MAX_PROJECTION_CELLS) {
      throw new TrainingError(`project gives cells up to [${rows - 1}, ${cols - 1}] (at terminal state ${dag.keys[x]}): more than ${MAX_PROJECTION_CELLS} cells to draw; project onto a smaller grid`);
    }
  }
  const cellOf = new Int32Array(n);
  for (let t = 0; t < n; t++) cellOf[t] = is[t] * cols + js[t];
  return { rows, cols, cellOf };
}

/** sum_{x : cell(x) = c} mass(x) for every cell c, row-major; `mass` indexed like dag.terminals. */
export function massPerCell(projection: Projection, mass: ArrayLike<number>): number[] {
  const out = new Array<number>(projection.rows * projection.cols).fill(0);
  for (let t = 0; t < projection.cellOf.length; t++) out[projection.cellOf[t]] += mass[t];
  return out;
}

/** The three heatmaps of a snapshot. */
export function projectedMass(projection: Projection, target: ArrayLike<number>, learned: ArrayLike<number>, sampled: ArrayLike<number>): ProjectedMass {
  return {
    rows: projection.rows,
    cols: projection.cols,
    target: massPerCell(projection, target),
    learned: massPerCell(projection, learned),
    sampled: massPerCell(projection, sampled),
  };
}
