/**
 * The side column's "Reward of samples": the share of a finished run's samples per bin of log R against the target's
 * share (summary.json's rewardDistribution, computed by src/train/rewardDistribution.ts), largest reward first, with
 * which samples they are (the final samples of the trained policy, or the recent training samples with their
 * exploration) and the mean log R of each. Hidden where the Terminals section already charts the same shares by reward
 * level (summary.rewardLevels: enumerated DAGs with 2 to 12 levels) and before a run ends.
 */
import { formatFromLog, formatNumber } from '../../shared/format';
import { escapeHtml } from '../../shared/html';
import type { RewardDistribution, TrainSummary } from '../../shared/trainSummary';
import { rewardSourceText } from '../../shared/rewardDistributionText';
import { histogram, type HistogramBar } from '../charts';
import type { PanelState } from '../state';
import { el } from '../skeleton';
import { chartWidth } from './markup';

/** Whether the Terminals section's "By reward level" chart (panels/histogram.ts) shows these shares already. */
function levelsCharted(summary: TrainSummary): boolean {
  return (summary.rewardLevels?.length ?? 0) >= 2;
}

/**
 * The significant digits that write every edge of the bins apart from the next, one count for the chart (bins near
 * the top of structure learning are 0.6 nats wide at log R -427: -427.4 to -426.8).
 */
function edgeDigits(edges: readonly number[]): number {
  let digits = 3;
  while (digits < 8 && edges.some((e, k) => k > 0 && formatNumber(edges[k - 1], digits) === formatNumber(e, digits))) digits++;
  return digits;
}

function binLabel(d: RewardDistribution, k: number, digits: number): { label: string; title: string } {
  if (d.levels) return { label: `R = ${formatFromLog(d.edges[k])}`, title: `R = ${formatFromLog(d.edges[k])} (log R = ${formatNumber(d.edges[k])})` };
  return {
    label: `${formatNumber(d.edges[k], digits)} to ${formatNumber(d.edges[k + 1], digits)}`,
    title: `log R from ${formatNumber(d.edges[k])} to ${formatNumber(d.edges[k + 1])} (R ${formatFromLog(d.edges[k])} to ${formatFromLog(d.edges[k + 1])})`,
  };
}

export function renderRewardDistribution(state: PanelState): void {
  const summary = state.data.summary;
  const d = summary?.rewardDistribution;
  const section = el('rewards-section');
  section.hidden = !summary || !d || d.sampled.length === 0 || levelsCharted(summary);
  if (section.hidden || !d) return;
  const withTarget = d.target !== null;
  const digits = edgeDigits(d.edges);
  const bars: HistogramBar[] = d.sampled.map((s, k) => ({ ...binLabel(d, k, digits), values: withTarget ? [d.target![k], s] : [s] }));
  if (d.zeroReward > 0) bars.unshift({ label: 'R = 0', title: 'R = 0 (no bin of log R)', values: withTarget ? [0, d.zeroReward] : [d.zeroReward] });
  const names = withTarget ? ['target p*', 'sampled f'] : ['sampled f'];
  const classes = withTarget ? ['b1', 'b3'] : ['b3'];
  const mean = `Mean log R: samples ${formatNumber(d.meanLogReward.sampled)}${withTarget ? `, target ${formatNumber(d.meanLogReward.target)}` : ''}.`;
  el('rewards').innerHTML =
    histogram({ width: chartWidth(), title: `Reward of samples${withTarget ? ' and of the target' : ''}, by ${d.levels ? 'reward level' : 'bin of log R'}`, seriesNames: names, classes, bars: bars.reverse() }) +
    `<div class="muted">${names.map((n, i) => `<span class="key k${classes[i] === 'b1' ? 1 : 3}"></span>${n}`).join('')}</div>` +
    `<div class="muted" id="rewards-caption">Sampled f: share of ${escapeHtml(rewardSourceText(d))}${withTarget ? '; target p*: exact share of R^beta / Z' : '; no target (the DAG is not enumerated)'}. ${escapeHtml(mean)}</div>`;
}
