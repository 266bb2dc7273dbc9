/**
 * The training diagnosis in VS Code (src/train/diagnosis.ts computes it): a warning notification per diagnosis, once
 * per run, when a progress report first raises it, worded with the settings to change (gflownet.train.*), with
 * buttons that open the first suggested setting and the flow graph panel (whose side column lists the diagnoses).
 */
import * as vscode from 'vscode';
import type { Diagnosis, TrainProgress } from '../shared/protocol';
import { diagnosisLine, unannounced } from '../shared/diagnosisText';

const OPEN_SETTING = 'Open Setting';
const SHOW_GRAPH = 'Show Flow Graph';

export class DiagnosisNotices {
  private readonly announced = new Set<string>();
  /** The notification texts shown in this run, in order (the extension's test API reads them). */
  readonly shown: string[] = [];

  constructor(private readonly name: string, private readonly log: vscode.LogOutputChannel) {}

  /** Shows the diagnoses this report raised first. */
  report(progress: TrainProgress): void {
    for (const d of unannounced(progress.diagnosis, this.announced)) this.notify(d);
  }

  private notify(d: Diagnosis): void {
    const text = `GFlowNet (${this.name}) ${d.code}: ${diagnosisLine(d, 'setting')}`;
    this.shown.push(text);
    this.log.warn(text);
    const setting = d.suggestion[0]?.settings[0]?.setting;
    const actions = setting ? [OPEN_SETTING, SHOW_GRAPH] : [SHOW_GRAPH];
    void vscode.window.showWarningMessage(text, ...actions).then((choice) => {
      if (choice === OPEN_SETTING && setting) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
      else if (choice === SHOW_GRAPH) void vscode.commands.executeCommand('gflownet.showFlowGraph');
    });
  }
}
