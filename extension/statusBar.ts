/**
 * The status bar item (after rust-analyzer): its codicon and colour show the state, its text the latest training
 * figures (iteration, loss, TV), and its tooltip links to the commands.
 */
import * as vscode from 'vscode';
import type { Diagnosis } from '../shared/diagnosis';
import type { TrainProgress } from '../shared/trainProgress';
import type { TrainSummary } from '../shared/trainSummary';
import { DIAGNOSIS_TITLES } from '../shared/diagnosisText';
import { formatNumber } from '../shared/format';

export type StatusState =
  | { kind: 'idle' }
  | { kind: 'restricted' }
  | { kind: 'training'; name: string; progress?: TrainProgress }
  | { kind: 'done'; name: string; summary: TrainSummary; cancelled: boolean }
  | { kind: 'error'; name: string; message: string };

/** The training diagnoses of a running or finished run (src/train/diagnosis.ts): raised so far, or holding at the end. */
export function diagnosesOf(state: StatusState): Diagnosis[] {
  if (state.kind === 'training') return state.progress?.diagnosis ?? [];
  if (state.kind === 'done') return state.summary.diagnosis ?? [];
  return [];
}

/** ` $(warning) collapse, stop-depth` after the figures of a run with diagnoses. */
function warningText(state: StatusState): string {
  const codes = diagnosesOf(state).map((d) => d.code);
  return codes.length > 0 ? ` $(warning) ${codes.join(', ')}` : '';
}

export function statusText(state: StatusState): string {
  switch (state.kind) {
    case 'idle':
      return '$(type-hierarchy) GFlowNet';
    case 'restricted':
      return '$(shield) GFlowNet: Restricted Mode';
    case 'training': {
      const p = state.progress;
      if (!p) return '$(sync~spin) GFlowNet: starting…';
      return `$(sync~spin) GFlowNet ${p.iteration}/${p.iterations} loss ${formatNumber(p.loss)} TV ${formatNumber(p.tv)}${warningText(state)}`;
    }
    case 'done':
      return `${state.cancelled ? '$(debug-stop)' : '$(check)'} GFlowNet TV ${formatNumber(state.summary.tv)} log Z ${formatNumber(state.summary.logZ)}${warningText(state)}`;
    case 'error':
      return '$(error) GFlowNet: training failed';
  }
}

function tooltip(state: StatusState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['gflownet.train', 'gflownet.stopTraining', 'gflownet.showFlowGraph', 'gflownet.sample', 'gflownet.showLog'] };
  switch (state.kind) {
    case 'restricted':
      md.appendMarkdown('**Restricted Mode**: GFlowNet Studio runs no workspace code, so `.gfn.ts` files are not validated or trained. Trust the workspace to enable them.\n\n');
      break;
    case 'training':
      md.appendMarkdown(`**Training** ${state.name}\n\n`);
      if (state.progress) {
        const p = state.progress;
        md.appendMarkdown(`iteration ${p.iteration} of ${p.iterations}, loss ${formatNumber(p.loss)}, log Z ${formatNumber(p.logZ)}, TV ${formatNumber(p.tv)}, ${formatNumber(p.trajectoriesPerSecond)} trajectories/s\n\n`);
      }
      md.appendMarkdown('[$(debug-stop) Stop](command:gflownet.stopTraining) · ');
      break;
    case 'done': {
      const s = state.summary;
      md.appendMarkdown(`**${state.cancelled ? 'Stopped' : 'Trained'}** ${state.name}: ${s.iterations} iterations, ${s.trajectories} trajectories in ${formatNumber(s.seconds)} s (${s.backend})\n\n`);
      md.appendMarkdown(`log Z ${formatNumber(s.logZ)} (exact ${formatNumber(s.trueLogZ)}), TV ${formatNumber(s.tv)}, JSD ${formatNumber(s.jsd)}\n\n`);
      md.appendMarkdown('[$(play) Train again](command:gflownet.train) · [Sample](command:gflownet.sample) · ');
      break;
    }
    case 'error':
      md.appendMarkdown(`**Training failed** (${state.name}): ${state.message}\n\n[$(play) Train](command:gflownet.train) · `);
      break;
    case 'idle':
      md.appendMarkdown('**GFlowNet Studio**\n\n[$(play) Train](command:gflownet.train) · ');
      break;
  }
  md.appendMarkdown('[Flow graph](command:gflownet.showFlowGraph) · [Log](command:gflownet.showLog)');
  const diagnoses = diagnosesOf(state);
  if (diagnoses.length > 0) {
    md.appendMarkdown('\n\n$(warning) **Diagnosis** (the flow graph\'s side column has the numbers and what to try):\n\n');
    for (const d of diagnoses) md.appendMarkdown(`- \`${d.code}\`: ${DIAGNOSIS_TITLES[d.code]}\n`);
  }
  return md;
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gflownet.status', vscode.StatusBarAlignment.Left, 10);
  private current: StatusState = { kind: 'idle' };

  constructor() {
    this.item.name = 'GFlowNet Studio';
  }

  get state(): StatusState {
    return this.current;
  }

  set(state: StatusState): void {
    this.current = state;
    this.item.text = statusText(state);
    this.item.tooltip = tooltip(state);
    this.item.command = state.kind === 'training' ? 'gflownet.stopTraining' : state.kind === 'restricted' ? 'workbench.trust.manage' : 'gflownet.showFlowGraph';
    this.item.backgroundColor =
      state.kind === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : state.kind === 'restricted' || diagnosesOf(state).length > 0
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
