/**
 * The check of the reward on every terminal object: NaN, negative, infinite or non-number values of the declared
 * function (`reward`: R(x), `logReward`: log R(x)) are errors, zero rewards a warning (all of them: nothing to sample).
 */
import type { Dag } from '../dag/dag';
import { InvalidValue } from '../userCode/errors';
import type { GuardedEnvironment, RewardFieldName } from '../userCode/guardedEnvironment';
import { addExample, EXAMPLES, showKey, type DiagnosticList, type Examples } from './diagnosticList';

type AnyEnv = GuardedEnvironment<unknown, unknown>;
type AnyDag = Dag<unknown, unknown>;

/** How many terminals whose log R came out NaN are called again to tell NaN, negatives and non-numbers apart. */
const REWARD_RECHECK_LIMIT = 1000;

/**
 * What is wrong with a reward value of the declared function (`reward`: R(x); `logReward`: log R(x)), in words,
 * or null for a valid one. log R = -Infinity, like R = 0, is a zero reward.
 */
function rewardProblem(field: RewardFieldName, value: number): string | null {
  if (Number.isNaN(value)) return 'NaN';
  if (field === 'logReward') return value === Infinity ? 'infinite' : null;
  if (value === Infinity || value === -Infinity) return 'infinite';
  return value < 0 ? 'negative' : null;
}

/** The reward on every terminal: NaN, negative, infinite or non-number values (errors) and zero rewards (a warning). */
export function checkRewards(list: DiagnosticList, env: AnyEnv, dag: AnyDag): void {
  const field = env.rewardField;
  const bad = new Map<string, Examples>();
  let zero = 0;
  const zeroExamples: string[] = [];
  let rechecked = 0;
  for (const x of dag.terminals) {
    const logR = dag.logReward[x];
    const key = showKey(dag.keys[x]);
    if (logR > -Infinity && logR < Infinity) continue; // a valid, positive reward
    else if (logR === -Infinity) {
      zero++;
      if (zeroExamples.length < EXAMPLES) zeroExamples.push(key);
    } else if (logR === Infinity) addExample(bad, 'infinite', `${key} -> Infinity`);
    else {
      // NaN: the reward threw (already reported), or its value is not a reward (negative, NaN, infinite, not a number).
      if (rechecked >= REWARD_RECHECK_LIMIT) {
        addExample(bad, 'not a number', key);
        continue;
      }
      rechecked++;
      let value: number | InvalidValue;
      try {
        value = env.rewardValue(dag.states[x]);
      } catch {
        continue;
      }
      if (value instanceof InvalidValue) addExample(bad, 'not a number', `${key} -> ${value.description}`);
      else addExample(bad, rewardProblem(field, value) ?? 'NaN', `${key} -> ${value}`);
    }
  }
  const total = dag.terminals.length;
  const rule = field === 'logReward'
    ? 'log-rewards must be numbers below Infinity (-Infinity is a zero reward)'
    : 'Rewards must be finite numbers >= 0';
  for (const [kind, e] of bad) {
    list.push({
      severity: 'error',
      code: 'invalid-reward',
      ...list.at(field),
      message: `${field} is ${kind} for ${e.count} of ${total} terminal states, e.g. ${e.examples.join('; ')}. ${rule}`,
    });
  }
  if (zero > 0) {
    // "All" only when every terminal has reward 0 (rewards that threw or are invalid are not zero).
    const all = zero === total;
    const is = field === 'logReward' ? 'logReward is -Infinity (reward 0)' : 'reward is 0';
    list.push({
      severity: 'warning',
      code: 'zero-reward',
      ...list.at(field),
      message: all
        ? `${is} for all ${total} terminal states: Z = 0, there is nothing to sample`
        : `${is} for ${zero} of ${total} terminal states (e.g. ${zeroExamples.join('; ')}): they are never sampled`,
    });
  }
}
