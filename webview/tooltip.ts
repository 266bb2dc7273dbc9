/** The tooltip of the state under the pointer: its label and key, for terminals R, p*, p and f, and its flow. */
import { formatNumber, formatReward, formatPercent } from '../shared/format';
import type { PanelState } from './state';
import { el } from './skeleton';
import { nodeText } from './style';

/** Everything a user asks about a state under the pointer: its label and, for terminals, R, p*, p and f. */
export function describe(state: PanelState, v: number): string {
  const g = state.data.graph;
  const node = g?.nodes[v];
  if (!g || !node) return '';
  const fv = state.flowView(g);
  const lines = [nodeText(node), `key ${node.key}, depth ${node.depth}`];
  if (node.terminal) {
    lines.push(`R(x) = ${formatReward(node)}`, `target p*(x) = ${formatPercent(node.target)}`);
    lines.push(`learned p(x) = ${formatPercent(fv.terminalProb ? fv.terminalProb[v] : null)}`);
    lines.push(`sampled f(x) = ${formatPercent(fv.sampledFreq ? fv.sampledFreq[v] : null)}`);
  }
  lines.push(`F(s) = ${formatNumber(fv.nodeFlow[v])} (exact ${formatNumber(node.exactFlow)})`);
  return lines.join('\n');
}

/** Shows the tooltip of state v beside the pointer (`at`, px in the graph area), or hides it (v null). */
export function showTip(state: PanelState, v: number | null, at: { x: number; y: number }): void {
  const tip = el('tip');
  if (v === null) {
    tip.hidden = true;
    return;
  }
  tip.textContent = describe(state, v);
  tip.hidden = false;
  // Beside the pointer, flipped to stay inside the graph area.
  const box = el('graph');
  const left = at.x + 14 + tip.offsetWidth > box.clientWidth ? at.x - 14 - tip.offsetWidth : at.x + 14;
  const top = Math.min(Math.max(0, at.y - 10), Math.max(0, box.clientHeight - tip.offsetHeight));
  tip.style.left = `${Math.max(0, left)}px`;
  tip.style.top = `${top}px`;
}
