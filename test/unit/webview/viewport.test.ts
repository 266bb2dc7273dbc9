import { describe, expect, it } from 'vitest';
import { bestStagger, boundsOf, fitViewport } from '../../../webview/viewport';
import { layeredLayout } from '../../../webview/layout';
import { deviationColour } from '../../../webview/style';
import { lineChart } from '../../../webview/charts';

/** A root with n children: one wide rank, like the terminals of the smiley DAG. */
function star(n: number) {
  return {
    rank: [0, ...new Array(n).fill(1)],
    source: new Array(n).fill(0),
    target: Array.from({ length: n }, (_, i) => i + 1),
  };
}

describe('viewport from the layout', () => {
  it('fits bounds to the screen less padding, centred, with the zoom capped', () => {
    const v = fitViewport({ x1: 0, y1: 0, x2: 200, y2: 100 }, { width: 440, height: 440 }, 20, 10);
    expect(v.zoom).toBe(2); // width-limited: (440 - 40) / 200
    // The centre of the bounds (100, 50) lands on the centre of the screen.
    expect(v.pan.x + v.zoom * 100).toBeCloseTo(220, 9);
    expect(v.pan.y + v.zoom * 50).toBeCloseTo(220, 9);
    expect(fitViewport({ x1: 0, y1: 0, x2: 10, y2: 10 }, { width: 1000, height: 1000 }, 20, 1.5).zoom).toBe(1.5);
  });

  it('bounds include node sides and labels under the nodes', () => {
    const b = boundsOf([0, 100], [0, 50], [10, 20], { height: (i) => (i === 1 ? 30 : 0), halfWidth: 40 });
    expect(b).toEqual({ x1: -5, y1: -5, x2: 140, y2: 50 + 10 + 3 + 30 });
    expect(boundsOf([0], [0], [10], null)).toEqual({ x1: -5, y1: -5, x2: 5, y2: 5 });
  });

  it('staggers a wide rank over more rows in a tall narrow panel, and fits it larger than one row would', () => {
    const input = star(20);
    const labelHeight = new Array(21).fill(45);
    const common = { nodeSep: 100, rankSep: 60, rowSep: 28, padding: 20, maxZoom: 1.5, nodeSize: 44, labelHeight };
    const tall = bestStagger(input, { ...common, screen: { width: 500, height: 800 } });
    const wide = bestStagger(input, { ...common, screen: { width: 2400, height: 300 } });
    expect(tall.rows).toBeGreaterThanOrEqual(3);
    expect(wide.rows).toBe(1);
    const oneRow = layeredLayout(input, { nodeSep: 100, rankSep: 60, rowSep: 28, labelHeight });
    const oneRowZoom = fitViewport(boundsOf(oneRow.x, oneRow.y, new Array(21).fill(44), { height: () => 45, halfWidth: 46 }), { width: 500, height: 800 }, 20, 1.5).zoom;
    expect(tall.zoom).toBeGreaterThan(oneRowZoom * 2);
  });

  it('spaces a rank by its own tallest label', () => {
    // Ranks 0 and 1 without labels, rank 2 with 60 px labels: the gap 0 -> 1 stays rankSep.
    const l = layeredLayout({ rank: [0, 1, 2], source: [0, 1], target: [1, 2] }, { rankSep: 50, labelHeight: [0, 0, 60] });
    expect(l.y[1] - l.y[0]).toBe(50);
    expect(l.y[2] - l.y[1]).toBe(50);
    const labelled = layeredLayout({ rank: [0, 1, 2], source: [0, 1], target: [1, 2] }, { rankSep: 50, labelHeight: [30, 0, 0] });
    expect(labelled.y[1] - labelled.y[0]).toBe(80);
  });
});

describe('contrast and axes', () => {
  it('the neutral edge colour follows the theme; the ends of the scale do not', () => {
    expect(deviationColour(0, '#6b6b6b')).toBe('#6b6b6b');
    expect(deviationColour(0, 'rgb(1, 2, 3)')).toBe('#969696'); // not '#rrggbb': the default grey
    expect(deviationColour(-2, '#6b6b6b')).toBe('#2166ac');
    expect(deviationColour(2, '#a8a8a8')).toBe('#b2182b');
  });

  it('a distance axis starts at 0 instead of a padded negative tick', () => {
    const spec = { title: 'TV', series: [{ points: [[0, 0.6], [1, 0.2], [2, 0.001]] as [number, number][], cls: 'l1' as const, name: 'tv' }] };
    const ticks = (svg: string) => [...svg.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1]);
    expect(ticks(lineChart(spec)).some((t) => t.startsWith('-'))).toBe(true);
    const floored = ticks(lineChart({ ...spec, yMin: 0 }));
    expect(floored).toContain('0');
    expect(floored.some((t) => t.startsWith('-'))).toBe(false);
  });
});
