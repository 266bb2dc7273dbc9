/** The projection heatmaps' markup (webview/panels/heatmaps.ts): one colour scale over the three, values on hover. */
import { describe, expect, it } from 'vitest';
import { heatmapsMarkup } from '../../../webview/panels/heatmaps';
import type { ProjectedMass } from '../../../shared/flowSnapshot';

describe('heatmapsMarkup', () => {
  const mass: ProjectedMass = {
    rows: 2,
    cols: 3,
    target: [0.5, 0, 0, 0, 0, 0.5],
    learned: [0.25, 0.25, 0, 0, 0, 0.5],
    sampled: [1e-7, 0, 0, 0, 0, 1 - 1e-7],
  };

  it('three maps of rows x cols cells, opacity = mass / the largest cell of the three, titles by magnitude', () => {
    const html = heatmapsMarkup(mass, 300, 16);
    const maps = [...html.matchAll(/<figure class="heatmap" data-kind="(\w+)">(.*?)<\/figure>/g)];
    expect(maps.map((m) => m[1])).toEqual(['target', 'learned', 'sampled']);
    for (const [, , body] of maps) expect([...body.matchAll(/<rect x=/g)]).toHaveLength(6);
    // One scale: the largest cell (sampled [1, 2], 0.9999999) is opacity 1; target's 0.5 is half of it.
    expect(html).toContain('fill-opacity="1.0000"><title>Training samples, cell [1, 2]: 1</title>');
    expect(html).toContain('fill-opacity="0.5000"><title>Target, cell [0, 0]: 0.5</title>');
    expect(html).toContain('<title>Training samples, cell [0, 0]: 1.0e-7</title>');
    expect(html).toContain('<title>Learned, cell [0, 1]: 0.25</title>');
    // Cells of 16 px at most: 3 columns make a map 48 px wide.
    expect(html).toMatch(/<svg viewBox="0 0 48 32" width="48" height="32"/);
    expect(html).toContain('100% of the mass in one cell');
  });

  it('a narrow column shrinks the cells so the three maps fit', () => {
    const html = heatmapsMarkup({ ...mass, rows: 8, cols: 8, target: Array(64).fill(1 / 64), learned: Array(64).fill(1 / 64), sampled: Array(64).fill(1 / 64) }, 200, 16);
    // (200 - 2 * 12) / 3 / 8 = 7.3: 7 px cells, maps of 56 px.
    expect(html).toMatch(/<svg viewBox="0 0 56 56" width="56" height="56"/);
  });
});
