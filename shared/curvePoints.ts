/**
 * The panel's training curves, bounded. A run reports every `reportEvery` iterations, and a long run with frequent
 * reports makes hundreds of thousands of points: the panel redraws its curves and saves its whole state at every
 * batch of reports (extension/reportRelay.ts), and a report page embeds them all. Past MAX_CURVE_POINTS, every other
 * point goes (the first and the latest stay) and new points are kept at the spacing the curve has reached, so the
 * curve stays evenly sampled over the whole run, as TensorBoard samples long scalar series. The latest report is
 * always the last point: the summary, the gallery and the diagnosis read it. metrics.jsonl keeps every report.
 */
import type { TrainProgress } from './trainProgress';

export const MAX_CURVE_POINTS = 2000;

/** Iterations between kept points: the curve's first interval (thinning keeps it even). */
function spacing(points: readonly TrainProgress[]): number {
  return points.length >= 2 ? points[1].iteration - points[0].iteration : 0;
}

/** Adds `point` (the latest report) to `points` in place, keeping at most `max` of them evenly spaced. */
export function addCurvePoint(points: TrainProgress[], point: TrainProgress, max = MAX_CURVE_POINTS): void {
  const n = points.length;
  // A last point closer to the one before it than the spacing is off the curve's grid (the latest report after a
  // thinning): the newer report takes its place, until a full spacing has passed and it stays.
  if (n >= 3 && points[n - 1].iteration - points[n - 2].iteration < spacing(points)) points[n - 1] = point;
  else points.push(point);
  if (points.length > max) {
    const last = points[points.length - 1];
    let kept = 0;
    for (let i = 0; i < points.length; i += 2) points[kept++] = points[i];
    points.length = kept;
    if (points[kept - 1] !== last) points.push(last);
  }
}

/** `all` thinned as if they had arrived one by one. */
export function curvePoints(all: readonly TrainProgress[], max = MAX_CURVE_POINTS): TrainProgress[] {
  const points: TrainProgress[] = [];
  for (const p of all) addCurvePoint(points, p, max);
  return points;
}
