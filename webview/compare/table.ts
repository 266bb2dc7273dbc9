/**
 * The Compare view's table, one row per objective (shared/comparison.ts objectiveRows, the figures `gfn compare`
 * prints): final TV mean [min, max] over seeds, log Z against the true one, trajectories and seconds to each TV
 * threshold (the mean over the seeds that reached it, and how many did), the runs' statuses and errors.
 */
import { objectiveRows, type ObjectiveRow } from '../../shared/comparison';
import { formatNumber, MISSING } from '../../shared/format';
import { escapeHtml as esc } from '../../shared/html';
import type { Comparison } from '../../shared/comparison';

function statusText(row: ObjectiveRow): string {
  return Object.entries(row.statuses).map(([status, n]) => `${n} ${status}`).join(', ');
}

function spreadText(s: ObjectiveRow['tv']): string {
  if (!s) return MISSING;
  return s.count > 1 ? `${formatNumber(s.mean, 3)} <span class="muted">[${formatNumber(s.min, 3)}, ${formatNumber(s.max, 3)}]</span>` : formatNumber(s.mean, 3);
}

function modesCells(row: ObjectiveRow): string {
  const of = row.modes === null ? '' : ` <span class="muted">of ${row.modes}</span>`;
  const found = `<td class="num" data-modes>${spreadText(row.modesFound)}${row.modesFound ? of : ''}</td>`;
  const all = row.allModes;
  if (!all) return `${found}<td class="num">${MISSING}</td>`;
  if (all.reached === 0) return `${found}<td class="num" data-all-modes="0">never <span class="muted">(0/${all.of})</span></td>`;
  return `${found}<td class="num" data-all-modes="${all.reached}">${formatNumber(all.iterations, 4)} · ${formatNumber(all.trajectories, 4)} <span class="muted">(${all.reached}/${all.of})</span></td>`;
}

export function compareTable(comparison: Comparison, colourOf: (loss: string) => string): string {
  const rows = objectiveRows(comparison);
  const thresholds = rows[0]?.reached.map((r) => r.threshold) ?? [];
  const trueZ = comparison.trueLogZ;
  // Mode discovery: the race where the TV is unknown (shared/comparison.ts); shown when the runs count modes.
  const withModes = rows.some((r) => r.modesFound !== null);
  const head =
    '<tr><th scope="col">Objective</th><th scope="col">Final TV<br><span class="muted">mean [min, max]</span></th>' +
    `<th scope="col">log Z<br><span class="muted">true ${trueZ === null ? MISSING : formatNumber(trueZ)}</span></th>` +
    thresholds.map((t) => `<th scope="col">To TV ${t}<br><span class="muted">trajectories · time</span></th>`).join('') +
    (withModes ? '<th scope="col">Modes found<br><span class="muted">at the end, mean [min, max]</span></th><th scope="col">To all modes<br><span class="muted">iterations · trajectories</span></th>' : '') +
    '<th scope="col">Runs</th></tr>';
  const body = rows
    .map((row) => {
      const z = row.logZ;
      const vs = z && trueZ !== null ? ` <span class="muted">(${z.mean >= trueZ ? '+' : ''}${formatNumber(z.mean - trueZ, 3)})</span>` : '';
      const reached = row.reached
        .map((r) => {
          if (r.reached === 0) return `<td class="num" data-reached="0">never <span class="muted">(0/${r.of})</span></td>`;
          return `<td class="num" data-reached="${r.reached}">${formatNumber(r.trajectories, 4)} · ${formatNumber(r.seconds, 3)} s <span class="muted">(${r.reached}/${r.of})</span></td>`;
        })
        .join('');
      const modes = withModes ? modesCells(row) : '';
      const errors = row.errors.map((e) => `<div class="error">${esc(e)}</div>`).join('');
      return `<tr data-objective="${esc(row.loss)}"><th scope="row"><span class="swatch ${colourOf(row.loss)}"></span>${esc(row.loss)}</th>` +
        `<td class="num">${spreadText(row.tv)}</td><td class="num">${z ? formatNumber(z.mean) : MISSING}${vs}</td>${reached}${modes}<td class="status">${esc(statusText(row))} <span class="muted">(seeds ${row.seeds.join(', ')})</span>${errors}</td></tr>`;
    })
    .join('');
  return `<table class="compare-table"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}
