/**
 * Validation: turns what exploration found (src/dag/explore.ts) plus the checks of the reward (rewardCheck.ts) and of
 * the optional functions (functionChecks.ts) into diagnostics placed in the `.gfn.ts` (diagnosticList.ts), and a
 * summary of the DAG.
 * Diagnostics about a user function go on its property; exceptions go on the throw site with the property as
 * related information. Problems that repeat are aggregated into one diagnostic with examples and a count.
 */
import { longestPathDepth, type Dag } from '../dag/dag';
import { logPartitionFunction } from '../dag/exact';
import type { ExploreIssue, ExploreResult } from '../dag/explore';
import type { LoadedEnvironment } from '../userCode/loader';
import type { NondeterministicCall } from '../userCode/nondeterminism';
import type { GuardedEnvironment } from '../userCode/guardedEnvironment';
import { environmentLocation } from '../authoring/locate';
import type { RelatedInformation, ValidationResult, ValidationSummary } from '../../shared/diagnostics';
import { optionRef } from '../../shared/optionRefs';
import { DiagnosticList, EXAMPLES, showKey } from './diagnosticList';
import { checkEncode, checkParents, checkRender, checkTerminalFunction } from './functionChecks';
import { checkRewards } from './rewardCheck';

type AnyEnv = GuardedEnvironment<unknown, unknown>;
type AnyDag = Dag<unknown, unknown>;

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

