/**
 * The oracle of the validation fuzz test (test/integration/validate/fuzz.test.ts) for group 1 (the tables of generate.ts),
 * a brute-force enumeration independent of the engine: it imports nothing of src/dag/explore.ts, src/dag/exact.ts or
 * src/validate/validate.ts; and the comparison of a validation result with what the oracle expects.
 *
 * The oracle follows the documented rules (docs/authoring.md, shared/diagnostics.ts):
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
 * ok is false iff an error diagnostic is expected. Besides the codes, compare() checks which functions the
 * user-exception messages name, the kinds and counts of invalid rewards, the count of zero rewards, and that a
 * reported cycle is made of edges of the table.
 */
import type { Diagnostic, ValidationResult } from '../../../../shared/diagnostics';
import type { Act, RewardSpec, Table } from './generate';

// ---------------------------------------------------------------------------------------------------------------
// The oracle of group 1: a brute-force BFS over the table by the documented rules.

export type RewardKind = 'negative' | 'infinite' | 'NaN' | 'not a number';

export interface Expected {
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
export function logSum(rewards: number[]): number | null {
  const ok = rewards.filter((r) => r > 0 && r !== Infinity);
  if (ok.length === 0) return null;
  const max = ok.reduce((m, r) => (r > m ? r : m), 0);
  let sum = 0;
  for (const r of [...ok].sort((a, b) => a - b)) sum += r / max;
  return Math.log(max) + Math.log(sum);
}

export function oracle(t: Table): Expected {
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
    return r.key;
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
  let maxDepth: number;
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
export const Q_ZERO_ALL = '[questionable: zero-reward "all N" counts thrown rewards]';
export const isQuestionable = (d: string) => d.startsWith('[questionable');

export function closeLogZ(actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

const sorted = (xs: Iterable<string>) => [...xs].sort().join(', ');

/** Differences between a result and the oracle, as readable lines (empty when they agree). */
export function compare(result: ValidationResult, e: Expected): string[] {
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
