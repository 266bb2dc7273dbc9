/**
 * The training diagnosis in VS Code (src/train/diagnosis.ts computes it): a warning notification per progress report
 * that raises new diagnoses (each code once per run): the first in one short line, what and the first setting to
 * change (gflownet.train.*; shared/diagnosisText.ts noticeText), the others named (VS Code shows three toasts at most,
 * and a collapse usually comes with stop-depth, log-z and modes-lost at one report); buttons open the first suggested
 * setting and the flow graph panel, whose side column lists every diagnosis in full (the log channel too).
 */
import * as vscode from 'vscode';
import type { Diagnosis } from '../shared/diagnosis';
import type { TrainProgress } from '../shared/trainProgress';
import { diagnosisLine, noticeText, unannounced } from '../shared/diagnosisText';

const OPEN_SETTING = 'Open Setting';
const SHOW_GRAPH = 'Show Flow Graph';

export class DiagnosisNotices {
  private readonly announced = new Set<string>();
  /** The notification texts shown in this run, in order (the extension's test API reads them). */
  readonly shown: string[] = [];

  constructor(private readonly name: string, private readonly log: vscode.LogOutputChannel) {}

  /** Shows the diagnoses this report raised first. */
  report(progress: TrainProgress): void {
    const fresh = unannounced(progress.diagnosis, this.announced);
    if (fresh.length > 0) this.notify(fresh[0], fresh.slice(1));
  }

  private notify(d: Diagnosis, also: readonly Diagnosis[]): void {
    const text = noticeText(this.name, d, also);
    // The log keeps every diagnosis in full (numbers and what each remedy measured); the toast stays short.
    for (const a of [d, ...also]) this.log.warn(`GFlowNet (${this.name}) ${a.code}: ${diagnosisLine(a, 'setting')}`);
    this.shown.push(text);
    const setting = d.suggestion[0]?.settings[0]?.setting;
    const actions = setting ? [OPEN_SETTING, SHOW_GRAPH] : [SHOW_GRAPH];
    void vscode.window.showWarningMessage(text, ...actions).then((choice) => {
      if (choice === OPEN_SETTING && setting) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
      else if (choice === SHOW_GRAPH) void vscode.commands.executeCommand('gflownet.showFlowGraph');
    });
  }
}
