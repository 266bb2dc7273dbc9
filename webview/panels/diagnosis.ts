/**
 * The side column's Diagnosis: what src/train/diagnosis.ts found wrong with the run (collapse, stop-depth, log-z, modes-lost), each
 * with its numbers and what to try, worded with the VS Code settings inside VS Code and with `gfn train`'s flags in
 * the standalone report. From the summary once the run ended (what still holds), else from the last progress (what
 * was raised so far). Hidden while there is nothing to say.
 */
import { dedupedSuggestions, DIAGNOSIS_TITLES, settingsText } from '../../shared/diagnosisText';
import { escapeHtml } from '../../shared/html';
import type { Diagnosis, Suggestion } from '../../shared/diagnosis';
import type { Panel } from '../panel';
import { el } from '../skeleton';

function tryHtml(suggestion: readonly Suggestion[], same: string | undefined, naming: 'flag' | 'setting'): string {
  if (same) return `<div class="diagnosis-try">Try the same as for ${escapeHtml(same)}.</div>`;
  if (suggestion.length === 0) return '';
  const items = suggestion.map((s) => `<li><code>${escapeHtml(settingsText(s, naming))}</code>: ${escapeHtml(s.measured)}</li>`);
  return `<div class="diagnosis-try">Try${suggestion.length > 1 ? ' one of' : ''}:<ul>${items.join('')}</ul></div>`;
}

function blockHtml(d: Diagnosis, suggestion: readonly Suggestion[], same: string | undefined, naming: 'flag' | 'setting'): string {
  return (
    `<div class="diagnosis" data-code="${escapeHtml(d.code)}">` +
    `<div class="diagnosis-title">⚠ ${escapeHtml(d.code)}: ${escapeHtml(DIAGNOSIS_TITLES[d.code])}</div>` +
    `<div class="diagnosis-message">${escapeHtml(d.message)}.</div>` +
    tryHtml(suggestion, same, naming) +
    '</div>'
  );
}

export function renderDiagnosis(panel: Panel): void {
  const { data } = panel.state;
  const list = data.summary ? data.summary.diagnosis : data.progress[data.progress.length - 1]?.diagnosis;
  const section = el('diagnosis-section');
  section.hidden = !list || list.length === 0;
  if (!list || list.length === 0) return;
  const naming = panel.host.inVsCode ? 'setting' : 'flag';
  el('diagnosis').innerHTML = dedupedSuggestions(list).map((w) => blockHtml(w.diagnosis, w.suggestion, w.same, naming)).join('');
}
