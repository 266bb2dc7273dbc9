/** Training's check of the terminal rewards it meets: an invalid one stops the run with what the file returned. */
import type { EnvironmentSpec } from '../authoring/api';
import { ensureGuarded } from '../userCode/guardedEnvironment';
import { InvalidValue } from '../userCode/errors';
import type { DagTables } from './tables';
import type { TrainGraph, Trajectory } from './trajectory';
import { TrainingError } from './trainingError';

export function checkRewards<S, A>(trajectories: Trajectory[], iteration: number, graph: TrainGraph, tables: DagTables, env?: EnvironmentSpec<S, A>): void {
  for (const t of trajectories) {
    const x = t.states[t.states.length - 1];
    if (Number.isNaN(tables.logReward[x])) {
      throw new TrainingError(
        `iteration ${iteration}: the reward of terminal state ${graph.keys[x]} is invalid: ${invalidReward(x, graph, env)}; rewards must be finite numbers >= 0 (log-rewards numbers below Infinity)`,
      );
    }
  }
}

/** What the file's reward function returned for terminal x (called again, guarded), else its log R. */
function invalidReward<S, A>(x: number, graph: TrainGraph, env?: EnvironmentSpec<S, A>): string {
  const logR = `log R is ${graph.logReward[x]}`;
  if (!env) return logR;
  const guarded = ensureGuarded(env);
  try {
    const value = guarded.rewardValue(graph.states[x] as S);
    return `${guarded.rewardField} returned ${value instanceof InvalidValue ? value.description : value}`;
  } catch {
    return logR;
  }
}
