/**
 * The training diagnosis as `gfn train` prints it (src/train/diagnosis.ts computes it, shared/diagnosisText.ts words
 * it with the options' flags): one warning line per diagnosis when a progress report first raises it, and the list of
 * those that hold at the end in the final report.
 */
import type { TrainProgress } from '../shared/trainProgress';
import type { TrainSummary } from '../shared/trainSummary';
import { dedupedSuggestions, suggestionText, unannounced } from '../shared/diagnosisText';

type Worded = ReturnType<typeof dedupedSuggestions>[number];

/** `collapse: the exact TV ... Try --epsilon 0.1: ...`, or `... Try the same as for stop-depth.` */
function line({ diagnosis: d, suggestion, same }: Worded): string {
  const tryText = same ? `Try the same as for ${same}.` : suggestionText(suggestion, 'flag');
  return `${d.code}: ${d.message}.${tryText ? ` ${tryText}` : ''}`;
}

/**
 * `warning CODE: ...` for each diagnosis this report raised first (`announced` remembers the codes already printed);
 * remedies shared with a code raised earlier are said once.
 */
export function newDiagnosisLines(progress: TrainProgress, announced: Set<string>): string[] {
  const fresh = new Set(unannounced(progress.diagnosis, announced).map((d) => d.code));
  return dedupedSuggestions(progress.diagnosis ?? []).filter((w) => fresh.has(w.diagnosis.code)).map((w) => `warning ${line(w)}`);
}

/** The final report's section: what still holds at the end, or nothing for runs without a diagnosis. */
export function diagnosisSection(summary: TrainSummary): string[] {
  const list = summary.diagnosis;
  if (!list) return [];
  if (list.length === 0) return ['diagnosis: none (no collapse, stop-depth, log-z or modes-lost at the last report)'];
  return [`diagnosis (${list.length} at the last report):`, ...dedupedSuggestions(list).map((w) => `  ${line(w)}`)];
}
