/**
 * The training diagnosis as `gfn train` prints it (src/train/diagnosis.ts computes it, shared/diagnosisText.ts words
 * it with the options' flags): one warning line per diagnosis when a progress report first raises it, and the list of
 * those that hold at the end in the final report.
 */
import type { Diagnosis, TrainProgress, TrainSummary } from '../shared/protocol';
import { diagnosisLine } from '../shared/diagnosisText';

/** `warning collapse: ... Try --epsilon 0.1: ...` */
export function warningLine(d: Diagnosis): string {
  return `warning ${d.code}: ${diagnosisLine(d, 'flag')}`;
}

/** The lines of the diagnoses this report raised first; `announced` remembers the codes already printed. */
export function newDiagnosisLines(progress: TrainProgress, announced: Set<string>): string[] {
  const lines: string[] = [];
  for (const d of progress.diagnosis ?? []) {
    if (announced.has(d.code)) continue;
    announced.add(d.code);
    lines.push(warningLine(d));
  }
  return lines;
}

/** The final report's section: what still holds at the end, or nothing for runs without a diagnosis. */
export function diagnosisSection(summary: TrainSummary): string[] {
  const list = summary.diagnosis;
  if (!list) return [];
  if (list.length === 0) return ['diagnosis: none (no collapse, stop-depth or log-z at the last report)'];
  return [`diagnosis (${list.length} at the last report):`, ...list.map((d) => `  ${warningLine(d)}`)];
}
