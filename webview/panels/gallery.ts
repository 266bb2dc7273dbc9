/**
 * The Gallery view: the sampled terminal objects drawn with render(), most sampled first (then highest learned p),
 * each card with R(x), the target p*(x), the learned p(x) and the sampled frequency. Complete DAGs: the snapshot's
 * frequencies over the graph's terminals; incomplete ones: the sampled objects of the last progress report (the
 * engine rendered them). Before any sample, the terminals of highest p* stand in, and the caption says so.
 * A card of a drawn state selects it (the side column's inspector shows it).
 */
import { formatReward, formatPercent } from '../../shared/format';
import { escapeHtml } from '../../shared/html';
import type { Panel } from '../panel';
import { el } from '../skeleton';
import { figureHtml } from './figure';

/** Cards drawn at most: a page of objects, not the whole space. */
const MAX_CARDS = 60;

interface Card {
  /** Index in graph.nodes, or -1 when the object is not in the graph. */
  node: number;
  key: string;
  label: string | undefined;
  /** R(x) as the protocol carries it (formatReward). */
  reward: { reward?: number; logReward?: number } | undefined;
  target: number | undefined;
  learned: number | null;
  frequency: number | null;
}

function cards(panel: Panel): { cards: Card[]; caption: string } {
  const { state } = panel;
  const g = state.data.graph;
  if (!g) return { cards: [], caption: 'No environment yet.' };
  const s = state.fittingSnapshot(g);
  const nodeOfKey = new Map(g.nodes.map((n, i) => [n.key, i]));
  const sampled = state.data.progress.at(-1)?.sampled;
  if (!g.complete && sampled && sampled.length > 0) {
    const list = sampled.map((o): Card => {
      const v = nodeOfKey.get(o.key) ?? -1;
      return { node: v, key: o.key, label: o.label, reward: o, target: undefined, learned: null, frequency: o.frequency };
    });
    return { cards: list, caption: `The ${list.length} objects sampled most often recently (the DAG is too large for exact p* and p).` };
  }
  const terminals = g.nodes.flatMap((n, v) => (n.terminal ? [v] : []));
  const toCard = (v: number): Card => ({
    node: v,
    key: g.nodes[v].key,
    label: g.nodes[v].label,
    reward: g.nodes[v],
    target: g.nodes[v].target,
    learned: s ? s.terminalProb[v] : null,
    frequency: s ? s.sampledFreq[v] : null,
  });
  const seen = s ? terminals.filter((v) => s.sampledFreq[v] > 0) : [];
  if (s && seen.length > 0) {
    seen.sort((a, b) => s.sampledFreq[b] - s.sampledFreq[a] || s.terminalProb[b] - s.terminalProb[a] || a - b);
    const shown = seen.slice(0, MAX_CARDS);
    return {
      cards: shown.map(toCard),
      caption: `${seen.length} distinct objects among the recent samples${seen.length > shown.length ? `, the ${shown.length} most frequent shown` : ''}, most frequent first.`,
    };
  }
  const byTarget = terminals.sort((a, b) => (g.nodes[b].target ?? 0) - (g.nodes[a].target ?? 0) || a - b).slice(0, MAX_CARDS);
  return { cards: byTarget.map(toCard), caption: 'Nothing sampled yet (train to see what the policy draws): the terminals of highest target p*(x).' };
}

function cardHtml(c: Card, rank: number): string {
  const figure = figureHtml(c.label, c.key, 96);
  const rows =
    `<dt>R(x)</dt><dd>${escapeHtml(formatReward(c.reward))}</dd>` +
    `<dt>p*(x)</dt><dd>${escapeHtml(formatPercent(c.target))}</dd>` +
    `<dt>learned p(x)</dt><dd>${escapeHtml(formatPercent(c.learned))}</dd>` +
    `<dt>sampled f(x)</dt><dd>${escapeHtml(formatPercent(c.frequency))}</dd>`;
  const tag = c.node >= 0 ? 'button type="button"' : 'div';
  const end = c.node >= 0 ? 'button' : 'div';
  return (
    `<${tag} class="card" data-node="${c.node}" data-rank="${rank}" title="${escapeHtml(c.key)}">` +
    `<span class="rank">#${rank}</span>${figure}<dl class="summary">${rows}</dl></${end}>`
  );
}

export function renderGallery(panel: Panel): void {
  const { cards: list, caption } = cards(panel);
  el('gallery-caption').textContent = caption;
  el('gallery').innerHTML = list.map((c, i) => cardHtml(c, i + 1)).join('');
}

export function mountGallery(panel: Panel): void {
  el('gallery').addEventListener('click', (e) => {
    const card = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('button.card[data-node]') : null;
    if (card) panel.select(Number(card.dataset.node), false);
  });
}
