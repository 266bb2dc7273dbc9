/**
 * Training on a DAG that exploration could not complete (the state budget ran out): states are expanded on demand
 * while sampling. A state reached for the first time gets its actions, children, stop flag and reward from the
 * user's functions, exactly as exploration would; its features come from encode(s) when it first enters a forward
 * pass; the uniform backward log-probability -log |parents(s')| of an edge s -> s' comes from parents(s') when the
 * edge first enters a batch (Bengio et al. 2023, "GFlowNet Foundations", JMLR, Sec. 3: P_B(s | s') may be any
 * distribution over the parents of s'; the uniform one needs only their count).
 *
 * The tables keep the layout of src/train/tables.ts (state-indexed rows, edge-indexed values) in typed arrays of
 * doubling capacity, so the sampler and the batch builder read them as they read an explored DAG. Edges of states
 * expanded here are appended (ids after the explored ones); nothing here needs the CSR offsets. Children are made
 * only when the sampler takes their edge (expansion lists the allowed actions only), so memory grows with the states
 * trajectories visit, not with all their children.
 */
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag, StateKey } from '../dag/dag';
import { ensureGuarded, type GuardedEnvironment } from '../userCode/guardedEnvironment';
import type { Expander, TrainGraph, Trajectory } from './trajectory';
import { buildTables, LOG_REWARD_SPAN, MASKED, trainingLogReward, type DagTables } from './tables';
import { checkEncoding, encodingMessage } from '../validate/encoding';
import { TrainingError, userCall } from './trainingError';
import { optionRef } from '../../shared/optionRefs';


function grown<T extends Float32Array | Float64Array | Int32Array | Uint8Array>(old: T, length: number, fill: number): T {
  const next = new (old.constructor as new (n: number) => T)(length);
  next.set(old);
  if (fill !== 0) next.fill(fill, old.length);
  return next;
}

export class OnDemandGraph<S, A> implements TrainGraph, Expander {
  states: S[];
  keys: StateKey[];
  expanded: Uint8Array;
  edgeChild: Int32Array;
  edgeAction: Int32Array;
  /** log R(x) of terminal states (the user's, without the reward exponent), NaN elsewhere and for invalid rewards. */
  logReward: Float64Array;
  readonly tables: DagTables;
  /** Width of encode(s). */
  readonly dim: number;
  /** Terminal objects found so far (explored and expanded here). */
  terminalCount = 0;
  private readonly index: Map<StateKey, number>;
  private readonly actionIndex: Map<string, number>;
  private readonly actionKeys: readonly string[];
  private readonly actionSpace: readonly A[];
  private edgeSource: Int32Array;
  private edgeCount: number;
  private capacity: number;
  private features: Float32Array;
  private encoded: Uint8Array;
  /** |parents(s)| once parents(s) was called, 0 before. */
  private parentCount: Int32Array;
  private floorKnown: boolean;
  private offsetKnown: boolean;
  /** Keys of states and actions, as exploration computed them. */
  private readonly guarded: GuardedEnvironment<S, A>;

  /**
   * `beta`: the reward exponent (tables.ts). `logRewardOffset`: a resumed run's (its checkpoint's); by default the
   * largest explored beta log R (tables.ts).
   */
  constructor(
    private readonly env: EnvironmentSpec<S, A>,
    dag: Dag<S, A>,
    private readonly learnedBackward: boolean,
    beta = 1,
    logRewardOffset?: number,
  ) {
    const budget = `the DAG is incomplete (exploration stopped at ${dag.states.length} states), so training expands states on demand`;
    if (!env.encode) {
      throw new TrainingError(`${budget} and needs encode(s): declare encode (fixed-length features) in the environment, or raise ${optionRef('maxStates')} if the space is finite`);
    }
    if (!env.parents) {
      throw new TrainingError(`${budget} and needs parents(s) to count the parents of each state for the backward policy: declare parents in the environment, or raise ${optionRef('maxStates')} if the space is finite`);
    }
    this.guarded = ensureGuarded(env);
    const n = dag.states.length;
    this.states = dag.states.slice();
    this.keys = dag.keys.slice();
    this.index = new Map(dag.index);
    this.actionKeys = dag.actionKeys;
    this.actionSpace = dag.actionSpace;
    this.actionIndex = new Map(dag.actionKeys.map((k, i) => [k, i]));
    this.capacity = Math.max(16, n);
    const tables = buildTables(dag, beta, logRewardOffset);
    this.tables = tables;
    this.expanded = grown(dag.expanded, this.capacity, 0);
    this.logReward = grown(dag.logReward, this.capacity, Number.NaN);
    tables.edgeOf = grown(tables.edgeOf, this.capacity * tables.nActions, -1);
    tables.forwardMask = grown(tables.forwardMask, this.capacity * tables.policyWidth, MASKED);
    tables.logReward = grown(tables.logReward, this.capacity, 0);
    // Explored parent counts are incomplete here: every backward quantity comes from parents(s) instead.
    tables.backwardMask = new Float32Array(this.capacity * Math.max(tables.nActions, 1)).fill(MASKED);
    this.edgeCount = dag.edgeChild.length;
    const edgeCapacity = Math.max(16, this.edgeCount);
    this.edgeChild = grown(dag.edgeChild, edgeCapacity, 0);
    this.edgeAction = grown(dag.edgeAction, edgeCapacity, 0);
    this.edgeSource = grown(dag.edgeSource, edgeCapacity, 0);
    tables.uniformLogPB = new Float32Array(edgeCapacity).fill(Number.NaN);
    this.parentCount = new Int32Array(this.capacity);
    this.terminalCount = dag.terminals.length;
    // Exploration drops the children over budget of the last state it expanded: expand that one again here
    // (its explored edges stay, edgeOf finds them).
    let last = n - 1;
    while (last >= 0 && !dag.expanded[last]) last--;
    if (last >= 0) {
      this.expanded[last] = 0;
      if (dag.terminal[last]) this.terminalCount--;
    }
    // buildTables floored the log-rewards at (largest explored log R) - LOG_REWARD_SPAN; with no explored positive
    // reward the floor is set by the first positive reward found (a floor must stay fixed during training), and so is
    // the log-reward offset unless a resumed run fixed it: log-rewards recorded before stay -LOG_REWARD_SPAN inside.
    this.floorKnown = dag.terminals.some((x) => Number.isFinite(dag.logReward[x]));
    this.offsetKnown = this.floorKnown || logRewardOffset !== undefined;
    this.dim = this.encodeOne(env.initial, this.keys[0] ?? 's0').length;
    this.features = new Float32Array(this.capacity * this.dim);
    this.encoded = new Uint8Array(this.capacity);
  }

  get stateCount(): number {
    return this.tables.nStates;
  }

  /** Lists the allowed actions, stop flag and reward of state s (the sampler calls this on first arrival). */
  expand(s: number): void {
    const env = this.guarded;
    const state = this.states[s];
    const key = this.keys[s];
    const t = this.tables;
    const actions = userCall(() => env.actions(state), () => `actions threw for state ${key}`);
    for (const a of actions) {
      const aKey = this.guarded.actionKey(a);
      const ai = this.actionIndex.get(aKey);
      if (ai === undefined) {
        throw new TrainingError(
          `actions gave ${aKey} for state ${key}, which is not in the action space (${this.actionKeys.length} actions found by exploration): declare actionSpace with every action`,
        );
      }
      t.forwardMask[s * t.policyWidth + ai] = 0;
    }
    let terminal = actions.length === 0;
    const canStop = env.canStop;
    if (!terminal && canStop) terminal = userCall(() => Boolean(canStop(state)), () => `canStop threw for state ${key}`);
    if (terminal) {
      const logR = userCall(() => env.logReward(state), () => `${env.rewardField} threw for terminal state ${key}`);
      this.logReward[s] = logR;
      t.logReward[s] = this.floored(logR);
      t.forwardMask[s * t.policyWidth + t.nActions] = 0;
      this.terminalCount++;
    }
    this.expanded[s] = 1;
  }

  /** The edge of action column ai in expanded state s: step runs on first use, the child may be a new state. */
  edge(s: number, ai: number): number {
    const t = this.tables;
    const known = t.edgeOf[s * t.nActions + ai];
    if (known >= 0) return known;
    const key = this.keys[s];
    const aKey = this.actionKeys[ai];
    // Actions are identified by key (src/dag/explore.ts actionKeyOf), so the action space's value stands for it.
    const child = userCall(() => this.guarded.step(this.states[s], this.actionSpace[ai]), () => `step threw for state ${key} and action ${aKey}`);
    const childKey = this.keyOf(child);
    const c = this.index.get(childKey) ?? this.addState(child, childKey);
    return this.addEdge(s, c, ai);
  }

  /** Features [rows.length * dim] of the given states, encoding each state once. */
  readonly featureRows = (rows: Int32Array): Float32Array => {
    const d = this.dim;
    const out = new Float32Array(rows.length * d);
    for (let i = 0; i < rows.length; i++) {
      const s = rows[i];
      if (!this.encoded[s]) {
        this.features.set(this.encodeOne(this.states[s], this.keys[s]), s * d);
        this.encoded[s] = 1;
      }
      out.set(this.features.subarray(s * d, (s + 1) * d), i * d);
    }
    return out;
  };

  /** Fills the uniform log P_B of every edge of the trajectories (and the learned P_B's masks) from parents(s'). */
  prepareBackward(trajectories: readonly Trajectory[]): void {
    const logPB = this.tables.uniformLogPB;
    for (const tr of trajectories) {
      for (let k = 0; k < tr.edges.length; k++) {
        const e = tr.edges[k];
        if (!Number.isNaN(logPB[e])) continue;
        const c = tr.states[k + 1];
        if (this.parentCount[c] === 0) this.countParents(c, e);
        logPB[e] = -Math.log(this.parentCount[c]);
      }
    }
  }

  /** Calls parents(s') once: its count, a check that it lists the edge we came by, the learned P_B's mask. */
  private countParents(c: number, via: number): void {
    const key = this.keys[c];
    const list = userCall(() => this.guarded.parents!(this.states[c]), () => `parents threw for state ${key}`);
    const sourceKey = this.keys[this.edgeSource[via]];
    const actionKey = this.actionKeys[this.edgeAction[via]];
    const t = this.tables;
    const perAction = new Map<number, number>();
    let listed = false;
    for (const p of list) {
      const pKey = this.keyOf(p.state);
      const aKey = this.guarded.actionKey(p.action);
      if (pKey === sourceKey && aKey === actionKey) listed = true;
      const ai = this.actionIndex.get(aKey);
      if (ai !== undefined) perAction.set(ai, (perAction.get(ai) ?? 0) + 1);
    }
    if (!listed) {
      throw new TrainingError(
        `parents(${key}) does not list { state: ${sourceKey}, action: ${actionKey} }, although step(${sourceKey}, ${actionKey}) = ${key}: parents must list every such transition`,
      );
    }
    this.parentCount[c] = list.length;
    if (this.learnedBackward) for (const [ai, count] of perAction) t.backwardMask[c * t.nActions + ai] = Math.log(count);
  }

  private encodeOne(state: S, key: StateKey): readonly number[] {
    const v = userCall(() => this.guarded.encode!(state), () => `encode threw for state ${key}`);
    const problems = checkEncoding(v, this.dim);
    if (problems) throw new TrainingError(encodingMessage(problems, key, this.dim));
    return v;
  }

  private keyOf(s: S): StateKey {
    return userCall(() => this.guarded.key(s), () => 'the key of a state failed');
  }

  private floored(logR: number): number {
    const t = this.tables;
    if (!this.floorKnown && Number.isFinite(logR)) {
      t.logRewardFloor = t.beta * logR - LOG_REWARD_SPAN;
      this.floorKnown = true;
      if (!this.offsetKnown) t.logRewardOffset = t.beta * logR;
      this.offsetKnown = true;
    }
    // NaN for invalid rewards: training stops with the state (Trainer.checkRewards).
    return trainingLogReward(logR, t);
  }

  private addState(state: S, key: StateKey): number {
    const id = this.tables.nStates;
    if (id === this.capacity) this.growStates(this.capacity * 2);
    this.states.push(state);
    this.keys.push(key);
    this.index.set(key, id);
    this.tables.nStates = id + 1;
    return id;
  }

  private growStates(capacity: number): void {
    const t = this.tables;
    this.expanded = grown(this.expanded, capacity, 0);
    this.logReward = grown(this.logReward, capacity, Number.NaN);
    this.encoded = grown(this.encoded, capacity, 0);
    this.parentCount = grown(this.parentCount, capacity, 0);
    this.features = grown(this.features, capacity * this.dim, 0);
    t.edgeOf = grown(t.edgeOf, capacity * t.nActions, -1);
    t.forwardMask = grown(t.forwardMask, capacity * t.policyWidth, MASKED);
    t.backwardMask = grown(t.backwardMask, capacity * Math.max(t.nActions, 1), MASKED);
    t.logReward = grown(t.logReward, capacity, 0);
    this.capacity = capacity;
  }

  private addEdge(s: number, c: number, ai: number): number {
    const e = this.edgeCount;
    if (e === this.edgeChild.length) {
      const capacity = e * 2;
      this.edgeChild = grown(this.edgeChild, capacity, 0);
      this.edgeAction = grown(this.edgeAction, capacity, 0);
      this.edgeSource = grown(this.edgeSource, capacity, 0);
      this.tables.uniformLogPB = grown(this.tables.uniformLogPB, capacity, Number.NaN);
    }
    this.edgeChild[e] = c;
    this.edgeAction[e] = ai;
    this.edgeSource[e] = s;
    this.edgeCount = e + 1;
    const t = this.tables;
    t.edgeOf[s * t.nActions + ai] = e;
    return e;
  }
}
