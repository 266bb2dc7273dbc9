/**
 * "Play a trajectory": one trajectory drawn from the current learned P_F (the snapshot's inspector.forwardProb and
 * stopProb), with the project's seeded generator (shared/rng.ts) and a visible counter as its seed, so a trajectory
 * can be played again. It is stepped through on the graph (each state selected in turn, the path marked), by Prev /
 * Next or on a timer, and ends at its terminal with its reward. In a cut graph (whole: false) the choice at each
 * state is among its drawn edges and stop, renormalised: the trajectory stays on the drawing.
 */
import { formatReward, formatPercent } from '../../shared/format';
import { escapeHtml } from '../../shared/html';
import type { FlowGraph } from '../../shared/flowGraph';
import type { PolicyInspection } from '../../shared/inspection';
import { Rng } from '../../shared/rng';
import type { Panel } from '../panel';
import { el } from '../skeleton';
import { shortLabel } from '../style';

/** Milliseconds per step when playing on the timer. */
const STEP_MS = 700;
export interface Trajectory {
  seed: number;
  /** Graph node indices from s0, and the edges between them. */
  nodes: number[];
  edges: number[];
  /** The probability of each step under the learned policy (the last: stopping). */
  probs: number[];
  /** False when it stopped at a state with nowhere to go in the drawn graph (not a terminal). */
  stopped: boolean;
}

/** Draws a trajectory: at each state, an out-edge with probability P_F(s' | s) or stop with P_F(stop | s). */
export function sampleTrajectory(g: FlowGraph, ins: PolicyInspection, childrenOf: number[][], seed: number): Trajectory {
  const rng = new Rng(seed);
  const t: Trajectory = { seed, nodes: [0], edges: [], probs: [], stopped: false };
  let s = 0;
  // A path of a DAG visits each node at most once: the bound only guards against a malformed snapshot.
  for (let step = 0; step <= g.nodes.length; step++) {
    const out = childrenOf[s] ?? [];
    const stop = g.nodes[s].terminal ? ins.stopProb[s] : 0;
    const total = out.reduce((a, e) => a + ins.forwardProb[e], stop);
    if (!(total > 0)) break;
    let u = rng.next() * total;
    if (u < stop) {
      t.probs.push(stop / total);
      t.stopped = true;
      break;
    }
    u -= stop;
    let pick = out[out.length - 1];
    for (const e of out) {
      if (u < ins.forwardProb[e]) {
        pick = e;
        break;
      }
      u -= ins.forwardProb[e];
    }
    t.probs.push(ins.forwardProb[pick] / total);
    t.edges.push(pick);
    s = g.edges[pick].target;
    t.nodes.push(s);
  }
  return t;
}

let seed = 1;
let played: Trajectory | null = null;
let at = 0;
let timer: number | null = null;

function stopTimer(): void {
  if (timer !== null) window.clearInterval(timer);
  timer = null;
}

/** Shows step `i` of the played trajectory: the state selected, the path so far marked. */
function goTo(panel: Panel, i: number): void {
  if (!played) return;
  at = Math.max(0, Math.min(played.nodes.length - 1, i));
  panel.view.markPath(played.nodes.slice(0, at + 1), played.edges.slice(0, at));
  // Not centred: the marked path reads in the context of the whole drawing.
  panel.select(played.nodes[at], false);
  renderPlay(panel);
}

export function renderPlay(panel: Panel): void {
  const box = el('play');
  const g = panel.state.data.graph;
  const ins = g ? panel.state.fittingSnapshot(g)?.inspector : undefined;
  const controls =
    `<div class="play-controls"><button type="button" id="play-sample"${ins ? '' : ' disabled'}>Play a trajectory</button>` +
    `<label for="play-seed">seed</label><input id="play-seed" type="number" min="1" step="1" value="${seed}">` +
    (played ? `<button type="button" id="play-prev"${at > 0 ? '' : ' disabled'}>Prev</button><button type="button" id="play-next"${at < played.nodes.length - 1 ? '' : ' disabled'}>Next</button><button type="button" id="play-auto">${timer !== null ? 'Pause' : 'Auto'}</button>` : '') +
    '</div>';
  if (!g || !ins) {
    show(box, controls, `<div class="muted">${g && !g.complete ? 'Needs an enumerable DAG.' : 'Train first: the trajectory is drawn from the learned policy.'}</div>`);
    return;
  }
  let text = '';
  if (played) {
    const v = played.nodes[at];
    const last = at === played.nodes.length - 1;
    const p = at > 0 ? ` (P_F = ${formatPercent(played.probs[at - 1])})` : '';
    text = `<div id="play-step">Trajectory #${played.seed}, step ${at} of ${played.nodes.length - 1}: ${escapeHtml(shortLabel(g.nodes[v]))}${escapeHtml(p)}</div>`;
    if (last) {
      const end = g.nodes[v];
      text += played.stopped
        ? `<div id="play-end">Ended at a terminal: R(x) = ${escapeHtml(formatReward(end))}, stopping with P_F = ${escapeHtml(formatPercent(played.probs.at(-1)))}.</div>`
        : '<div id="play-end" class="muted">Stopped at the edge of the drawn graph (raise Top k to follow it further).</div>';
    }
  }
  show(box, controls, text);
}

/**
 * Replaces the controls only when they changed: the side column re-renders at every progress report, and a seed being
 * typed must not be wiped by one.
 */
function show(box: HTMLElement, controls: string, text: string): void {
  if (box.dataset.controls !== controls || !box.firstElementChild) {
    box.innerHTML = `${controls}<div class="play-text"></div>`;
    box.dataset.controls = controls;
  }
  const out = box.querySelector('.play-text');
  if (out) out.innerHTML = text;
}

export function mountPlay(panel: Panel): void {
  const box = el('play');
  box.addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.id === 'play-seed') seed = Math.max(1, Math.floor(Number(e.target.value)) || 1);
  });
  box.addEventListener('click', (e) => {
    const id = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('button')?.id : undefined;
    const g = panel.state.data.graph;
    const ins = g ? panel.state.fittingSnapshot(g)?.inspector : undefined;
    if (id === 'play-sample' && g && ins) {
      stopTimer();
      played = sampleTrajectory(g, ins, panel.state.childrenOf, seed);
      seed++;
      goTo(panel, 0);
    } else if (id === 'play-prev') {
      stopTimer();
      goTo(panel, at - 1);
    } else if (id === 'play-next') {
      stopTimer();
      goTo(panel, at + 1);
    } else if (id === 'play-auto' && played) {
      if (timer !== null) stopTimer();
      else {
        if (at === played.nodes.length - 1) at = -1;
        timer = window.setInterval(() => {
          if (!played || at >= played.nodes.length - 1) stopTimer();
          else goTo(panel, at + 1);
          renderPlay(panel);
        }, STEP_MS);
      }
      renderPlay(panel);
    }
  });
}
