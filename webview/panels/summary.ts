/** The side bar's Run section: the environment's counts and true log Z, then the training's summary or last progress. */
import { formatNumber } from '../../shared/format';
import type { PanelState } from '../state';
import { el } from '../skeleton';
import { row } from './markup';

export function renderSummary(state: PanelState): void {
  const { data } = state;
  const g = data.graph;
  const last = data.progress[data.progress.length - 1];
  const s = data.summary;
  let html = '';
  if (g) {
    html += row('Environment', g.name);
    html += row('States', `${g.totalStates}${g.complete ? '' : ' (incomplete)'}`);
    html += row('Edges', String(g.totalEdges));
    // Of the whole DAG (a cut graph draws only part of them; graphs stored before totalTerminals: the drawn ones).
    html += row('Terminals', String(g.totalTerminals ?? g.nodes.filter((n) => n.terminal).length));
    // A run with a reward exponent trains towards R^beta: its true log Z is log sum R^beta.
    html += row(g.beta === undefined ? 'True log Z' : `True log Z of R^${g.beta}`, formatNumber(g.logZ));
  }
  if (s) {
    html += row('Objective', `${s.loss}, ${s.iterations} iterations`);
    html += row('Learned log Z', formatNumber(s.logZ));
    html += row('TV / JSD', `${formatNumber(s.tv)} / ${formatNumber(s.jsd)}`);
    // The final samples' TV beside what a perfect sampler shows with as many (the engine's noise floor).
    const floor = s.empiricalTvNoiseFloor;
    if (s.empiricalTv !== null && floor && s.samples) {
      html += row('Sampled TV', `${formatNumber(s.empiricalTv)} on ${s.samples} samples; a perfect sampler: ${formatNumber(floor.mean)} ± ${formatNumber(floor.sd)}`);
    }
    html += row('Speed', `${formatNumber(s.trajectoriesPerSecond)} traj/s (${s.backend})`);
  } else if (last) {
    html += row('Iteration', `${last.iteration} / ${last.iterations}`);
    html += row('Loss', formatNumber(last.loss));
    html += row('Learned log Z', formatNumber(last.logZ));
    html += row('TV', formatNumber(last.tv));
  }
  if (data.source) html += row('Run', data.source);
  el('summary').innerHTML = html;
}
