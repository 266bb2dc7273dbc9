/**
 * The training diagnosis in words, for each face (src/train/diagnosis.ts computes it): the CLI names options by their
 * flags (`--epsilon 0.1`), VS Code and the panel by their settings (`setting gflownet.train.epsilon to 0.1`). Pure code.
 */
import type { Diagnosis, SuggestedSetting, Suggestion } from './diagnosis';

/** How a face names a training option. */
export type OptionNaming = 'flag' | 'setting';

export function settingText(s: SuggestedSetting, naming: OptionNaming): string {
  return naming === 'flag' ? `${s.flag} ${s.value}` : `${s.setting} to ${s.value}`;
}

/** `--stop-logit reward --epsilon 0.1` or `setting gflownet.train.stopLogit to reward and gflownet.train.epsilon to 0.1`. */
export function settingsText(suggestion: Suggestion, naming: OptionNaming): string {
  if (naming === 'flag') return suggestion.settings.map((s) => settingText(s, naming)).join(' ');
  return `setting ${suggestion.settings.map((s) => settingText(s, naming)).join(' and ')}`;
}

/** `Try X: measured; or Y: measured.`, or '' when nothing measured applies. */
export function suggestionText(suggestions: readonly Suggestion[], naming: OptionNaming): string {
  if (suggestions.length === 0) return '';
  return `Try ${suggestions.map((s) => `${settingsText(s, naming)}: ${s.measured}`).join('; or ')}.`;
}

/** The whole diagnosis in one line: what is wrong, with its numbers, then what to try. */
export function diagnosisLine(d: Diagnosis, naming: OptionNaming): string {
  const tryText = suggestionText(d.suggestion, naming);
  return `${d.message}.${tryText ? ` ${tryText}` : ''}`;
}

/**
 * A notification's text: what and what to try in one line under about 160 characters (VS Code names the extension
 * under it), the detail and what each remedy measured left to the panel's Diagnosis block and the log:
 * `ising-strong collapse: whole modes missed, 50% of the target never drawn (TV 0.5). Try gflownet.train.temperature: 2.`
 * and, for the codes raised at the same report, ` Also: log-z, modes-lost.` Settings as settings.json writes them.
 */
export function noticeText(name: string, d: Diagnosis, also: readonly Diagnosis[]): string {
  const first = d.suggestion[0];
  const tryText = first ? ` Try ${first.settings.map((s) => `${s.setting}: ${s.value}`).join(', ')}.` : '';
  const more = also.length > 0 ? ` Also: ${also.map((a) => a.code).join(', ')}.` : '';
  return `${name} ${d.code}: ${d.headline ?? DIAGNOSIS_TITLES[d.code]}.${tryText}${more}`;
}

/** The short title of each code, for headings and the status bar. */
export const DIAGNOSIS_TITLES: Record<Diagnosis['code'], string> = {
  collapse: 'the policy has collapsed onto part of the target',
  'stop-depth': 'the policy stops at the wrong depth',
  'log-z': 'the learned log Z is far from the true one',
  'modes-lost': 'modes found earlier are no longer drawn',
};

/** The diagnoses of `list` whose code is not in `announced` (each face announces a code once per run); records them. */
export function unannounced(list: readonly Diagnosis[] | undefined, announced: Set<string>): Diagnosis[] {
  const fresh = (list ?? []).filter((d) => !announced.has(d.code));
  for (const d of fresh) announced.add(d.code);
  return fresh;
}

/**
 * The suggestions of each diagnosis of `list`, with those equal to an earlier diagnosis's replaced by a pointer to it
 * (collapse and stop-depth usually share their remedies: said once reads better). `same` names the earlier code.
 */
export function dedupedSuggestions(list: readonly Diagnosis[]): { diagnosis: Diagnosis; suggestion: readonly Suggestion[]; same?: string }[] {
  const seen = new Map<string, string>();
  return list.map((d) => {
    const key = JSON.stringify(d.suggestion);
    const earlier = d.suggestion.length > 0 ? seen.get(key) : undefined;
    if (earlier) return { diagnosis: d, suggestion: [], same: earlier };
    seen.set(key, d.code);
    return { diagnosis: d, suggestion: d.suggestion };
  });
}
