/**
 * The policy at the selected state, one row per action (stop included for terminal states): the learned P_F beside
 * the target's P_F* (the exact policy of the flow consistent with R and the backward policy in use), that P_B, and
 * the learned edge flow and the target's. The numbers are the snapshot's (FlowSnapshot.inspector); before training, or
 * without an inspector (an incomplete DAG), only the flows the page has.
 */
import { formatNumber, formatReward, formatPercent, MISSING } from '../../shared/format';
import { escapeHtml } from '../../shared/html';
import type { FlowGraph } from '../../shared/flowGraph';
import type { FlowSnapshot } from '../../shared/flowSnapshot';
import type { FlowView } from '../flowView';
import { clipLabel, shortLabel } from '../style';

/** At most this many action rows, those of highest target flow (FlowView.targetEdgeFlow). */
const MAX_ROWS = 40;

const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;

export function actionTable(g: FlowGraph, s: FlowSnapshot | null, v: number, fv: FlowView, out: number[]): string {
  const ins = s?.inspector;
  const node = g.nodes[v];
  const edges = out.slice().sort((a, b) => fv.targetEdgeFlow[b] - fv.targetEdgeFlow[a]).slice(0, MAX_ROWS);
  const child = (e: number) => {
    const c = g.edges[e].target;
    // The action alone keeps the numbers in view in a narrow column; the child it leads to is in the tooltip (and
    // under Children below).
    return `<td><button type="button" data-node="${c}" title="${escapeHtml(`${g.edges[e].action} → ${clipLabel(shortLabel(g.nodes[c]))}`)}">${escapeHtml(g.edges[e].action)}</button></td>`;
  };
  let head: string;
  let rows: string;
  if (ins) {
    head = '<tr><th>action</th><th>P_F</th><th>P_F*</th><th>P_B</th><th>F</th><th>F*</th></tr>';
    rows = edges
      .map((e) => `<tr>${child(e)}${cell(formatPercent(ins.forwardProb[e]))}${cell(formatPercent(ins.targetForwardProb[e]))}${cell(formatPercent(ins.backwardProb[e]))}${cell(formatNumber(fv.edgeFlow[e]))}${cell(formatNumber(ins.targetEdgeFlow[e]))}</tr>`)
      .join('');
    if (node.terminal) {
      // The stop transition x -> x_f: its learned flow is F(x) P_F(stop | x), its exact flow R(x).
      const learnedStop = s ? s.stateFlow[v] * ins.stopProb[v] : null;
      rows += `<tr class="stop"><td>stop</td>${cell(formatPercent(ins.stopProb[v]))}${cell(formatPercent(ins.targetStopProb[v]))}${cell(MISSING)}${cell(formatNumber(learnedStop))}${cell(formatReward(node))}</tr>`;
    }
  } else {
    head = '<tr><th>action</th><th>F</th><th>exact F</th></tr>';
    rows = edges.map((e) => `<tr>${child(e)}${cell(formatNumber(fv.edgeFlow[e]))}${cell(formatNumber(g.edges[e].exactFlow))}</tr>`).join('');
    if (node.terminal) rows += `<tr class="stop"><td>stop</td>${cell(MISSING)}${cell(formatReward(node))}</tr>`;
  }
  if (!rows) return '<div class="muted">No action here.</div>';
  const more = out.length > edges.length ? `<div class="muted">… ${out.length - edges.length} more actions</div>` : '';
  const note = ins
    ? '<div class="muted">P_F learned, P_F* of the target flow under P_B; F learned, F* exact edge flow.</div>'
    : `<div class="muted">${s ? 'No policy numbers for this run (the DAG is not enumerable).' : 'Train to compare the learned policy with the target.'}</div>`;
  return `<div class="table-scroll"><table class="actions" id="actions"><thead>${head}</thead><tbody>${rows}</tbody></table></div>${more}${note}`;
}
