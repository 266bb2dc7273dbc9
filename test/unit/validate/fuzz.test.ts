/**
 * Fuzz test of validation through the real sandbox (`validateFile` of src/sandbox/host.ts), against an independent
 * brute-force enumeration written here: it imports nothing of src/dag/explore.ts, src/dag/exact.ts or src/validate/validate.ts.
 *
 * Group 1 (N_TABLES environments): random tables of 2..40 states (integers or strings) with actions to other states,
 * mostly forward (DAGs), sometimes back edges and self-loops (cycles); canStop flags; rewards from a mix of 0,
 * positive (1e-30 .. 1e30, Number.MIN_VALUE, Number.MAX_VALUE), negative, NaN, +-Infinity and non-numbers; user
 * functions (actions, step, reward, canStop, key, render) that throw an Error or a string for some states; states
 * unreachable from s0; two actions with one child; declared `actionSpace` (sometimes missing an action); `key`
 * (sometimes merging two states, sometimes throwing); non-deterministic steps; state budgets (`maxStates`).
 * Each table is embedded as JSON in the text of a `.gfn.ts` and validated with `validateFile(path, { contents })`.
 *
 * Group 2 (N_EXOTIC environments): states built of Set, Map, BigInt, Date and typed arrays. Two states with the same
 * contents are one state whatever the insertion order of their Sets and Maps.
 *
 * The oracle follows the documented rules (docs/authoring.md, shared/protocol.ts):
 * - a state is known by its key (`key(s)`, default the JSON of s); a state whose key throws is not a state (the edge
 *   to it is dropped, `user-exception`); when the key of s0 throws, the summary is null or has 0 states (the docs do
 *   not say which);
 * - BFS from s0, children in the order of `actions(s)`; a state is a terminal when it is a sink (`actions(s)` is the
 *   empty array) or `canStop(s)` holds; `canStop` is asked only of non-sinks, `reward` only of terminals;
 * - `actions(s)` throwing or not returning an array: `user-exception`, s has no edges and is no terminal;
 * - an action outside a declared `actionSpace`: `action-outside-space`, no edge (step is not called);
 * - `step` throwing: `user-exception`, no edge; `step` is called twice per edge (the determinism check): a different
 *   key the second time is `nondeterministic-step`, a throw the second time `user-exception` (the edge stays);
 * - `canStop` throwing: `user-exception`, not a terminal; `reward` throwing: `user-exception` only;
 * - rewards: 0 -> warning `zero-reward` (with its count); negative, NaN, +-Infinity, non-numbers -> `invalid-reward`
 *   (one diagnostic per kind, with its count);
 * - a cycle among the explored edges: `cycle`, whose path must be a cycle of the table;
 * - a state budget: once a new state does not fit, the exploration stops expanding (the rest of the frontier stays
 *   unexpanded), `complete` is false, `state-budget-exceeded` (information);
 * - summary: states, edges (one per successful step), terminals, complete, maxDepth (longest path in a DAG, BFS
 *   depth otherwise), logZ = log of the sum of the positive finite rewards of the terminals (invalid ones ignored),
 *   null when incomplete, cyclic, or without a positive reward;
 * - `render` throwing: `user-exception` with severity warning.
 * ok is false iff an error diagnostic is expected. Besides the codes, the test checks which functions the
 * user-exception messages name, the kinds and counts of invalid rewards, the count of zero rewards, and that a
 * reported cycle is made of edges of the table.
 *
 * Engine behaviour that looks wrong keeps its assertion in a test of its own, named "[questionable: ...]".
 *
 * A failure prints the group, index, seed and generated table. To reproduce: GFN_FUZZ_ONLY=table:104 runs one
 * environment, GFN_FUZZ_SOURCE=table:104 prints its .gfn.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, ValidationResult } from '../../../shared/protocol';
import { SandboxPool, validateFile } from '../../../src/sandbox/host';

const BASE_SEED = 0x9e3779b9;
const N_TABLES = 500;
const CHUNKS = 5;
const N_EXOTIC = 50;
const CONCURRENCY = 2;
/** The default limits are generous: 2 s per call is far above what a table lookup needs even on a busy machine. */
const VALIDATE_OPTIONS = { memoryLimitMb: 256 } as const;

// ---------------------------------------------------------------------------------------------------------------
// A tiny seeded PRNG (mulberry32) and helpers.

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(group: number, index: number): number {
  return (Math.imul(BASE_SEED ^ (group * 0x85ebca6b), 0x27d4eb2f) + Math.imul(index + 1, 0x165667b1)) >>> 0;
}

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const chance = (rng: Rng, p: number) => rng() < p;
function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)];
}
function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/**
 * Runs f over items, `concurrency` at a time. Each lane has its SandboxPool: a sandbox process is started for the
 * lane's next validation while the current one runs (each validation still gets a fresh process).
 */
async function pool<T, R>(items: readonly T[], concurrency: number, f: (item: T, sandboxes: SandboxPool) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    const sandboxes = new SandboxPool();
    try {
      while (next < items.length) {
        const i = next++;
        results[i] = await f(items[i], sandboxes);
      }
    } finally {
      sandboxes.dispose();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, run));
  return results;
}

/**
 * Reproduction: GFN_FUZZ_ONLY=table:104,exotic:3 runs only those environments (the others pass vacuously), and
 * GFN_FUZZ_SOURCE=table:104 prints the generated .gfn.ts of one.
 */
const ONLY = process.env.GFN_FUZZ_ONLY?.split(',').map((x) => x.trim());
const selected = (group: 'table' | 'exotic', index: number) => !ONLY || ONLY.includes(`${group}:${index}`);

/** Where the .gfn.ts paths point (nothing is written there: the text goes in `contents`). */
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gfn-fuzz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------------------------
// Group 1: the tables.

type Thrown = 'error' | 'string';
type ActionValue = string | number | Record<string, number>;
type Special = 'NaN' | 'Infinity' | '-Infinity' | 'undefined' | 'string' | 'null' | 'true';
type RewardSpec = number | { special: Special };

interface Act {
  a: ActionValue;
  /** The child (a row index). */
  to: number;
  throwStep?: Thrown;
  /** Non-deterministic step: every second call returns this row instead. */
  again?: number;
  /** Every second call throws. */
  throwAgain?: Thrown;
}

interface Row {
  acts: Act[] | 'not-array';
  throwActions?: Thrown;
  canStop?: boolean;
  throwCanStop?: Thrown;
  /** Whether the row is a terminal by the documented rule (the file's reward throws when called on any other). */
  terminal: boolean;
  reward: RewardSpec;
  throwReward?: Thrown;
  key?: string;
  throwKey?: Thrown;
  throwRender?: Thrown;
}

interface Table {
  name: string;
  /** State values, by row. Distinct (as typeof + value). */
  values: (number | string)[];
  s0: number;
  rows: Row[];
  canStop: boolean;
  key: boolean;
  render: boolean;
  actionSpace?: ActionValue[];
  maxStates?: number;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'zu', 'ré', 'Ω', 'x', 'q"t', 'b\\s', ' ', '7', 'ü', '😀', 'tab\t', '{}', '[0]'];

function stateValues(rng: Rng, n: number): (number | string)[] {
  const kind = pick(rng, ['int', 'string', 'mixed'] as const);
  const seen = new Set<string>();
  const values: (number | string)[] = [];
  while (values.length < n) {
    let v: number | string;
    const asString = kind === 'string' || (kind === 'mixed' && chance(rng, 0.5));
    if (asString) {
      const r = rng();
      if (r < 0.08) v = '';
      else if (r < 0.2) v = String(int(rng, -5, 40)); // looks like a number, is a string
      else v = Array.from({ length: int(rng, 1, 3) }, () => pick(rng, SYLLABLES)).join('');
    } else {
      const r = rng();
      v = r < 0.1 ? int(rng, -3, 3) + 0.5 : r < 0.15 ? 1e21 * int(rng, 1, 9) : int(rng, -50, 400);
    }
    const id = `${typeof v}:${v}`;
    if (seen.has(id)) continue;
    seen.add(id);
    values.push(v);
  }
  return values;
}

function actionAlphabet(rng: Rng): ActionValue[] {
  const kind = pick(rng, ['string', 'number', 'object', 'mixed'] as const);
  const out: ActionValue[] = [];
  for (let i = 0; i < 7; i++) {
    const k = kind === 'mixed' ? pick(rng, ['string', 'number', 'object'] as const) : kind;
    if (k === 'string') out.push(i % 3 === 0 ? String(i) : `a${i}`);
    else if (k === 'number') out.push(i);
    else out.push(i % 2 ? { d: i } : { d: i, e: i * 2 });
  }
  // Distinct by JSON (mixed may give "0" and 0, which are distinct).
  const seen = new Set<string>();
  return out.filter((a) => !seen.has(JSON.stringify(a)) && (seen.add(JSON.stringify(a)), true));
}

function rewardSpec(rng: Rng, wild: boolean): RewardSpec {
  const r = rng();
  if (!wild) {
    if (r < 0.15) return 0;
    if (r < 0.2) return pick(rng, [1e-30, 1e30, 1e-300, 1e300]);
    return Math.round(rng() * 1000) / 100 + 0.01;
  }
  if (r < 0.12) return 0;
  if (r < 0.45) return Math.round(rng() * 1000) / 100 + 0.01;
  if (r < 0.6) return pick(rng, [1e-30, 1e30, Number.MIN_VALUE, Number.MAX_VALUE, 1e-200, 1e200, 0.5]);
  if (r < 0.7) return -pick(rng, [1, 0.25, 1e-30, 1e30]);
  const specials: Special[] = ['NaN', 'Infinity', '-Infinity', 'undefined', 'string', 'null', 'true'];
  return { special: pick(rng, specials) };
}

function generateTable(index: number): Table {
  const rng = mulberry32(seedOf(1, index));
  const n = int(rng, 2, 40);
  const values = stateValues(rng, n);
  const order = shuffle(rng, Array.from({ length: n }, (_, i) => i)); // a random topological order of the rows
  const position = new Array<number>(n);
  order.forEach((row, p) => (position[row] = p));
  const cyclic = chance(rng, 0.15);
  const backProb = cyclic ? pick(rng, [0.03, 0.1, 0.3]) : 0;
  const wild = chance(rng, 0.5);
  const throwRate = (p: number) => (chance(rng, p) ? pick(rng, [0.03, 0.08, 0.2]) : 0);
  const rates = {
    actions: throwRate(0.15),
    notArray: chance(rng, 0.05) ? 0.1 : 0,
    step: throwRate(0.2),
    again: chance(rng, 0.08) ? 0.1 : 0,
    throwAgain: chance(rng, 0.06) ? 0.1 : 0,
    canStop: throwRate(0.15),
    reward: throwRate(0.15),
    key: throwRate(0.1),
    render: throwRate(0.5),
  };
  const hasCanStop = chance(rng, 0.4);
  const hasKey = chance(rng, 0.3);
  const hasRender = chance(rng, 0.2);
  const alphabet = actionAlphabet(rng);
  const thrown = (rate: number): Thrown | undefined => (rate > 0 && chance(rng, rate) ? (chance(rng, 0.5) ? 'error' : 'string') : undefined);
  const sinkProb = pick(rng, [0.05, 0.15, 0.3]);

  const rows: Row[] = values.map((_, row) => {
    const p = position[row];
    const forward = n - 1 - p;
    let nActs = forward === 0 ? 0 : chance(rng, sinkProb) ? 0 : int(rng, 1, Math.min(4, alphabet.length));
    if (forward === 0 && backProb > 0 && chance(rng, 0.5)) nActs = 1;
    const acts: Act[] = shuffle(rng, [...alphabet])
      .slice(0, nActs)
      .map((a) => {
        let to: number;
        if (forward === 0 || (backProb > 0 && chance(rng, backProb))) to = order[int(rng, 0, p)]; // back edge or self-loop
        else to = order[p + 1 + Math.floor(rng() ** 2 * forward)];
        return { a, to };
      });
    // Occasionally two actions with one child.
    if (acts.length >= 2 && chance(rng, 0.1)) acts[1].to = acts[0].to;
    for (const act of acts) {
      const t = thrown(rates.step);
      if (t) act.throwStep = t;
      else if (rates.again && chance(rng, rates.again)) act.again = int(rng, 0, n - 1);
      else {
        const t2 = thrown(rates.throwAgain);
        if (t2) act.throwAgain = t2;
      }
    }
    const r: Row = { acts, terminal: false, reward: rewardSpec(rng, wild) };
    if (rates.notArray && chance(rng, rates.notArray)) r.acts = 'not-array';
    const ta = thrown(rates.actions);
    if (ta) r.throwActions = ta;
    if (hasCanStop) {
      r.canStop = chance(rng, 0.3);
      const tc = thrown(rates.canStop);
      if (tc) r.throwCanStop = tc;
    }
    const tr = thrown(rates.reward);
    if (tr) r.throwReward = tr;
    if (hasRender) {
      const t = thrown(rates.render);
      if (t) r.throwRender = t;
    }
    return r;
  });
  if (hasKey) {
    rows.forEach((r, i) => {
      r.key = `k${i}`;
      const t = thrown(rates.key);
      if (t) r.throwKey = t;
    });
    // Sometimes two rows share a key: they are one state.
    const merges = chance(rng, 0.4) ? int(rng, 1, 3) : 0;
    for (let m = 0; m < merges; m++) rows[int(rng, 0, n - 1)].key = rows[int(rng, 0, n - 1)].key;
  }
  // The documented rule for terminals, per row (a row's behaviour is the same wherever it is reached).
  for (const r of rows) {
    const actionsOk = !r.throwActions && r.acts !== 'not-array';
    const sink = actionsOk && (r.acts as Act[]).length === 0;
    r.terminal = sink || (actionsOk && hasCanStop && !r.throwCanStop && r.canStop === true);
  }
  // s0: usually the first row of the order; sometimes later, so earlier rows are unreachable.
  const s0 = chance(rng, 0.85) ? order[0] : order[int(rng, 1, Math.min(3, n - 1))];
  // Sometimes the key of s0 itself throws: there is no state at all.
  if (hasKey && chance(rng, 0.06)) rows[s0].throwKey = pick(rng, ['error', 'string'] as const);

  const table: Table = { name: `fuzz table ${index}`, values, s0, rows, canStop: hasCanStop, key: hasKey, render: hasRender };
  if (chance(rng, 0.3)) {
    const used = new Map<string, ActionValue>();
    for (const r of rows) if (r.acts !== 'not-array') for (const act of r.acts) used.set(JSON.stringify(act.a), act.a);
    let space = [...used.values()];
    if (chance(rng, 0.4) && space.length > 0) space.splice(int(rng, 0, space.length - 1), 1); // one action missing
    if (chance(rng, 0.3)) space.push(`unused${index}`);
    // An object action with its fields in another order has another JSON: per the docs, another action.
    if (chance(rng, 0.15)) space = space.map((a) => (typeof a === 'object' && 'e' in a ? { e: a.e, d: a.d } : a));
    table.actionSpace = shuffle(rng, space);
  }
  if (chance(rng, 0.1)) table.maxStates = int(rng, 1, n);
  return table;
}

/** The `.gfn.ts` text of a table. */
function tableSource(t: Table): string {
  return `// Generated by test/unit/validate/fuzz.test.ts.
import { defineEnvironment } from 'gflownet-studio';

const T: any = ${JSON.stringify(t)};
const ids = new Map<string, number>(T.values.map((v: unknown, i: number) => [typeof v + ':' + String(v), i]));
function id(s: unknown): number {
  const i = ids.get(typeof s + ':' + String(s));
  if (i === undefined) throw new Error('not a state of the table: ' + String(s));
  return i;
}
function fail(mode: string, what: string): never {
  if (mode === 'string') throw what;
  throw new Error(what);
}
const SPECIAL: any = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, undefined: undefined, string: 'seven', null: null, true: true };
const calls = new Map<string, number>();

export default defineEnvironment<any, any>({
  name: T.name,
  initial: T.values[T.s0],
  actions: (s) => {
    const row = T.rows[id(s)];
    if (row.throwActions) fail(row.throwActions, 'actions fails at ' + String(s));
    return row.acts === 'not-array' ? ('not an array' as any) : row.acts.map((x: any) => x.a);
  },
  step: (s, a) => {
    const i = id(s);
    const k = JSON.stringify(a);
    const act = T.rows[i].acts.find((x: any) => JSON.stringify(x.a) === k);
    if (!act) throw new Error('step got an action that actions did not list: ' + k);
    const n = (calls.get(i + '|' + k) ?? 0) + 1;
    calls.set(i + '|' + k, n);
    if (act.throwStep) fail(act.throwStep, 'step fails at ' + String(s) + ' with ' + k);
    if (n % 2 === 0 && act.throwAgain) fail(act.throwAgain, 'step fails the second time at ' + String(s) + ' with ' + k);
    if (n % 2 === 0 && act.again !== undefined) return T.values[act.again];
    return T.values[act.to];
  },
  reward: (x) => {
    const row = T.rows[id(x)];
    if (!row.terminal) throw new Error('reward was called on the non-terminal state ' + String(x));
    if (row.throwReward) fail(row.throwReward, 'reward fails at ' + String(x));
    return typeof row.reward === 'object' ? SPECIAL[row.reward.special] : row.reward;
  },${t.canStop ? `
  canStop: (s) => {
    const row = T.rows[id(s)];
    if (row.throwCanStop) fail(row.throwCanStop, 'canStop fails at ' + String(s));
    return row.canStop;
  },` : ''}${t.key ? `
  key: (s) => {
    const row = T.rows[id(s)];
    if (row.throwKey) fail(row.throwKey, 'key fails at ' + String(s));
    return row.key;
  },` : ''}${t.render ? `
  render: (s) => {
    const row = T.rows[id(s)];
    if (row.throwRender) fail(row.throwRender, 'render fails at ' + String(s));
    return 'state ' + String(s);
  },` : ''}${t.actionSpace ? `
  actionSpace: T.actionSpace,` : ''}
});
`;
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle of group 1: a brute-force BFS over the table by the documented rules.

type RewardKind = 'negative' | 'infinite' | 'NaN' | 'not a number';

interface Expected {
  ok: boolean;
  states: number;
  edges: number;
  terminals: number;
  complete: boolean;
  maxDepth: number;
  logZ: number | null;
  /** `${severity}:${code}` of every expected diagnostic. */
  codes: Set<string>;
  /** User functions expected to throw (error severity), and render (warning). */
  threw: Set<string>;
  renderThrew: boolean;
  invalid: Map<RewardKind, number>;
  zero: number;
  /** Terminals with a positive finite reward, and terminals whose reward threw. */
  positive: number;
  rewardThrew: number;
  /** Edges as `${sourceKey}\u0000${actionKey}\u0000${childKey}`, to check a reported cycle. */
  edgeSet: Set<string>;
}

function rewardValue(spec: RewardSpec): unknown {
  if (typeof spec === 'number') return spec;
  return { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, undefined, string: 'seven', null: null, true: true }[spec.special];
}

/** log sum r over positive finite r, by scaling with the largest (not a log-sum-exp of logs): null for none. */
function logSum(rewards: number[]): number | null {
  const ok = rewards.filter((r) => r > 0 && r !== Infinity);
  if (ok.length === 0) return null;
  const max = ok.reduce((m, r) => (r > m ? r : m), 0);
  let sum = 0;
  for (const r of [...ok].sort((a, b) => a - b)) sum += r / max;
  return Math.log(max) + Math.log(sum);
}

function oracle(t: Table): Expected {
  const threw = new Set<string>();
  let renderThrew = false;
  const codes = new Set<string>();
  const keyOf = (row: number): string | undefined => {
    if (!t.key) return JSON.stringify(t.values[row]);
    const r = t.rows[row];
    if (r.throwKey) {
      threw.add('key');
      return undefined;
    }
    return r.key as string;
  };
  const space = t.actionSpace ? new Set(t.actionSpace.map((a) => JSON.stringify(a))) : undefined;
  const maxStates = t.maxStates ?? 1_000_000;

  const rowOf: number[] = []; // state -> its row (the first one reached with that key)
  const keys: string[] = [];
  const depth: number[] = [];
  const byKey = new Map<string, number>();
  const out: number[][] = []; // state -> children (one per edge)
  const edgeSet = new Set<string>();
  let edges = 0;
  let complete = true;
  const terminal: boolean[] = [];
  const rewards: unknown[] = []; // for terminals whose reward did not throw
  let rewardThrew = 0;

  const add = (row: number, key: string, d: number) => {
    byKey.set(key, rowOf.length);
    rowOf.push(row);
    keys.push(key);
    depth.push(d);
    out.push([]);
  };
  const k0 = keyOf(t.s0);
  if (k0 !== undefined) add(t.s0, k0, 0);
  let expandedCount = 0;
  for (let s = 0; s < rowOf.length; s++) {
    expandedCount++;
    const r = t.rows[rowOf[s]];
    const actionsOk = !r.throwActions && r.acts !== 'not-array';
    if (!actionsOk) threw.add('actions');
    const acts = actionsOk ? (r.acts as Act[]) : [];
    for (const act of acts) {
      const ak = JSON.stringify(act.a);
      if (space && !space.has(ak)) {
        codes.add('error:action-outside-space');
        continue;
      }
      if (act.throwStep) {
        threw.add('step');
        continue;
      }
      const childKey = keyOf(act.to);
      if (childKey === undefined) continue;
      // The determinism check: step again.
      if (act.throwAgain) threw.add('step');
      else if (act.again !== undefined) {
        const againKey = keyOf(act.again);
        if (againKey !== undefined && againKey !== childKey) codes.add('error:nondeterministic-step');
      }
      let child = byKey.get(childKey);
      if (child === undefined) {
        if (rowOf.length >= maxStates) {
          complete = false;
          continue;
        }
        child = rowOf.length;
        add(act.to, childKey, depth[s] + 1);
      }
      out[s].push(child);
      edgeSet.add(`${keys[s]}\u0000${ak}\u0000${keys[child]}`);
      edges++;
    }
    const sink = actionsOk && acts.length === 0;
    let isTerminal = sink;
    if (!sink && actionsOk && t.canStop) {
      if (r.throwCanStop) threw.add('canStop');
      else isTerminal = r.canStop === true;
    }
    terminal.push(isTerminal);
    if (isTerminal) {
      if (r.throwReward) {
        threw.add('reward');
        rewardThrew++;
      } else rewards.push(rewardValue(r.reward));
    }
    if (!complete) break; // the rest of the frontier stays unexpanded
  }
  const n = rowOf.length;
  for (let s = expandedCount; s < n; s++) terminal.push(false);
  if (t.render) for (let s = 0; s < n; s++) if (t.rows[rowOf[s]].throwRender) renderThrew = true;

  // Cycles: iterative DFS with colours.
  const colour = new Uint8Array(n);
  let cyclic = false;
  for (let root = 0; root < n && !cyclic; root++) {
    if (colour[root]) continue;
    const stack: [number, number][] = [[root, 0]];
    colour[root] = 1;
    while (stack.length && !cyclic) {
      const top = stack[stack.length - 1];
      const [s, i] = top;
      if (i < out[s].length) {
        top[1]++;
        const c = out[s][i];
        if (colour[c] === 1) cyclic = true;
        else if (colour[c] === 0) {
          colour[c] = 1;
          stack.push([c, 0]);
        }
      } else {
        colour[s] = 2;
        stack.pop();
      }
    }
  }
  // maxDepth: longest path in a DAG (memoised DFS), the BFS depth otherwise.
  let maxDepth = 0;
  if (!cyclic) {
    const longest = new Array<number>(n).fill(-1);
    // Longest path from s0 = max over parents; compute by relaxing in a topological order (reverse DFS post-order).
    const post: number[] = [];
    const seen = new Uint8Array(n);
    for (let root = 0; root < n; root++) {
      if (seen[root]) continue;
      const stack: [number, number][] = [[root, 0]];
      seen[root] = 1;
      while (stack.length) {
        const top = stack[stack.length - 1];
        if (top[1] < out[top[0]].length) {
          const c = out[top[0]][top[1]++];
          if (!seen[c]) {
            seen[c] = 1;
            stack.push([c, 0]);
          }
        } else {
          post.push(top[0]);
          stack.pop();
        }
      }
    }
    for (const s of post) longest[s] = 0;
    for (let i = post.length - 1; i >= 0; i--) {
      const s = post[i];
      for (const c of out[s]) longest[c] = Math.max(longest[c], longest[s] + 1);
    }
    maxDepth = longest.reduce((m, d) => Math.max(m, d), 0);
  } else maxDepth = depth.reduce((m, d) => Math.max(m, d), 0);

  const invalid = new Map<RewardKind, number>();
  let zero = 0;
  const numeric: number[] = [];
  for (const v of rewards) {
    let kind: RewardKind | undefined;
    if (typeof v !== 'number') kind = 'not a number';
    else if (Number.isNaN(v)) kind = 'NaN';
    else if (v === Infinity || v === -Infinity) kind = 'infinite';
    else if (v < 0) kind = 'negative';
    else if (v === 0) zero++;
    else numeric.push(v);
    if (kind) invalid.set(kind, (invalid.get(kind) ?? 0) + 1);
  }
  if (invalid.size) codes.add('error:invalid-reward');
  if (zero) codes.add('warning:zero-reward');
  if (threw.size) codes.add('error:user-exception');
  if (renderThrew) codes.add('warning:user-exception');
  if (cyclic) codes.add('error:cycle');
  if (!complete) codes.add('information:state-budget-exceeded');
  const terminals = terminal.filter(Boolean).length;
  return {
    ok: ![...codes].some((c) => c.startsWith('error:')),
    states: n,
    edges,
    terminals,
    complete,
    maxDepth,
    logZ: complete && !cyclic ? logSum(numeric) : null,
    codes,
    threw,
    renderThrew,
    invalid,
    zero,
    positive: numeric.length,
    rewardThrew,
    edgeSet,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison.

/**
 * Engine behaviour that looks wrong (a bug, not a rule): the assertion is kept, in a test of its own, so that the
 * chunk tests report only the other differences. Differences tagged with it are left out of the chunk tests.
 *
 * Q_ZERO_ALL: when no terminal has a positive or invalid reward, zero-reward says "reward is 0 for all N terminal
 * states: Z = 0", N counting the terminals whose reward threw (src/validate/validate.ts checkRewards: `all = positive === 0 &&
 * bad.size === 0`, thrown rewards are in neither). E.g. 2 terminals, R = 0 and a throwing reward: "0 for all 2".
 */
const Q_ZERO_ALL = '[questionable: zero-reward "all N" counts thrown rewards]';
const isQuestionable = (d: string) => d.startsWith('[questionable');

function closeLogZ(actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

const sorted = (xs: Iterable<string>) => [...xs].sort().join(', ');

/** Differences between a result and the oracle, as readable lines (empty when they agree). */
function compare(result: ValidationResult, e: Expected): string[] {
  const diffs: string[] = [];
  const s = result.summary;
  if (!s && e.states === 0) {
    // The key of s0 threw: no state at all. The docs do not say whether that is a summary of 0 states or none (a
    // failure to load); either will do, with the exception reported as an error.
    if (result.ok || !result.diagnostics.some((d) => d.code === 'user-exception' && d.severity === 'error')) {
      diffs.push(`no summary and no user-exception error (the key of s0 throws); diagnostics: ${JSON.stringify(result.diagnostics)}`);
    }
    return diffs;
  }
  if (!s) return [`summary is null (expected ${e.states} states); diagnostics: ${JSON.stringify(result.diagnostics)}`];
  const check = (what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected) diffs.push(`${what}: got ${String(actual)}, expected ${String(expected)}`);
  };
  check('ok', result.ok, e.ok);
  check('summary.states', s.states, e.states);
  check('summary.edges', s.edges, e.edges);
  check('summary.terminals', s.terminals, e.terminals);
  check('summary.complete', s.complete, e.complete);
  check('summary.maxDepth', s.maxDepth, e.maxDepth);
  if (!closeLogZ(s.logZ, e.logZ)) diffs.push(`summary.logZ: got ${s.logZ}, expected ${e.logZ}`);
  const codes = new Set(result.diagnostics.map((d) => `${d.severity}:${d.code}`));
  if (sorted(codes) !== sorted(e.codes)) diffs.push(`diagnostic codes: got [${sorted(codes)}], expected [${sorted(e.codes)}]`);

  // The function named in the message: "step threw ... in step(state ...)", "key threw ... in step(state ...)" (the key
  // of a child), "... (in actions(state ...))", or the declaration in related information.
  const fnOf = (d: Diagnostic) =>
    /^(\w+) threw /.exec(d.message)?.[1] ?? /\bin (\w+)\(state /.exec(d.message)?.[1] ?? /^`(\w+)` is declared here$/.exec(d.related?.[0]?.message ?? '')?.[1] ?? `?${d.message}`;
  const threw = new Set(result.diagnostics.filter((d) => d.code === 'user-exception' && d.severity === 'error').map(fnOf));
  if (sorted(threw) !== sorted(e.threw)) diffs.push(`functions that threw: got [${sorted(threw)}], expected [${sorted(e.threw)}]`);
  const renderThrew = result.diagnostics.filter((d) => d.code === 'user-exception' && d.severity === 'warning').map(fnOf);
  if (renderThrew.some((f) => f !== 'render')) diffs.push(`warning user-exception from ${renderThrew.join(', ')}`);

  const invalid = new Map<string, number>();
  for (const d of result.diagnostics.filter((x) => x.code === 'invalid-reward')) {
    const m = /^reward is (negative|infinite|NaN|not a number) for (\d+) of (\d+) terminal states/.exec(d.message);
    if (!m) diffs.push(`unexpected invalid-reward message: ${d.message}`);
    else {
      invalid.set(m[1], Number(m[2]));
      check(`invalid-reward total in "${d.message}"`, Number(m[3]), e.terminals);
    }
  }
  const show = (m: Map<string, number>) => sorted([...m].map(([k, v]) => `${k}=${v}`));
  if (show(invalid) !== show(e.invalid)) diffs.push(`invalid rewards: got [${show(invalid)}], expected [${show(e.invalid)}]`);

  for (const d of result.diagnostics.filter((x) => x.code === 'zero-reward')) {
    const m = /^reward is 0 for (all )?(\d+)/.exec(d.message);
    if (!m) diffs.push(`unexpected zero-reward message: ${d.message}`);
    else {
      // "for all N terminal states" must mean that all N are zero. Marked: see the test named with Q_ZERO_ALL.
      if (Number(m[2]) !== e.zero) diffs.push(`${Q_ZERO_ALL} zero-reward count in "${d.message}": got ${m[2]}, expected ${e.zero} (of ${e.terminals} terminals)`);
      else if (m[1] && e.zero !== e.terminals) diffs.push(`${Q_ZERO_ALL} "${d.message}" but ${e.terminals - e.zero} terminals are not zero`);
    }
  }

  for (const d of result.diagnostics.filter((x) => x.code === 'cycle')) {
    const m = /^the states form a cycle: (.*)\. A GFlowNet needs a DAG/.exec(d.message);
    const p = m ? m[1].split(' -> ') : [];
    const related = d.related ?? [];
    if (!m || p.length < 2 || p[0] !== p[p.length - 1] || related.length !== p.length - 1) {
      diffs.push(`malformed cycle diagnostic: ${d.message} / ${JSON.stringify(related)}`);
      continue;
    }
    for (let i = 0; i + 1 < p.length; i++) {
      const rm = /^step\((.*), (.*)\) = (.*)$/.exec(related[i].message);
      const ok = rm && rm[1] === p[i] && rm[3] === p[i + 1] && e.edgeSet.has(`${p[i]}\u0000${rm[2]}\u0000${p[i + 1]}`);
      if (!ok) diffs.push(`cycle step ${i} is not an edge of the table: ${related[i].message} (path ${m[1]})`);
    }
  }
  return diffs;
}

interface Outcome {
  index: number;
  seed: number;
  diffs: string[];
  table: unknown;
  expected?: unknown;
  diagnostics?: unknown;
}

function failureReport(group: string, failures: Outcome[], total: number): string {
  if (failures.length === 0) return '';
  const lines = [`${failures.length} of ${total} ${group} environments disagree with the oracle (indices ${failures.map((f) => f.index).join(', ')}).`];
  for (const f of failures.slice(0, 4)) {
    lines.push(
      `--- ${group} #${f.index} (seed ${f.seed}):`,
      ...f.diffs.map((d) => `  ${d}`),
      `  table: ${JSON.stringify(f.table)}`,
      ...(f.expected ? [`  expected: ${JSON.stringify(f.expected)}`] : []),
      ...(f.diagnostics ? [`  diagnostics: ${JSON.stringify(f.diagnostics)}`] : []),
    );
  }
  if (failures.length > 4) lines.push(`(${failures.length - 4} more not shown)`);
  return lines.join('\n');
}

function expectedForPrint(e: Expected): unknown {
  const { edgeSet, codes, threw, invalid, ...rest } = e;
  void edgeSet;
  return { ...rest, codes: [...codes], threw: [...threw], invalid: Object.fromEntries(invalid) };
}

async function runTable(index: number, sandboxes?: SandboxPool): Promise<Outcome> {
  const table = generateTable(index);
  const seed = seedOf(1, index);
  const expected = oracle(table);
  let result: ValidationResult;
  try {
    result = await validateFile(path.join(dir, `table-${index}.gfn.ts`), {
      ...VALIDATE_OPTIONS,
      pool: sandboxes,
      contents: tableSource(table),
      ...(table.maxStates ? { maxStates: table.maxStates } : {}),
    });
  } catch (error) {
    return { index, seed, diffs: [`validateFile rejected: ${String(error)}`], table };
  }
  const diffs = compare(result, expected);
  return diffs.length ? { index, seed, diffs, table, expected: expectedForPrint(expected), diagnostics: result.diagnostics } : { index, seed, diffs, table };
}

const printSource = process.env.GFN_FUZZ_SOURCE?.split(':');
if (printSource) {
  const i = Number(printSource[1]);
  console.log(printSource[0] === 'exotic' ? exoticSource(generateExotic(i)) : tableSource(generateTable(i)));
}

describe(`fuzz: ${N_TABLES} random tables through the sandbox against a brute-force oracle`, () => {
  it('the generator covers what it should', () => {
    const tally: Record<string, number> = { unreachable: 0, twoActionsOneChild: 0, cycle: 0, userException: 0, invalidReward: 0, zeroReward: 0, outside: 0, nondet: 0, budget: 0, keyed: 0, merged: 0, withLogZ: 0, render: 0, noState: 0 };
    for (let i = 0; i < N_TABLES; i++) {
      const t = generateTable(i);
      const e = oracle(t);
      tally.cycle += +e.codes.has('error:cycle');
      tally.userException += +e.codes.has('error:user-exception');
      tally.invalidReward += +e.codes.has('error:invalid-reward');
      tally.zeroReward += +e.codes.has('warning:zero-reward');
      tally.outside += +e.codes.has('error:action-outside-space');
      tally.nondet += +e.codes.has('error:nondeterministic-step');
      tally.budget += +!e.complete;
      tally.keyed += +t.key;
      tally.merged += +(t.key && new Set(t.rows.map((r) => r.key)).size < t.rows.length);
      tally.withLogZ += +(e.logZ !== null);
      tally.render += +e.renderThrew;
      tally.noState += +(e.states === 0);
      for (const fn of e.threw) tally[`threw ${fn}`] = (tally[`threw ${fn}`] ?? 0) + 1;
      tally.unreachable += +(e.states < new Set(t.key ? t.rows.map((r) => r.key) : t.values.map((v) => JSON.stringify(v))).size);
      tally.twoActionsOneChild += +t.rows.some((r) => r.acts !== 'not-array' && new Set(r.acts.map((x) => x.to)).size < r.acts.length);
    }
    if (process.env.GFN_FUZZ_TALLY) console.log(JSON.stringify(tally));
    for (const fn of ['actions', 'step', 'reward', 'canStop', 'key']) expect(tally[`threw ${fn}`], `threw ${fn}: ${JSON.stringify(tally)}`).toBeGreaterThan(3);
    for (const [what, count] of Object.entries(tally)) expect(count, `${what}: ${JSON.stringify(tally)}`).toBeGreaterThan(3);
  });

  const perChunk = Math.ceil(N_TABLES / CHUNKS);
  for (let c = 0; c < CHUNKS; c++) {
    const from = c * perChunk;
    const to = Math.min(N_TABLES, from + perChunk);
    // About 10 s on an idle 2-core machine; 30-40 s when other jobs load it (load average 13).
    it(`tables ${from}..${to - 1}`, { timeout: 120_000 }, async () => {
      const indices = Array.from({ length: to - from }, (_, i) => from + i).filter((i) => selected('table', i));
      const outcomes = await pool(indices, CONCURRENCY, runTable);
      const failures = outcomes.filter((o) => o.diffs.some((d) => !isQuestionable(d)));
      expect(failures.length, failureReport('table', failures, indices.length)).toBe(0);
    });
  }

  it(`${Q_ZERO_ALL}: the count of zero-reward is the number of zero rewards`, { timeout: 60_000 }, async () => {
    const indices = Array.from({ length: N_TABLES }, (_, i) => i).filter((i) => {
      if (!selected('table', i)) return false;
      const e = oracle(generateTable(i));
      return e.zero > 0 && e.positive === 0 && e.invalid.size === 0 && e.rewardThrew > 0;
    });
    expect(indices.length, 'the generator makes such tables').toBeGreaterThan(ONLY ? -1 : 0);
    const outcomes = await pool(indices, CONCURRENCY, runTable);
    const failures = outcomes.filter((o) => o.diffs.some(isQuestionable));
    expect(failures.length, failureReport('table', failures, indices.length)).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Group 2: exotic but identifiable states. A state holds a subset of items; its value is built of a Set or a Map
// (in the insertion order of the path that built it), with BigInt, Date and typed-array fields derived from the
// subset, or is a typed array or a Date alone. Two states with the same subset are one state.

interface ExoticItem {
  v: string | number;
  /** The element is BigInt(v). */
  big?: boolean;
  /** The Map payload of the item (a BigInt when payloadBig). */
  payload: string | number;
  payloadBig?: boolean;
}

interface ExoticTable {
  name: string;
  items: ExoticItem[];
  weights: number[];
  maxSize: number;
  container: 'set' | 'map' | 'typed' | 'date';
  extras: ('big' | 'date' | 'typed' | 'nested')[];
  actionKind: 'index' | 'name';
  /** canStop(s) when the weight sum of s is = 0 mod canStopMod (0: no canStop). */
  canStopMod: number;
  rewardVia: 'contents' | 'big' | 'date' | 'typed';
  scale: number;
  /** Insert a new item at the front of the Set/Map when its index is odd (more insertion orders). */
  prepend: boolean;
}

function generateExotic(index: number): ExoticTable {
  const rng = mulberry32(seedOf(2, index));
  const k = int(rng, 2, 5);
  const items: ExoticItem[] = [];
  const seen = new Set<string>();
  const choices = [() => ({ v: int(rng, 0, 9) }), () => ({ v: String(int(rng, 0, 9)) }), () => ({ v: int(rng, 0, 9), big: true }), () => ({ v: pick(rng, ['a', 'b', 'c', 'ü', '']) })];
  while (items.length < k) {
    const it: Omit<ExoticItem, 'payload'> = pick(rng, choices)();
    const id = `${it.big ? 'bigint' : typeof it.v}:${it.v}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const payloadBig = chance(rng, 0.3);
    items.push({ ...it, payload: payloadBig ? int(rng, 0, 1000) : chance(rng, 0.5) ? `p${items.length}` : rng(), ...(payloadBig ? { payloadBig } : {}) });
  }
  const container = pick(rng, ['set', 'set', 'map', 'map', 'typed', 'date'] as const);
  const extras: ExoticTable['extras'] = container === 'set' || container === 'map' ? (['big', 'date', 'typed', 'nested'] as const).filter(() => chance(rng, 0.35)) : [];
  const vias: ExoticTable['rewardVia'][] = ['contents'];
  if (extras.includes('big')) vias.push('big');
  if (extras.includes('date') || container === 'date') vias.push('date');
  if (extras.includes('typed') || container === 'typed') vias.push('typed');
  return {
    name: `fuzz exotic ${index}`,
    items,
    weights: items.map(() => int(rng, 0, 5)),
    maxSize: int(rng, 1, k),
    container,
    extras,
    actionKind: chance(rng, 0.5) ? 'index' : 'name',
    canStopMod: chance(rng, 0.4) ? int(rng, 2, 3) : 0,
    rewardVia: pick(rng, vias),
    scale: pick(rng, [1, 1, 0.5, 1e-30, 1e30]),
    prepend: chance(rng, 0.5),
  };
}

function exoticSource(t: ExoticTable): string {
  return `// Generated by test/unit/validate/fuzz.test.ts.
import { defineEnvironment } from 'gflownet-studio';

const T: any = ${JSON.stringify(t)};
const DAY = 86_400_000;
const BASE = Date.UTC(2020, 0, 1);
const el = (i: number): unknown => (T.items[i].big ? BigInt(T.items[i].v) : T.items[i].v);
const payload = (i: number): unknown => (T.items[i].payloadBig ? BigInt(T.items[i].payload) : T.items[i].payload);
const sum = (m: number[]) => m.reduce((t, i) => t + T.weights[i], 0);
const mask = (m: number[]) => m.reduce((t, i) => t + 2 ** i, 0);

/** The state of the members m (item indices, in insertion order). */
function make(m: number[]): any {
  if (T.container === 'typed') return Float64Array.from(T.items.map((_: unknown, i: number) => (m.includes(i) ? T.weights[i] + 1 : 0)));
  if (T.container === 'date') return new Date(BASE + mask(m) * DAY);
  const core = T.container === 'set' ? new Set(m.map(el)) : new Map(m.map((i) => [el(i), payload(i)]));
  if (T.extras.length === 0) return core;
  const s: any = { core };
  if (T.extras.includes('big')) s.total = m.reduce((t, i) => t + BigInt(T.weights[i]), 0n);
  if (T.extras.includes('date')) s.at = new Date(BASE + sum(m) * DAY);
  if (T.extras.includes('typed')) s.mask = Uint8Array.from(T.items.map((_: unknown, i: number) => (m.includes(i) ? 1 : 0)));
  if (T.extras.includes('nested')) s.index = new Map([['members', new Set(m.map(el))], ['size', new Set([m.length])]]);
  return s;
}

/** The members of a state, in its insertion order. */
function members(s: any): number[] {
  if (T.container === 'typed') return T.items.map((_: unknown, i: number) => i).filter((i: number) => s[i] !== 0);
  if (T.container === 'date') {
    const bits = Math.round((s.getTime() - BASE) / DAY);
    return T.items.map((_: unknown, i: number) => i).filter((i: number) => (bits >> i) & 1);
  }
  const core = s instanceof Set || s instanceof Map ? s : s.core;
  const elements = core instanceof Set ? [...core] : [...core.keys()];
  return elements.map((x) => T.items.findIndex((_: unknown, i: number) => el(i) === x));
}

const actionOf = (i: number) => (T.actionKind === 'index' ? i : 'add ' + i);
const itemOf = (a: any): number => (T.actionKind === 'index' ? a : Number(String(a).slice(4)));

export default defineEnvironment<any, any>({
  name: T.name,
  initial: make([]),
  actions: (s) => {
    const m = members(s);
    if (m.length >= T.maxSize) return [];
    return T.items.map((_: unknown, i: number) => i).filter((i: number) => !m.includes(i)).map(actionOf);
  },
  step: (s, a) => {
    const m = members(s);
    const i = itemOf(a);
    if (m.includes(i)) throw new Error('item ' + i + ' is already in the state');
    return make(T.prepend && i % 2 === 1 ? [i, ...m] : [...m, i]);
  },
  reward: (x) => {
    let r: number;
    if (T.rewardVia === 'big') r = Number(x.total);
    else if (T.rewardVia === 'date') r = T.container === 'date' ? sum(members(x)) : Math.round((x.at.getTime() - BASE) / DAY);
    else if (T.rewardVia === 'typed') r = T.container === 'typed' ? x.reduce((t: number, w: number) => t + (w > 0 ? w - 1 : 0), 0) : members(x).reduce((t: number, i: number) => t + x.mask[i] * T.weights[i], 0);
    else r = sum(members(x));
    return T.scale * (1 + r);
  },${t.canStopMod ? `
  canStop: (s) => sum(members(s)) % T.canStopMod === 0,` : ''}
});
`;
}

/** The oracle of group 2: subsets as sorted index lists. */
function exoticOracle(t: ExoticTable) {
  const k = t.items.length;
  const keyOf = (m: number[]) => [...m].sort((a, b) => a - b).join(',');
  const sum = (m: number[]) => m.reduce((s, i) => s + t.weights[i], 0);
  const states: number[][] = [[]];
  const index = new Map<string, number>([['', 0]]);
  const longest = [0];
  let edges = 0;
  const rewards: number[] = [];
  let terminals = 0;
  for (let s = 0; s < states.length; s++) {
    const m = states[s];
    const acts = m.length >= t.maxSize ? [] : Array.from({ length: k }, (_, i) => i).filter((i) => !m.includes(i));
    for (const i of acts) {
      const c = [...m, i];
      const key = keyOf(c);
      let id = index.get(key);
      if (id === undefined) {
        id = states.length;
        index.set(key, id);
        states.push(c);
        longest.push(0);
      }
      longest[id] = Math.max(longest[id], longest[s] + 1);
      edges++;
    }
    const terminal = acts.length === 0 || (t.canStopMod > 0 && sum(m) % t.canStopMod === 0);
    if (terminal) {
      terminals++;
      rewards.push(t.scale * (1 + sum(m)));
    }
  }
  return { states: states.length, edges, terminals, maxDepth: Math.max(...longest), logZ: logSum(rewards) };
}

async function runExotic(index: number, sandboxes?: SandboxPool): Promise<Outcome> {
  const table = generateExotic(index);
  const seed = seedOf(2, index);
  const e = exoticOracle(table);
  let result: ValidationResult;
  try {
    result = await validateFile(path.join(dir, `exotic-${index}.gfn.ts`), { ...VALIDATE_OPTIONS, pool: sandboxes, contents: exoticSource(table) });
  } catch (error) {
    return { index, seed, diffs: [`validateFile rejected: ${String(error).slice(0, 300)}`], table };
  }
  const diffs: string[] = [];
  const s = result.summary;
  if (!s) diffs.push('summary is null');
  else {
    for (const f of ['states', 'edges', 'terminals', 'maxDepth'] as const) if (s[f] !== e[f]) diffs.push(`summary.${f}: got ${s[f]}, expected ${e[f]}`);
    if (!s.complete) diffs.push('summary.complete is false');
    if (!closeLogZ(s.logZ, e.logZ)) diffs.push(`summary.logZ: got ${s.logZ}, expected ${e.logZ}`);
  }
  if (!result.ok || result.diagnostics.length > 0) diffs.push(`expected ok without diagnostics, got ok=${result.ok}: ${result.diagnostics.map((d) => `${d.code}: ${d.message}`).join(' | ').slice(0, 400)}`);
  return { index, seed, diffs, table, ...(diffs.length ? { expected: e } : {}) };
}

describe(`fuzz: ${N_EXOTIC} environments with Set, Map, BigInt, Date and typed-array states`, () => {
  it('states are identified by contents (Set and Map regardless of insertion order)', { timeout: 120_000 }, async () => {
    const indices = Array.from({ length: N_EXOTIC }, (_, i) => i).filter((i) => selected('exotic', i));
    const outcomes = await pool(indices, CONCURRENCY, runExotic);
    const failures = outcomes.filter((o) => o.diffs.length > 0);
    expect(failures.length, failureReport('exotic', failures, indices.length)).toBe(0);
  });
});
