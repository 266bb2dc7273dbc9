/**
 * Forward trajectory sampling over the explored DAG, in plain JS on typed arrays: the policy rows come from one
 * batched forward pass (of all states, or of the states the batch is at now), then every trajectory draws its next
 * action with the seeded Rng. Exploration: temperature (logits / T) and epsilon-uniform over the allowed actions.
 */
import type { Expander, TrainGraph, Trajectory } from './trajectory';
import type { Rng } from '../../shared/rng';
import type { DagTables } from './tables';
import { stopLogitValue, type StopLogit } from './heads';
import { optionRef } from '../../shared/optionRefs';

export interface ExplorationOptions {
  epsilon: number;
  temperature: number;
}

/**
 * Unnormalised forward logits of the given states, rows in the order given, `stride` values per row, the first
 * nActions + 1 being [actions | stop]. Masking and the softmax happen here in JS (softmax is shift-invariant),
 * which saves the sampler's tensor ops. `stop` says how the stop logit is formed (heads.ts).
 */
export interface PolicyRowValues {
  data: Float32Array;
  stride: number;
  stop: StopLogit;
}
export type PolicyRows = (states: Int32Array) => PolicyRowValues;

export class UnexploredStateError extends Error {}

/** Trajectories through states expanded on demand are cut at this length: only a cycle makes them this long. */
export const MAX_EXPANDED_LENGTH = 100_000;

/**
 * Samples n trajectories in lock step: at each step the distinct current states are looked up once
 * (all trajectories start at s0 and share early states), then each trajectory draws its action.
 */
export function sampleTrajectories(
  dag: TrainGraph,
  tables: DagTables,
  n: number,
  policy: PolicyRows,
  rng: Rng,
  exploration: ExplorationOptions,
  expander?: Expander,
): Trajectory[] {
  const w = tables.policyWidth;
  const a = tables.nActions;
  const paths: number[][] = Array.from({ length: n }, () => [0]);
  const edges: number[][] = Array.from({ length: n }, () => []);
  const live: number[] = Array.from({ length: n }, (_, i) => i);
  let slot = new Int32Array(tables.nStates).fill(-1);
  const probs = new Float64Array(w);
  const logits = new Float64Array(w);
  const invT = 1 / exploration.temperature;
  while (live.length > 0) {
    // States added by on-demand expansion during the previous step get slots too.
    if (slot.length < tables.nStates) {
      const grown = new Int32Array(Math.max(tables.nStates, 2 * slot.length)).fill(-1);
      grown.set(slot);
      slot = grown;
    }
    const unique: number[] = [];
    for (const t of live) {
      const s = paths[t][paths[t].length - 1];
      if (expander && paths[t].length > MAX_EXPANDED_LENGTH) {
        throw new UnexploredStateError(
          `a trajectory grew past ${MAX_EXPANDED_LENGTH} states at ${dag.keys[s]}: does step lead back to earlier states (a cycle)? Training needs a DAG`,
        );
      }
      if (!dag.expanded[s]) {
        if (expander) expander.expand(s);
        else throw new UnexploredStateError(
          `a trajectory reached the unexplored state ${dag.keys[s]}: the DAG is incomplete, raise the state budget (${optionRef('maxStates')})`,
        );
      }
      if (slot[s] < 0) {
        slot[s] = unique.length;
        unique.push(s);
      }
    }
    const { data: rows, stride, stop } = policy(Int32Array.from(unique));
    let next = 0;
    for (const t of live) {
      const s = paths[t][paths[t].length - 1];
      const base = slot[s] * stride;
      const maskBase = s * w;
      let allowed = 0;
      let max = -Infinity;
      for (let c = 0; c < w; c++) {
        if (tables.forwardMask[maskBase + c] === 0) {
          allowed++;
          logits[c] = (c === a ? stopLogitValue(stop, rows[base + c], tables.logReward[s]) : rows[base + c]) * invT;
          if (logits[c] > max) max = logits[c];
        }
      }
      let total = 0;
      for (let c = 0; c < w; c++) {
        probs[c] = tables.forwardMask[maskBase + c] === 0 ? Math.exp(logits[c] - max) : 0;
        total += probs[c];
      }
      const eps = exploration.epsilon;
      let u = rng.next();
      let choice = -1;
      for (let c = 0; c < w; c++) {
        if (probs[c] === 0 && tables.forwardMask[maskBase + c] !== 0) continue;
        const p = (1 - eps) * (probs[c] / total) + eps / allowed;
        if (u < p) {
          choice = c;
          break;
        }
        u -= p;
      }
      if (choice < 0) for (let c = w - 1; c >= 0; c--) if (tables.forwardMask[maskBase + c] === 0) { choice = c; break; }
      if (choice === a) continue; // stop: the trajectory ends at s
      let e = tables.edgeOf[s * a + choice];
      if (e < 0 && expander) e = expander.edge(s, choice);
      paths[t].push(dag.edgeChild[e]);
      edges[t].push(e);
      live[next++] = t;
    }
    live.length = next;
    for (const s of unique) slot[s] = -1;
  }
  return paths.map((p, i) => ({ states: Int32Array.from(p), edges: Int32Array.from(edges[i]) }));
}
