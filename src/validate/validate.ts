/**
 * Validation: turns what exploration found (src/dag/explore.ts) plus a few checks of its own (rewards, encode, parents)
 * into diagnostics placed in the `.gfn.ts`, and a summary of the DAG.
 * Diagnostics about a user function go on its property; exceptions go on the throw site with the property as
 * related information. Problems that repeat are aggregated into one diagnostic with examples and a count.
 */
import { longestPathDepth, type Dag } from '../dag/dag';
import { logPartitionFunction } from '../dag/exact';
import type { ExploreIssue, ExploreResult } from '../dag/explore';
import { checkEncoding } from './encoding';
import { failureDiagnostic } from '../userCode/failures';
import type { LoadedEnvironment } from '../userCode/loader';
import type { NondeterministicCall } from '../userCode/nondeterminism';
import { InvalidValue, isEngineInstance, UserCodeError } from '../userCode/errors';
import type { GuardedEnvironment, RewardFieldName } from '../userCode/guardedEnvironment';
import type { GuardedName } from '../userCode/slots';
import { environmentLocation, propertyLocation } from '../authoring/locate';
import type { Diagnostic, RelatedInformation, SourceLocation, ValidationResult, ValidationSummary } from '../../shared/diagnostics';
import { optionRef } from '../../shared/optionRefs';

/** States whose encoding is checked (all states of smaller DAGs). */
export const ENCODE_CHECK_LIMIT = 20_000;
/** States whose declared parents are compared with the explored edges. */
export const PARENTS_CHECK_LIMIT = 20_000;
/** States whose render is tried (a throwing render only costs the graph its label, so a sample is enough). */
export const RENDER_CHECK_LIMIT = 200;
/** Terminal objects whose isMode and project are tried (training calls them on every terminal of an enumerated DAG). */
export const TERMINAL_CHECK_LIMIT = 20_000;
/** Examples quoted in an aggregated message. */
const EXAMPLES = 3;

type AnyEnv = GuardedEnvironment<unknown, unknown>;
type AnyDag = Dag<unknown, unknown>;

/** Keys in messages are cut so that one huge state does not flood the Problems panel. */
export function showKey(key: string): string {
  return key.length > 80 ? `${key.slice(0, 77)}...` : key;
}

/** Collects diagnostics, grouping exceptions that repeat (same function, place and message). */
class DiagnosticList {
  readonly items: Diagnostic[] = [];
  private readonly exceptionGroups = new Map<string, { diagnostic: Diagnostic; count: number; base: string }>();

  constructor(private readonly loaded: LoadedEnvironment) {}

  at(fn: string): SourceLocation {
    return propertyLocation(this.loaded.outline, fn);
  }

  /** The first frame of `stack` in the `.gfn.ts`, when there is one. */
  site(stack: string | undefined): SourceLocation | undefined {
    return this.loaded.stack.throwSite(stack);
  }

  push(d: Diagnostic): void {
    this.items.push(d);
  }

  /** A failure of user function `fn` called for `stateKey` (and `actionKey`): thrown, exited, async, unidentifiable. */
  exception(fn: GuardedName, error: unknown, stateKey: string, actionKey?: string, severity: Diagnostic['severity'] = 'error'): void {
    const failure = isEngineInstance(error, UserCodeError) ? error : new UserCodeError(fn, 'exception', String(error));
    const name = failure.fn === 'key' || failure.fn === fn ? failure.fn : fn;
    const call = actionKey === undefined ? `${fn}(state ${showKey(stateKey)})` : `${fn}(state ${showKey(stateKey)}, action ${showKey(actionKey)})`;
    const base = failure.kind === 'exception' ? `${name} threw ${failure.description} in ${call}` : `${failure.description} (in ${call})`;
    const diagnostic = failureDiagnostic(this.loaded.outline, this.loaded.stack, failure, base, severity);
    // Exceptions group by message; other failures (exits, Promises, unidentifiable states) by where they happen.
    const groupKey = `${diagnostic.code}|${name}|${diagnostic.line}:${diagnostic.column}|${failure.kind === 'exception' ? failure.description : ''}`;
    const group = this.exceptionGroups.get(groupKey);
    if (group) {
      group.count++;
      group.diagnostic.message = `${group.base} (and ${group.count - 1} more)`;
      return;
    }
    this.exceptionGroups.set(groupKey, { diagnostic, count: 1, base });
    this.items.push(diagnostic);
  }
}

/** Diagnostics and summary of an explored environment. Calls user functions (encode, parents, render, the reward). */
export function validateEnvironment(loaded: LoadedEnvironment, env: AnyEnv, explored: ExploreResult<unknown, unknown>): ValidationResult {
  const { dag } = explored;
  const list = new DiagnosticList(loaded);
  // A step that calls Math.random is reported at the call, every time; comparing two calls only finds it by chance.
  const randomStep = loaded.guard.nondeterminism.list().some((c) => c.fn === 'step');
  for (const issue of explored.issues) if (!(randomStep && issue.kind === 'nondeterministic-step')) reportIssue(list, loaded, issue);
  reportDuplicateActions(list, explored.issues);
  checkRewards(list, env, dag);
  if (env.encode) checkEncode(list, env, dag);
  if (env.parents) checkParents(list, env, dag);
  if (env.render) checkRender(list, env, dag);
  if (env.isMode) checkTerminalFunction(list, 'isMode', env.isMode, dag);
  if (env.project) checkTerminalFunction(list, 'project', env.project, dag);
  // Last: the checks above call the reward again, and may meet more calls.
  reportNondeterministicCalls(list, loaded.guard.nondeterminism.list());
  const diagnostics = list.items;
  const summary = summarize(env, dag);
  return { ok: !diagnostics.some((d) => d.severity === 'error'), summary, diagnostics };
}

export function summarize(env: AnyEnv, dag: AnyDag): ValidationSummary {
  const depths = dag.topoOrder ? longestPathDepth(dag) : dag.depth;
  let maxDepth = 0;
  for (const d of depths) if (d > maxDepth) maxDepth = d;
  const logZ = dag.complete && dag.topoOrder ? logPartitionFunction(dag) : -Infinity;
  return {
    name: env.name,
    states: dag.states.length,
    edges: dag.edgeChild.length,
    terminals: dag.terminals.length,
    logZ: Number.isFinite(logZ) ? logZ : null,
    maxDepth,
    complete: dag.complete,
  };
}

function reportIssue(list: DiagnosticList, loaded: LoadedEnvironment, issue: ExploreIssue): void {
  switch (issue.kind) {
    case 'user-error':
      list.exception(issue.fn, issue.error, issue.stateKey, issue.actionKey);
      return;
    case 'nondeterministic-step':
      list.push({
        severity: 'error',
        code: 'nondeterministic-step',
        ...list.at('step'),
        message: `step is not deterministic: step(state ${showKey(issue.stateKey)}, action ${issue.actionKey}) gave ${showKey(issue.firstKey)} the first time and ${showKey(issue.secondKey)} the second time (use no randomness or outside state in step)`,
      });
      return;
    case 'action-outside-space':
      list.push({
        severity: 'error',
        code: 'action-outside-space',
        ...list.at('actions'),
        message: `actions(state ${showKey(issue.stateKey)}) returned action ${issue.actionKey}, which is not in actionSpace: add it to actionSpace or stop returning it`,
        related: [{ ...list.at('actionSpace'), message: 'actionSpace is declared here' }],
      });
      return;
    case 'duplicate-action':
      return; // aggregated by reportDuplicateActions
    case 'cycle': {
      const related: RelatedInformation[] = issue.actionKeys.map((a, i) => ({
        ...list.at('step'),
        message: `step(${showKey(issue.path[i])}, ${a}) = ${showKey(issue.path[i + 1])}`,
      }));
      list.push({
        severity: 'error',
        code: 'cycle',
        ...list.at('step'),
        message: `the states form a cycle: ${issue.path.map(showKey).join(' -> ')}. A GFlowNet needs a DAG: make every step move away from the initial state (e.g. grow the state)`,
        related,
      });
      return;
    }
    case 'budget-exceeded':
      list.push({
        severity: 'information',
        code: 'state-budget-exceeded',
        ...environmentLocation(loaded.outline),
        message: `exploration stopped at the state budget of ${issue.maxStates} states: the DAG is incomplete, so exact metrics (Z, target distribution, exact flows) are unavailable. Raise the budget (${optionRef('maxStates')}) if the space is finite`,
      });
      return;
  }
}

/** One diagnostic per function and clock or random source it called (src/userCode/nondeterminism.ts), at the call. */
function reportNondeterministicCalls(list: DiagnosticList, calls: readonly NondeterministicCall[]): void {
  for (const call of calls) {
    const declared = list.at(call.fn);
    const site = list.site(call.stack);
    const same = call.fn === 'step' ? 'the same state and action' : 'the same state';
    const times = call.count === 1 ? '1 call' : `${call.count} calls`;
    list.push({
      severity: 'error',
      code: 'nondeterministic-step',
      ...(site ?? declared),
      message: `${call.fn} is not deterministic: it calls ${call.source} (${times} while validating), so ${same} can give a different result from call to call. Use no randomness, clocks or outside state in ${call.fn}: draw random numbers once at top level (with a seeded generator) or derive them from the state`,
      related: [{ ...declared, message: `\`${call.fn}\` is declared here` }],
    });
  }
}

/** One diagnostic for every state whose actions listed an action twice (exploration keeps up to 20 of them). */
function reportDuplicateActions(list: DiagnosticList, issues: readonly ExploreIssue[]): void {
  const found = issues.filter((i): i is Extract<ExploreIssue, { kind: 'duplicate-action' }> => i.kind === 'duplicate-action');
  if (found.length === 0) return;
  const examples = found.slice(0, EXAMPLES).map((i) => `${showKey(i.actionKey)} in actions(state ${showKey(i.stateKey)})`);
  const count = found.length >= 20 ? 'at least 20 states' : `${found.length} state${found.length === 1 ? '' : 's'}`;
  list.push({
    severity: 'error',
    code: 'duplicate-action',
    ...list.at('actions'),
    message: `actions lists an action more than once in ${count}, e.g. ${examples.join('; ')}: list each allowed action once (each is one edge of the DAG and one choice of the policy)`,
  });
}

interface Examples {
  count: number;
  examples: string[];
}

function addExample(map: Map<string, Examples>, kind: string, example: string): void {
  let e = map.get(kind);
  if (!e) map.set(kind, (e = { count: 0, examples: [] }));
  e.count++;
  if (e.examples.length < EXAMPLES) e.examples.push(example);
}

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

function checkRewards(list: DiagnosticList, env: AnyEnv, dag: AnyDag): void {
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

function checkEncode(list: DiagnosticList, env: AnyEnv, dag: AnyDag): void {
  const encode = env.encode as NonNullable<AnyEnv['encode']>;
  const n = Math.min(dag.states.length, ENCODE_CHECK_LIMIT);
  let expected = -1;
  let expectedAt = '';
  const lengths: Examples = { count: 0, examples: [] };
  const nonFinite: Examples = { count: 0, examples: [] };
  const notArray: Examples = { count: 0, examples: [] };
  let checked = 0;
  for (let s = 0; s < n; s++) {
    let v: readonly number[];
    try {
      v = encode(dag.states[s]);
    } catch (error) {
      list.exception('encode', error, dag.keys[s]);
      continue;
    }
    checked++;
    const key = showKey(dag.keys[s]);
    const problems = checkEncoding(v, expected < 0 ? undefined : expected);
    if (problems?.notArray !== undefined) {
      notArray.count++;
      if (notArray.examples.length < EXAMPLES) notArray.examples.push(`${key} -> ${problems.notArray}`);
      continue;
    }
    if (expected < 0) {
      expected = v.length;
      expectedAt = key;
    } else if (problems?.length !== undefined) {
      lengths.count++;
      if (lengths.examples.length < EXAMPLES) lengths.examples.push(`${problems.length} for ${key}`);
    }
    if (problems?.nonFinite) {
      nonFinite.count++;
      if (nonFinite.examples.length < EXAMPLES) nonFinite.examples.push(`${key}[${problems.nonFinite.index}] = ${problems.nonFinite.value}`);
    }
  }
  const scope = `(${checked} state${checked === 1 ? '' : 's'} checked${dag.states.length > n ? ` of ${dag.states.length}` : ''})`;
  const at = list.at('encode');
  if (notArray.count) {
    list.push({ severity: 'error', code: 'invalid-encoding', ...at, message: `encode must return an array of numbers, but returned something else for ${notArray.count} states, e.g. ${notArray.examples.join('; ')} ${scope}` });
  }
  if (lengths.count) {
    list.push({ severity: 'error', code: 'invalid-encoding', ...at, message: `encode returns vectors of different lengths: ${expected} for ${expectedAt} but ${lengths.examples.join(', ')}; ${lengths.count} states differ ${scope}. Neural policies need one fixed length` });
  }
  if (nonFinite.count) {
    list.push({ severity: 'error', code: 'invalid-encoding', ...at, message: `encode returns non-finite values for ${nonFinite.count} states, e.g. ${nonFinite.examples.join('; ')} ${scope}` });
  }
}

function checkParents(list: DiagnosticList, env: AnyEnv, dag: AnyDag): void {
  const parents = env.parents as NonNullable<AnyEnv['parents']>;
  const n = Math.min(dag.states.length, PARENTS_CHECK_LIMIT);
  const missing: Examples = { count: 0, examples: [] };
  const extra: Examples = { count: 0, examples: [] };
  let checked = 0;
  for (let s = 0; s < n; s++) {
    const key = showKey(dag.keys[s]);
    // Parents only count when every one of them was expanded: with an incomplete DAG, skip states at the frontier.
    const explored = new Set<string>();
    for (let i = dag.parentOffset[s]; i < dag.parentOffset[s + 1]; i++) {
      const e = dag.parentEdge[i];
      explored.add(`${dag.keys[dag.edgeSource[e]]}\u0000${dag.actionKeys[dag.edgeAction[e]]}`);
    }
    let declared: readonly { state: unknown; action: unknown }[];
    try {
      declared = parents(dag.states[s]);
    } catch (error) {
      list.exception('parents', error, dag.keys[s]);
      continue;
    }
    checked++;
    const declaredKeys = new Set<string>();
    for (const p of declared) {
      let pk: string;
      try {
        pk = `${env.key(p.state)}\u0000${env.actionKey(p.action)}`;
      } catch (error) {
        list.exception('parents', error, dag.keys[s]);
        continue;
      }
      declaredKeys.add(pk);
      if (!explored.has(pk)) {
        const parentKey = pk.split('\u0000')[0];
        const pid = dag.index.get(parentKey);
        // A parent that was found but not expanded (budget) may well lead here: no evidence either way.
        if (pid !== undefined && !dag.expanded[pid]) continue;
        if (pid === undefined && !dag.complete) continue;
        extra.count++;
        if (extra.examples.length < EXAMPLES) extra.examples.push(`(${showKey(parentKey)}, ${pk.split('\u0000')[1]}) for ${key}`);
      }
    }
    for (const pk of explored) {
      if (declaredKeys.has(pk)) continue;
      missing.count++;
      const [pState, pAction] = pk.split('\u0000');
      if (missing.examples.length < EXAMPLES) missing.examples.push(`(${showKey(pState)}, ${pAction}) for ${key}`);
    }
  }
  const scope = `(${checked} states checked${dag.states.length > n ? ` of ${dag.states.length}` : ''})`;
  const at = list.at('parents');
  if (missing.count) {
    list.push({ severity: 'error', code: 'parents-mismatch', ...at, message: `parents misses ${missing.count} transitions that exploration found, e.g. ${missing.examples.join('; ')} ${scope}` });
  }
  if (extra.count) {
    list.push({ severity: 'error', code: 'parents-mismatch', ...at, message: `parents lists ${extra.count} transitions that step does not make, e.g. ${extra.examples.join('; ')} ${scope}` });
  }
}

function checkRender(list: DiagnosticList, env: AnyEnv, dag: AnyDag): void {
  const render = env.render as NonNullable<AnyEnv['render']>;
  const n = Math.min(dag.states.length, RENDER_CHECK_LIMIT);
  for (let s = 0; s < n; s++) {
    try {
      render(dag.states[s]);
    } catch (error) {
      list.exception('render', error, dag.keys[s], undefined, 'warning');
    }
  }
}

/**
 * isMode must give true or false, project a cell [i, j], for terminal objects: a throw or another value is an error
 * training would meet.
 */
function checkTerminalFunction(list: DiagnosticList, name: 'isMode' | 'project', fn: (x: unknown) => unknown, dag: AnyDag): void {
  const n = Math.min(dag.terminals.length, TERMINAL_CHECK_LIMIT);
  for (let i = 0; i < n; i++) {
    const x = dag.terminals[i];
    try {
      fn(dag.states[x]);
    } catch (error) {
      list.exception(name, error, dag.keys[x]);
    }
  }
}
