/**
 * The training diagnosis as `gfn train` prints it (src/train/diagnosis.ts computes it, shared/diagnosisText.ts words
 * it with the options' flags): one warning line per diagnosis when a progress report first raises it, and the list of
 * those that hold at the end in the final report.
 */
import type { Diagnosis, TrainProgress, TrainSummary } from '../shared/protocol';
import { dedupedSuggestions, diagnosisLine, suggestionText, unannounced } from '../shared/diagnosisText';

/** `warning collapse: ... Try --epsilon 0.1: ...` */
export function warningLine(d: Diagnosis): string {
  return `warning ${d.code}: ${diagnosisLine(d, 'flag')}`;
}

/** The lines of the diagnoses this report raised first; `announced` remembers the codes already printed. */
export function newDiagnosisLines(progress: TrainProgress, announced: Set<string>): string[] {
  return unannounced(progress.diagnosis, announced).map(warningLine);
}

/** The final report's section: what still holds at the end, or nothing for runs without a diagnosis. */
export function diagnosisSection(summary: TrainSummary): string[] {
  const list = summary.diagnosis;
  if (!list) return [];
  if (list.length === 0) return ['diagnosis: none (no collapse, stop-depth or log-z at the last report)'];
  // Remedies shared with an earlier diagnosis are said once.
  const lines = dedupedSuggestions(list).map(({ diagnosis: d, suggestion, same }) => {
    const tryText = same ? `Try the same as for ${same}.` : suggestionText(suggestion, 'flag');
    return `  ${d.code}: ${d.message}.${tryText ? ` ${tryText}` : ''}`;
  });
  return [`diagnosis (${list.length} at the last report):`, ...lines];
}
