/** The side bar's Training section: loss, log Z (against the true log Z) and the total variation, per iteration. */
import type { TrainProgress } from '../../shared/protocol';
import { lineChart } from '../charts';
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
    });
}
