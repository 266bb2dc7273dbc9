/**
 * The generators of the validation fuzz test (test/integration/validate/fuzz.test.ts): a seeded PRNG, and group 1, random
 * tables of states whose user functions fail here and there, with the `.gfn.ts` text of a table (the table embedded
 * as JSON). Group 2 is in exotic.ts.
 */
import { mulberry32 } from '../../../../shared/rng';

const BASE_SEED = 0x9e3779b9;

// ---------------------------------------------------------------------------------------------------------------
// A seeded PRNG (the project's mulberry32, shared/rng.ts) and helpers.

export type Rng = () => number;

export { mulberry32 };

export function seedOf(group: number, index: number): number {
  return (Math.imul(BASE_SEED ^ (group * 0x85ebca6b), 0x27d4eb2f) + Math.imul(index + 1, 0x165667b1)) >>> 0;
}

export const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
export const chance = (rng: Rng, p: number) => rng() < p;
export function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)];
}
export function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}


// ---------------------------------------------------------------------------------------------------------------
// Group 1: the tables.

type Thrown = 'error' | 'string';
type ActionValue = string | number | Record<string, number>;
type Special = 'NaN' | 'Infinity' | '-Infinity' | 'undefined' | 'string' | 'null' | 'true';
export type RewardSpec = number | { special: Special };

export interface Act {
  a: ActionValue;
  /** The child (a row index). */
  to: number;
  throwStep?: Thrown;
  /** Non-deterministic step: every second call returns this row instead. */
  again?: number;
  /** Every second call throws. */
  throwAgain?: Thrown;
}

export interface Row {
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

export interface Table {
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

export function generateTable(index: number): Table {
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
export function tableSource(t: Table): string {
  return `// Generated by test/integration/validate/fuzz.test.ts.
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
