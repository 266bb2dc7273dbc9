/**
 * Breadth-first exploration of an environment's state DAG from s0, with a state budget.
 * User functions may throw or misbehave: exploration records what went wrong (with the state and action) as
 * ExploreIssue values and goes on, so that validation can report every problem at once.
 */
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag, StateKey } from './dag';
import { canonicalKey } from './stateKey';
import { buildParents, findCycle, topologicalOrder } from './graphOrder';
import type { NumberSetting } from '../../shared/options';
import { ensureGuarded } from '../userCode/guardedEnvironment';
import { isEngineInstance, UserCodeError } from '../userCode/errors';
import type { GuardedName } from '../userCode/slots';

/** The state budget: `--max-states` of gfn validate / train / compare, the setting gflownet.stateBudget. */
export const MAX_STATES_OPTION = {
  kind: 'number', key: 'maxStates', flag: '--max-states', metavar: 'N', setting: 'stateBudget', integer: true, minimum: 1,
  default: 1_000_000,
  description: 'Maximum number of states explored; beyond it exact metrics (Z, TV) are unavailable and training expands states on demand.',
} as const satisfies NumberSetting<'maxStates'>;
export const DEFAULT_MAX_STATES: number = MAX_STATES_OPTION.default;
/** How many edges have their step recomputed to detect non-determinism (all edges of small DAGs). */
export const DEFAULT_DETERMINISM_CHECKS = 20_000;
/** At most this many issues of one kind are kept; the rest are counted. */
const MAX_ISSUES_PER_KIND = 20;

export type ExploreIssue =
  | { kind: 'user-error'; fn: GuardedName; stateKey: StateKey; actionKey?: string; error: UserCodeError }
  | { kind: 'nondeterministic-step'; stateKey: StateKey; actionKey: string; firstKey: StateKey; secondKey: StateKey }
  | { kind: 'action-outside-space'; stateKey: StateKey; actionKey: string }
  | { kind: 'duplicate-action'; stateKey: StateKey; actionKey: string }
  | { kind: 'cycle'; path: StateKey[]; actionKeys: string[] }
  | { kind: 'budget-exceeded'; maxStates: number };

export interface ExploreOptions {
  maxStates?: number;
  determinismChecks?: number;
}

export interface ExploreResult<S, A> {
  dag: Dag<S, A>;
  issues: ExploreIssue[];
  /** Issues not kept because their kind already had MAX_ISSUES_PER_KIND. */
  droppedIssues: number;
  /** Edges whose step was recomputed to check determinism. */
  determinismChecked: number;
}

/** The key of an action: canonical (src/dag/stateKey.ts), so that structured actions compare by value. */
export function actionKeyOf(a: unknown): string {
  return canonicalKey(a);
}

/** What user code threw (always a UserCodeError from the guard; anything else is the engine's own bug). */
function asFailure(error: unknown, fn: GuardedName): UserCodeError {
  if (isEngineInstance(error, UserCodeError)) return error;
  throw isEngineInstance(error, Error) ? error : new Error(`engine error while calling ${fn}: ${typeof error === 'object' && error !== null ? 'an object' : String(error)}`);
}

export function explore<S, A>(rawEnv: EnvironmentSpec<S, A>, options: ExploreOptions = {}): ExploreResult<S, A> {
  const env = ensureGuarded(rawEnv);
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const determinismChecks = options.determinismChecks ?? DEFAULT_DETERMINISM_CHECKS;
  const issues: ExploreIssue[] = [];
  const issueCounts = new Map<string, number>();
  let droppedIssues = 0;
  const report = (issue: ExploreIssue) => {
    const kindKey = issue.kind === 'user-error' ? `user-error:${issue.fn}` : issue.kind;
    const n = issueCounts.get(kindKey) ?? 0;
    issueCounts.set(kindKey, n + 1);
    if (n < MAX_ISSUES_PER_KIND) issues.push(issue);
    else droppedIssues++;
  };

  const keyOf = (s: S, from: StateKey, actionKey?: string): StateKey | undefined => {
    try {
      return env.key(s);
    } catch (error) {
      const failure = asFailure(error, 'key');
      report({ kind: 'user-error', fn: failure.fn, stateKey: from, actionKey, error: failure });
      return undefined;
    }
  };

  // Action space: declared, or discovered in order of first appearance.
  const declaredSpace = env.actionSpace !== undefined;
  const actionSpace: A[] = declaredSpace ? [...(env.actionSpace as readonly A[])] : [];
  const actionKeys: string[] = actionSpace.map((a) => env.actionKey(a));
  const actionIndex = new Map<string, number>(actionKeys.map((k, i) => [k, i]));

  const states: S[] = [];
  const keys: StateKey[] = [];
  const index = new Map<StateKey, number>();
  const depth: number[] = [];
  const expanded: number[] = [];
  const edgeOffset: number[] = [0];
  const edgeChild: number[] = [];
  const edgeAction: number[] = [];
  const terminalFlags: number[] = [];
  const sinkFlags: number[] = [];
  const logRewards: number[] = [];

  const addState = (s: S, key: StateKey, d: number): number => {
    const id = states.length;
    states.push(s);
    keys.push(key);
    index.set(key, id);
    depth.push(d);
    return id;
  };

  const s0Key = keyOf(env.initial, '(initial)');
  let complete = true;
  let checked = 0;
  if (s0Key !== undefined) addState(env.initial, s0Key, 0);

  /** seenIn[a] is the last state whose actions listed action a. */
  const seenIn: number[] = [];
  for (let id = 0; id < states.length; id++) {
    const s = states[id];
    const key = keys[id];
    let actions: readonly A[];
    let actionsOk = true;
    try {
      actions = env.actions(s);
    } catch (error) {
      report({ kind: 'user-error', fn: 'actions', stateKey: key, error: asFailure(error, 'actions') });
      actionsOk = false;
      actions = [];
    }
    for (const a of actions) {
      const aKey = env.actionKey(a);
      let ai = actionIndex.get(aKey);
      // The same action twice would be two edges for one choice of the policy: its probabilities would not sum to 1.
      if (ai !== undefined && seenIn[ai] === id) {
        report({ kind: 'duplicate-action', stateKey: key, actionKey: aKey });
        continue;
      }
      if (ai === undefined) {
        if (declaredSpace) {
          report({ kind: 'action-outside-space', stateKey: key, actionKey: aKey });
          continue;
        }
        ai = actionSpace.length;
        actionSpace.push(a);
        actionKeys.push(aKey);
        actionIndex.set(aKey, ai);
      }
      seenIn[ai] = id;
      let child: S;
      let childKey: StateKey;
      try {
        ({ state: child, key: childKey } = env.stepKeyed(s, a));
      } catch (error) {
        report({ kind: 'user-error', fn: 'step', stateKey: key, actionKey: aKey, error: asFailure(error, 'step') });
        continue;
      }
      if (checked < determinismChecks) {
        checked++;
        try {
          const againKey = env.stepKeyed(s, a).key;
          if (againKey !== childKey) {
            report({ kind: 'nondeterministic-step', stateKey: key, actionKey: aKey, firstKey: childKey, secondKey: againKey });
          }
        } catch (error) {
          report({ kind: 'user-error', fn: 'step', stateKey: key, actionKey: aKey, error: asFailure(error, 'step') });
        }
      }
      let childId = index.get(childKey);
      if (childId === undefined) {
        if (states.length >= maxStates) {
          complete = false;
          continue;
        }
        childId = addState(child, childKey, depth[id] + 1);
      }
      edgeChild.push(childId);
      edgeAction.push(ai);
    }
    edgeOffset.push(edgeChild.length);
    expanded.push(1);

    const isSink = actionsOk && actions.length === 0;
    let isTerminal = isSink;
    if (!isSink && actionsOk && env.canStop) {
      try {
        isTerminal = Boolean(env.canStop(s));
      } catch (error) {
        report({ kind: 'user-error', fn: 'canStop', stateKey: key, error: asFailure(error, 'canStop') });
      }
    }
    sinkFlags.push(isSink ? 1 : 0);
    terminalFlags.push(isTerminal ? 1 : 0);
    let logR = Number.NaN;
    if (isTerminal) {
      try {
        logR = env.logReward(s);
      } catch (error) {
        report({ kind: 'user-error', fn: env.rewardField, stateKey: key, error: asFailure(error, env.rewardField) });
      }
    }
    logRewards.push(logR);
    if (!complete && states.length >= maxStates && id + 1 < states.length) {
      // Over budget: the remaining frontier stays unexpanded.
      for (let rest = id + 1; rest < states.length; rest++) {
        edgeOffset.push(edgeChild.length);
        expanded.push(0);
        sinkFlags.push(0);
        terminalFlags.push(0);
        logRewards.push(Number.NaN);
      }
      break;
    }
  }
  if (!complete) report({ kind: 'budget-exceeded', maxStates });

  const n = states.length;
  const m = edgeChild.length;
  const edgeSource = new Int32Array(m);
  for (let s = 0; s < n; s++) for (let e = edgeOffset[s]; e < edgeOffset[s + 1]; e++) edgeSource[e] = s;
  const { parentOffset, parentEdge } = buildParents(n, Int32Array.from(edgeChild));
  const dagCore = {
    edgeOffset: Int32Array.from(edgeOffset),
    edgeChild: Int32Array.from(edgeChild),
    parentOffset,
    parentEdge,
    edgeSource,
  };
  const topoOrder = topologicalOrder(n, dagCore);
  if (!topoOrder) {
    const cycle = findCycle(n, dagCore);
    report({
      kind: 'cycle',
      path: cycle.states.map((s) => keys[s]),
      actionKeys: cycle.edges.map((e) => actionKeys[edgeAction[e]]),
    });
  }
  const terminal = Uint8Array.from(terminalFlags);
  const terminals: number[] = [];
  for (let s = 0; s < n; s++) if (terminal[s]) terminals.push(s);

  const dag: Dag<S, A> = {
    states,
    keys,
    index,
    depth: Int32Array.from(depth),
    ...dagCore,
    edgeAction: Int32Array.from(edgeAction),
    actionSpace,
    actionKeys,
    expanded: Uint8Array.from(expanded),
    terminal,
    sink: Uint8Array.from(sinkFlags),
    logReward: Float64Array.from(logRewards),
    terminals: Int32Array.from(terminals),
    topoOrder,
    complete,
  };
  return { dag, issues, droppedIssues, determinismChecked: checked };
}
