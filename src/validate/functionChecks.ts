/**
 * The checks of the optional functions of an environment over the explored DAG, each on a bounded number of states:
 * `encode` (arrays of numbers of one length, finite), `parents` (the transitions exploration found, no others),
 * `render` (a throw costs a label: a warning) and `isMode` / `project` on terminal objects (a throw is an error
 * training would meet).
 */
import type { Dag } from '../dag/dag';
import type { GuardedEnvironment } from '../userCode/guardedEnvironment';
import { checkEncoding } from './encoding';
import { countExample, showKey, type DiagnosticList, type Examples } from './diagnosticList';

type AnyEnv = GuardedEnvironment<unknown, unknown>;
type AnyDag = Dag<unknown, unknown>;

/** States whose encoding is checked (all states of smaller DAGs). */
export const ENCODE_CHECK_LIMIT = 20_000;
/** States whose declared parents are compared with the explored edges. */
export const PARENTS_CHECK_LIMIT = 20_000;
/** States whose render is tried (a throwing render only costs the graph its label, so a sample is enough). */
export const RENDER_CHECK_LIMIT = 200;
/** Terminal objects whose isMode and project are tried (training calls them on every terminal of an enumerated DAG). */
export const TERMINAL_CHECK_LIMIT = 20_000;

/** encode on the first ENCODE_CHECK_LIMIT states: arrays of finite numbers, all of one length. */
export function checkEncode(list: DiagnosticList, env: AnyEnv, dag: AnyDag): void {
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
      countExample(notArray, `${key} -> ${problems.notArray}`);
      continue;
    }
    if (expected < 0) {
      expected = v.length;
      expectedAt = key;
    } else if (problems?.length !== undefined) {
      countExample(lengths, `${problems.length} for ${key}`);
    }
    if (problems?.nonFinite) {
      countExample(nonFinite, `${key}[${problems.nonFinite.index}] = ${problems.nonFinite.value}`);
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

/** parents on the first PARENTS_CHECK_LIMIT states against the edges exploration found (where it can tell). */
export function checkParents(list: DiagnosticList, env: AnyEnv, dag: AnyDag): void {
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
        countExample(extra, `(${showKey(parentKey)}, ${pk.split('\u0000')[1]}) for ${key}`);
      }
    }
    for (const pk of explored) {
      if (declaredKeys.has(pk)) continue;
      const [pState, pAction] = pk.split('\u0000');
      countExample(missing, `(${showKey(pState)}, ${pAction}) for ${key}`);
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

/** render on the first RENDER_CHECK_LIMIT states: a throw is a warning (it only costs the graph a label). */
export function checkRender(list: DiagnosticList, env: AnyEnv, dag: AnyDag): void {
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
export function checkTerminalFunction(list: DiagnosticList, name: 'isMode' | 'project', fn: (x: unknown) => unknown, dag: AnyDag): void {
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
