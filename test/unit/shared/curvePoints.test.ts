/**
 * The panel's bounded curves (shared/curvePoints.ts): below the bound every report is a point; past it the curve is
 * thinned to evenly spaced points over the whole run, never more than the bound, with the latest report last.
 */
import { describe, expect, it } from 'vitest';
import { addCurvePoint, curvePoints, MAX_CURVE_POINTS } from '../../../shared/curvePoints';
import type { TrainProgress } from '../../../shared/trainProgress';

const report = (iteration: number) => ({ iteration, loss: 1 / iteration }) as TrainProgress;
const reports = (n: number, every: number) => Array.from({ length: n }, (_, i) => report((i + 1) * every));

describe('curve points', () => {
  it('keeps every report up to the bound, irregular last one included', () => {
    const all = [...reports(MAX_CURVE_POINTS - 1, 10), report(MAX_CURVE_POINTS * 10 - 3)];
    expect(curvePoints(all)).toEqual(all);
  });

  it('past the bound: at most the bound, evenly spaced from the first report, the latest last', () => {
    for (const n of [MAX_CURVE_POINTS + 1, 3 * MAX_CURVE_POINTS + 17, 100_000]) {
      const all = reports(n, 10);
      const points: TrainProgress[] = [];
      for (const p of all) {
        addCurvePoint(points, p);
        expect(points.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
        expect(points.at(-1)).toBe(p);
      }
      expect(points.length).toBeGreaterThan(MAX_CURVE_POINTS / 2 - 2);
      expect(points[0]).toBe(all[0]);
      // Every interval but the last (the latest report, off the grid until a full spacing passes) is the same.
      const gaps = points.slice(1).map((p, i) => p.iteration - points[i].iteration);
      const spacing = gaps[0];
      expect(gaps.slice(0, -1).every((g) => g === spacing)).toBe(true);
      expect(gaps.at(-1)!).toBeGreaterThan(0);
      expect(gaps.at(-1)!).toBeLessThanOrEqual(spacing);
      // The points are reports, in order, the run covered end to end.
      expect(points.every((p) => all.includes(p))).toBe(true);
      expect(points.at(-1)!.iteration).toBe(n * 10);
    }
  });

  it('a small bound thins the same way (every other point, then the grid)', () => {
    expect(curvePoints(reports(9, 10), 4).map((p) => p.iteration)).toEqual([10, 50, 90]);
    expect(curvePoints(reports(11, 10), 4).map((p) => p.iteration)).toEqual([10, 50, 90, 110]);
  });
});
