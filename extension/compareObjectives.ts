/**
 * GFlowNet: Compare Objectives: a quick pick of objectives, then every objective x seed trained on the file with the
 * same settings (src/compare/runComparison.ts: one sandbox process per run, as many at once as the machine has
 * cores), with a cancellable progress notification, and the comparison drawn live in the panel's Compare view.
 * The comparison is a folder of the runs folder, `<stem>/<YYYYMMDD-HHMMSS>-compare/`: comparison.json and one run
 * directory per run, the same files as `gfn compare --out`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../shared/comparison';
import type { ObjectiveName } from '../shared/objectives';
import { OBJECTIVE_NAMES, objective } from '../shared/objectives';
import { lowestFinalTv, objectiveRows } from '../shared/comparison';
import { formatNumber } from '../shared/format';
import { runComparison } from '../src/compare';
import { environmentStem, runDirName } from '../src/run/runFolder';
import type { PanelHost } from './panel';
import { SECTION } from './trainSettings';
import { settings, trainSettings } from './config';
import { settingOfOption } from './settingDeclarations';

/** The objectives preselected in the quick pick: a balance loss, a local one, a divergence (the paper's race). */
export const DEFAULT_COMPARED: readonly ObjectiveName[] = ['tb', 'db', 'kl'];

/** Chooses the objectives; undefined when the user dismissed the pick. Replaceable by the extension's test API. */
export type ObjectivePicker = () => Thenable<ObjectiveName[] | undefined>;

export const pickObjectives: ObjectivePicker = async () => {
  const items = OBJECTIVE_NAMES.map((name) => ({
    label: name,
    description: objective(name).title,
    detail: objective(name).paper,
    picked: DEFAULT_COMPARED.includes(name),
    name,
  }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'GFlowNet: objectives to compare', placeHolder: 'Each is trained with the same settings, on every seed' });
  return picked && picked.length > 0 ? picked.map((p) => p.name) : undefined;
};

/** True when the user chose this exploration setting: otherwise each objective explores with its own default, as Train does. */
function chosen(name: 'epsilon' | 'temperature'): boolean {
  const i = vscode.workspace.getConfiguration(`${SECTION}.train`).inspect(name);
  return [i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue].some((v) => typeof v === 'number');
}

export interface CompareDeps {
  panel: PanelHost;
  log: vscode.LogOutputChannel;
  /** The runs folder of a file (extension/runLocation.ts RunLocation.rootFor). */
  runsRoot: (file: string) => string;
  pick: ObjectivePicker;
}

/** Runs the comparison; resolves with it (undefined when the user picked nothing or it could not start). */
export async function compareObjectives(deps: CompareDeps, file: string): Promise<Comparison | undefined> {
  const losses = await deps.pick();
  if (!losses) return undefined;
  const limits = settings();
  const seedCount = limits.seeds;
  const { config, problems } = trainSettings();
  for (const problem of problems) deps.log.warn(problem);
  const seeds = Array.from({ length: seedCount }, (_, i) => config.seed + i);
  const outDir = path.join(deps.runsRoot(file), environmentStem(file), runDirName(new Date(), 'compare'));
  const name = path.basename(file);
  const total = losses.length * seeds.length;
  deps.log.info(`comparing ${losses.join(', ')} on ${name}: ${seeds.length} seed(s) each, ${config.iterations} iterations of batch ${config.batchSize}, into ${outDir}`);
  deps.panel.show(`Compare: ${name}`);
  deps.panel.post({ type: 'status', text: `Comparing ${losses.join(', ')} on ${name}…` });

  const controller = new AbortController();
  // The panel redraws its charts per message: send at most a few a second, and always the last state.
  let posted = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const post = (c: Comparison) => {
    deps.panel.post({ type: 'comparison', comparison: structuredClone(c) });
    posted = Date.now();
  };
  const throttled = (c: Comparison) => {
    if (pending) return;
    const wait = Math.max(0, 250 - (Date.now() - posted));
    pending = setTimeout(() => {
      pending = undefined;
      post(c);
    }, wait);
  };
  try {
    const comparison = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `GFlowNet: comparing ${losses.length} objectives on ${name}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let ended = 0;
        return runComparison({
          file,
          losses,
          seeds,
          config,
          epsilonPerObjective: !chosen('epsilon'),
          temperaturePerObjective: !chosen('temperature'),
          outDir,
          maxStates: limits.maxStates,
          callTimeLimitMs: limits.callTimeLimitMs,
          memoryLimitMb: limits.memoryLimitMb,
          nameOption: settingOfOption,
          signal: controller.signal,
          onUpdate: throttled,
          onRunEnd: (run) => {
            ended += 1;
            progress.report({ increment: 100 / total, message: `${ended}/${total} runs ended (${run.loss}, seed ${run.seed}: ${run.status}${run.summary?.tv != null ? `, TV ${formatNumber(run.summary.tv)}` : ''})` });
            deps.log.info(`compare ${run.loss} seed ${run.seed}: ${run.status}${run.error ? `: ${run.error}` : ''}${run.summary ? `, TV ${formatNumber(run.summary.tv)}, log Z ${formatNumber(run.summary.logZ)}` : ''}`);
          },
        });
      },
    );
    if (pending) clearTimeout(pending);
    pending = undefined;
    post(comparison);
    const cancelled = comparison.runs.some((r) => r.status === 'cancelled');
    const best = lowestFinalTv(objectiveRows(comparison));
    const text = `${cancelled ? 'Comparison stopped' : 'Comparison done'}: ${best ? `lowest final TV ${best.loss} (mean ${formatNumber(best.tv!.mean)})` : 'no run finished'}`;
    deps.panel.post({ type: 'status', text });
    deps.log.info(`${text}; ${outDir}`);
    return comparison;
  } catch (error) {
    if (pending) clearTimeout(pending);
    const message = error instanceof Error ? error.message : String(error);
    deps.log.error(`comparison on ${name} not run: ${message}`);
    void vscode.window.showErrorMessage(`GFlowNet: cannot compare objectives on ${name}: ${message}`);
    return undefined;
  }
}
