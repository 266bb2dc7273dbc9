/**
 * GFlowNet: Sample's list: the terminal objects a trained policy drew (the run's samples.jsonl), counted by object,
 * most frequent first, in the output channel and in a quick pick.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatNumber, formatPercent } from '../shared/format';
import type { SampleLine } from '../src/run/runStore';

/** Shows `samples`, drawn from the policy trained on `file`: logged one line per object, then picked from a list. */
export function showSamples(samples: readonly SampleLine[], file: string, log: vscode.LogOutputChannel): void {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  log.info(`${samples.length} samples from the policy trained on ${path.basename(file)}:`);
  for (const [key, count] of ranked) log.info(`  ${count.toString().padStart(6)}  ${formatNumber(count / samples.length).padStart(8)}  ${key}`);
  void vscode.window.showQuickPick(
    ranked.map(([key, count]) => ({ label: key, description: `${count} of ${samples.length} (${formatPercent(count / samples.length)})` })),
    { title: `GFlowNet samples: ${path.basename(file)}`, placeHolder: 'Sampled terminal objects, most frequent first' },
  );
}
