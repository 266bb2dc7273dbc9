/**
 * The side bar's Training section: loss, log Z (against the true log Z) and the total variation, per iteration; then
 * what training discovered (src/train/discovery.ts): modes found against their number, and the top-k mean reward.
 */
import type { TrainProgress } from '../../shared/trainProgress';
import { lineChart } from '../charts';
import { modesText } from '../../shared/discovery';
import { LOG_FORM_BEYOND } from '../../shared/format';
import type { PanelState } from '../state';
import { el } from '../skeleton';
import { chartWidth } from './markup';

export function renderCurves(state: PanelState): void {
  const { data } = state;
  const p = data.progress;
  const trueLogZ = data.graph?.logZ ?? data.summary?.trueLogZ ?? null;
  const xs = (f: (q: TrainProgress) => number | null) =>
    p.flatMap((q) => {
      const y = f(q);
      return y === null ? [] : [[q.iteration, y] as const];
    });
  const logZLine =
    trueLogZ !== null && p.length > 0
      ? [{ points: [[p[0].iteration, trueLogZ], [p[p.length - 1].iteration, trueLogZ]] as const, cls: 'l2' as const, name: 'true' }]
      : [];
  const lossPositive = p.length > 0 && p.every((q) => q.loss > 0);
  const width = chartWidth();
  const height = 100;
  el('curves').innerHTML =
    lineChart({ width, height, title: lossPositive ? 'Loss (log scale)' : 'Loss', logY: lossPositive, series: [{ points: xs((q) => q.loss), cls: 'l1', name: 'loss' }] }) +
    lineChart({ width, height, title: 'log Z', series: [{ points: xs((q) => q.logZ), cls: 'l1', name: 'learned' }, ...logZLine] }) +
    lineChart({
      width,
      height,
      title: 'Total variation to the target',
      // A distance: the axis starts at 0.
      yMin: 0,
      series: [
        { points: xs((q) => q.tv), cls: 'l1', name: 'exact TV' },
        // The recent training samples (drawn with exploration), not the delivered policy's final samples.
        { points: xs((q) => q.empiricalTv), cls: 'l3', name: 'training-sample TV' },
      ],
    }) +
    discoveryCharts(p, width, height);
}

/** Modes found (when the run has a rule for modes) and the top-k mean reward (runs that report it). */
function discoveryCharts(p: readonly TrainProgress[], width: number, height: number): string {
  const xs = (f: (q: TrainProgress) => number | null | undefined) =>
    p.flatMap((q) => {
      const y = f(q);
      return y === null || y === undefined ? [] : [[q.iteration, y] as const];
    });
  const last = p.at(-1);
  let out = '';
  if (last && last.modesFound !== null && last.modesFound !== undefined) {
    const n = last.modes ?? null;
    const all = n === null ? [] : [{ points: [[p[0].iteration, n], [last.iteration, n]] as const, cls: 'l2' as const, name: `all ${n}` }];
    const distinct = last.distinctSampled === undefined ? '' : ` · ${last.distinctSampled} distinct sampled`;
    out += lineChart({ width, height, title: `Modes found ${modesText(last)}${distinct}`, yMin: 0, series: [{ points: xs((q) => q.modesFound), cls: 'l1', name: 'found' }, ...all] });
  }
  const top = (k: 10 | 100) => xs((q) => q.logMeanRewardTop?.[k]);
  const logs = [...top(10), ...top(100)].map(([, y]) => y);
  if (logs.length > 0) {
    // Rewards a double holds are drawn on a log axis; beyond (e^800), their logs on a linear one.
    const asLog = logs.some((y) => !Number.isFinite(y) || Math.abs(y) > LOG_FORM_BEYOND);
    const value = (points: ReadonlyArray<readonly [number, number]>) => (asLog ? points : points.map(([x, y]) => [x, Math.exp(y)] as const));
    out += lineChart({
      width,
      height,
      title: asLog ? 'log of the mean reward of the top k sampled' : 'Mean reward of the top k sampled (log scale)',
      logY: !asLog,
      series: [{ points: value(top(10)), cls: 'l1', name: 'top 10' }, { points: value(top(100)), cls: 'l3', name: 'top 100' }],
    });
  }
  return out;
}
