/** The figures of a comparison (shared/comparison.ts) on hand-made curves, and the checks of comparison.json. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { band, objectiveRows, timeToAllModes, timeToTv } from '../../../shared/comparison';
import { comparisonTable } from '../../../cli/compare';
import { compareTable } from '../../../webview/compare/table';
import { readComparison } from '../../../src/compare';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/train/config';
import type { Comparison, ComparisonRun, CurvePoint } from '../../../shared/comparison';

const point = (iteration: number, tv: number | null, seconds = iteration / 10, logZ = 0): CurvePoint => ({ iteration, trajectories: iteration * 16, seconds, tv, logZ, loss: 1 });
const run = (loss: 'tb' | 'db', seed: number, curve: CurvePoint[], status: ComparisonRun['status'] = 'done'): ComparisonRun => ({ loss, seed, dir: `${loss}-seed${seed}`, summary: null, curve, status });

describe('comparison figures', () => {
  it('timeToTv: the first point at or under the threshold, null when never', () => {
    const curve = [point(10, 0.5), point(20, null), point(30, 0.05, 4.5), point(40, 0.01)];
    expect(timeToTv(curve, 0.05)).toEqual({ trajectories: 480, seconds: 4.5 });
    expect(timeToTv(curve, 0.02)).toEqual({ trajectories: 640, seconds: 4 });
    expect(timeToTv(curve, 0.001)).toBeNull();
    expect(timeToTv([], 0.05)).toBeNull();
  });

  it('band: mean and min-max per iteration over the seeds that have it', () => {
    const runs = [run('tb', 1, [point(10, 0.4, 1), point(20, 0.2, 2)]), run('tb', 2, [point(10, 0.2, 3)])];
    expect(band(runs, (p) => p.seconds, (p) => p.tv)).toEqual([
      { iteration: 10, x: 2, mean: 0.30000000000000004, min: 0.2, max: 0.4, count: 2 },
      { iteration: 20, x: 2, mean: 0.2, min: 0.2, max: 0.2, count: 1 },
    ]);
  });

  it('objectiveRows: final TV spread, time to thresholds over the seeds that reached them, statuses', () => {
    const c: Comparison = {
      name: 'x', file: 'x.gfn.ts', trueLogZ: 1, config: DEFAULT_TRAIN_CONFIG,
      runs: [
        run('tb', 1, [point(10, 0.3), point(20, 0.04, 2), point(30, 0.01, 3, 0.9)]),
        run('tb', 2, [point(10, 0.2), point(20, 0.1), point(30, 0.03, 6, 1.1)]),
        { ...run('db', 1, [], 'failed'), error: 'line 3: boom' },
      ],
    };
    const [tb, db] = objectiveRows(c);
    expect(tb.tv).toEqual({ mean: 0.02, min: 0.01, max: 0.03, count: 2 });
    expect(tb.logZ?.mean).toBeCloseTo(1, 12);
    expect(tb.reached[0]).toEqual({ threshold: 0.05, reached: 2, of: 2, trajectories: (320 + 480) / 2, seconds: 4 });
    expect(tb.reached[1]).toEqual({ threshold: 0.02, reached: 1, of: 2, trajectories: 480, seconds: 3 });
    expect(db).toMatchObject({ loss: 'db', tv: null, statuses: { failed: 1 }, errors: ['line 3: boom'] });
  });

  it('modes: found at the end over seeds, iterations to find all of them (the race where the TV is unknown)', () => {
    const found = (iteration: number, modesFound: number | null, modes: number | null = 4): CurvePoint => ({ ...point(iteration, null), modesFound, modes });
    const curve = [found(10, 1), found(20, 4), found(30, 4)];
    expect(timeToAllModes(curve)).toEqual({ iteration: 20, trajectories: 320, seconds: 2 });
    expect(timeToAllModes([found(10, 3), found(20, 3)])).toBeNull();
    expect(timeToAllModes([found(10, 3, null)])).toBeNull();
    // Comparisons stored before modes were kept per point.
    expect(timeToAllModes([point(10, 0.1)])).toBeNull();
    const c: Comparison = {
      name: 'bits', file: 'bits.gfn.ts', trueLogZ: null, config: DEFAULT_TRAIN_CONFIG,
      runs: [run('tb', 1, curve), run('tb', 2, [found(10, 2), found(20, 3), found(40, 4)]), run('db', 1, [found(10, 0), found(20, 2)])],
    };
    const [tb, db] = objectiveRows(c);
    expect(tb.modes).toBe(4);
    expect(tb.modesFound).toEqual({ mean: 4, min: 4, max: 4, count: 2 });
    expect(tb.allModes).toEqual({ reached: 2, of: 2, iterations: 30, trajectories: 480, seconds: 3 });
    expect(db.allModes).toEqual({ reached: 0, of: 1, iterations: null, trajectories: null, seconds: null });
    const table = comparisonTable(c);
    expect(table).toMatch(/^objective +seed +status +TV +log Z +vs true +traj@0.05 +s@0.05 +traj@0.02 +s@0.02 +modes +iter@all modes$/m);
    expect(table).toMatch(/^tb +mean .* 4\/4 +30 \(2\/2\)$/m);
    expect(table).toMatch(/^db +1 +done .* 2\/4 +-$/m);
    // The Compare view's table: the same figures.
    const html = compareTable(c, () => 'c1');
    expect(html).toContain('<th scope="col">Modes found<br>');
    expect(html).toMatch(/data-objective="tb".*<td class="num" data-modes>4 <span class="muted">\[4, 4\]<\/span> <span class="muted">of 4<\/span><\/td><td class="num" data-all-modes="2">30 · 480 <span class="muted">\(2\/2\)<\/span><\/td>/);
    expect(html).toMatch(/data-objective="db".*data-all-modes="0">never/);
    // Without a rule for modes the columns are left out.
    const noModes = comparisonTable({ ...c, runs: [run('tb', 1, [point(10, 0.1)])] });
    expect(noModes).not.toMatch(/modes/);
    expect(compareTable({ ...c, runs: [run('tb', 1, [point(10, 0.1)])] }, () => 'c1')).not.toMatch(/Modes/);
  });

  it('readComparison names the file and the field that is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gfn-comparison-'));
    expect(() => readComparison(dir)).toThrow(/comparison\.json: missing; is .* the --out directory of `gfn compare`/);
    const good: Comparison = { name: 'x', file: 'x', trueLogZ: null, config: DEFAULT_TRAIN_CONFIG, runs: [run('tb', 1, [point(10, 0.5)])] };
    writeFileSync(join(dir, 'comparison.json'), JSON.stringify(good));
    expect(readComparison(dir)).toEqual(good);
    const bad = { ...good, runs: [{ ...good.runs[0], curve: [{ ...point(10, 0.5), tv: 'high' }] }] };
    writeFileSync(join(dir, 'comparison.json'), JSON.stringify(bad));
    expect(() => readComparison(dir)).toThrow(/comparison\.json: runs\[0\]\.curve\[0\]\.tv must be a number or null/);
    writeFileSync(join(dir, 'comparison.json'), '{"name": "x", "runs": [');
    expect(() => readComparison(dir)).toThrow(/comparison\.json: truncated JSON/);
  });
});
