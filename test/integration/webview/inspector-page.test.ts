/**
 * The gallery and the state inspector in headless Chromium, as a user sees them at 1600x1000: a real trained run of
 * the smiley example (TB, in process, the run directory written by the run store), `gfn report`, the page loaded from
 * disk under its own CSP. Screenshots go to test-results/ to be looked at.
 */
import { describe, expect, it } from 'vitest';
import { results, root, usePageTest } from './pageTest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { reportCommand } from '../../../cli/report';
import smiley from '../../../examples/smiley.gfn';
import { defineEnvironment } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import { buildFlowGraph } from '../../../src/flowGraph/graph';
import { runTraining } from '../../../src/train/session';
import type { FromSandbox } from '../../../shared/protocol';
import { trainConfig } from '../../unit/train/helpers';

const bundlePath = join(root, 'dist/webview.js');

type Cy = import('cytoscape').Core;

const shared = usePageTest('inspector');

/** A trained smiley run (TB, 1,000 iterations) and its report page. */
async function trainedReport(): Promise<string> {
  const { dag } = explore(smiley);
  const graph = buildFlowGraph(smiley, dag);
  const runDir = join(shared.dir, 'smiley');
  const messages: FromSandbox[] = [];
  await runTraining(smiley, dag, { type: 'train', file: 'smiley.gfn.ts', config: trainConfig({ iterations: 1000, reportEvery: 500 }), outDir: runDir }, { post: (m) => messages.push(m), isCancelled: () => false }, graph);
  expect(messages.find((m) => m.type === 'error')).toBeUndefined();
  const out = join(runDir, 'report.html');
  const errors: string[] = [];
  expect(await reportCommand([runDir, '--out', out], { out: () => undefined, err: (l) => errors.push(l), bundlePath })).toBe(0);
  expect(errors).toEqual([]);
  return out;
}

/** The page from disk, its problems collected (test/ui/chromium.mjs). */
const open = (file: string, problems: string[]): Promise<Page> => shared.open(file, problems);

describe('gallery and inspector page', () => {
  it('an incomplete DAG: the gallery shows the sampled objects as the engine rendered them, ranked by frequency', async () => {
    // Bit strings of length 12, explored only up to 60 states: training expands the rest on demand.
    const bits = defineEnvironment({
      name: 'bits',
      initial: '',
      actionSpace: ['0', '1'],
      actions: (s) => (s.length < 12 ? ['0', '1'] : []),
      step: (s, bit) => s + bit,
      reward: (x) => 1 + 3 * [...x].filter((b) => b === '1').length,
      encode: (s) => Array.from({ length: 12 }, (_, i) => (i >= s.length ? 0 : s[i] === '1' ? 1 : -1)),
      parents: (s) => (s === '' ? [] : [{ state: s.slice(0, -1), action: s[s.length - 1] }]),
      render: (s) => `bits\n${s.replace(/0/g, '.').replace(/1/g, '#')}`,
    });
    const { dag } = explore(bits, { maxStates: 60 });
    expect(dag.complete).toBe(false);
    const runDir = join(shared.dir, 'bits');
    const messages: FromSandbox[] = [];
    await runTraining(bits, dag, { type: 'train', file: 'bits.gfn.ts', config: trainConfig({ iterations: 30, reportEvery: 30, batchSize: 8 }), outDir: runDir }, { post: (m) => messages.push(m), isCancelled: () => false }, buildFlowGraph(bits, dag));
    expect(messages.find((m) => m.type === 'error')).toBeUndefined();
    const sampled = messages.flatMap((m) => (m.type === 'progress' ? [m.progress] : [])).at(-1)!.sampled!;
    const out = join(runDir, 'report.html');
    expect(await reportCommand([runDir, '--out', out], { out: () => undefined, err: () => undefined, bundlePath })).toBe(0);
    const problems: string[] = [];
    const page = await open(out, problems);
    await page.click('#view-gallery');
    await expect.poll(() => page.locator('#gallery .card').count()).toBe(sampled.length);
    const shown = await page.$$eval('#gallery .card pre.label', (pres) => pres.map((p) => p.textContent));
    expect(shown).toEqual(sampled.map((o) => bits.render!(JSON.parse(o.key) as string)));
    expect(await page.textContent('#gallery-caption')).toMatch(/sampled most often recently/);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);


  it('smiley after TB: the faces drawn and ranked, a state inspected, a trajectory played to its terminal', async () => {
    const problems: string[] = [];
    const page = await open(await trainedReport(), problems);

    // The gallery: the 8 valid faces, as sanitised SVG images, the smiles (p* = 16.7%) sampled most.
    await page.click('#view-gallery');
    await expect.poll(() => page.locator('#gallery .card').count()).toBeGreaterThan(0);
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('#gallery img')).every((i) => i.complete && i.naturalWidth > 0));
    const gallery = await page.evaluate(() => {
      const cards = Array.from(document.querySelectorAll<HTMLElement>('#gallery .card'));
      const value = (card: HTMLElement, term: string) => {
        const dt = Array.from(card.querySelectorAll('dt')).find((d) => d.textContent === term);
        return dt?.nextElementSibling?.textContent ?? '';
      };
      return {
        graphHidden: document.getElementById('graph-wrap')!.hidden,
        caption: document.getElementById('gallery-caption')!.textContent ?? '',
        cards: cards.map((c) => ({
          img: c.querySelectorAll('img.figure').length,
          width: c.querySelector('img')?.naturalWidth ?? 0,
          src: c.querySelector('img')?.getAttribute('src') ?? '',
          reward: value(c, 'R(x)'),
          target: value(c, 'p*(x)'),
          learned: value(c, 'learned p(x)'),
          freq: Number.parseFloat(value(c, 'sampled f(x)')),
        })),
      };
    });
    expect(gallery.graphHidden).toBe(true);
    // The recent samples hold the 8 valid faces, and maybe a few R = 0 faces the policy still draws rarely.
    expect(gallery.cards.length).toBeGreaterThanOrEqual(8);
    expect(gallery.caption).toMatch(new RegExp(`^${gallery.cards.length} distinct objects among the recent samples`));
    for (const card of gallery.cards) {
      expect(card.img).toBe(1);
      expect(card.width).toBe(64);
      expect(card.src.startsWith('data:image/svg+xml')).toBe(true);
      expect(card.learned).toMatch(/%$/);
    }
    for (let i = 1; i < gallery.cards.length; i++) expect(gallery.cards[i].freq).toBeLessThanOrEqual(gallery.cards[i - 1].freq);
    // Ranked: the 4 smiles (R = 2, p* = 16.7%), then the 4 frowns (R = 1, p* = 8.3%), then any invalid face.
    expect(gallery.cards.slice(0, 4).map((c) => [c.reward, c.target])).toEqual(Array(4).fill(['2', '16.7%']));
    expect(gallery.cards.slice(4, 8).map((c) => [c.reward, c.target])).toEqual(Array(4).fill(['1', '8.3%']));
    expect(gallery.cards.slice(8).every((c) => c.reward === '0' && c.target === '0%')).toBe(true);
    expect(gallery.cards.slice(8).reduce((a, c) => a + c.freq, 0)).toBeLessThan(5);
    await page.screenshot({ path: join(results, 'gallery-page.png') });

    // A card selects its state: the side column's inspector shows it (one face, a stop row: faces are sinks).
    await page.click('#gallery .card[data-rank="1"]');
    await expect.poll(() => page.locator('#details table.actions tr.stop').count()).toBe(1);

    // Back on the graph, click s0's first child (a one-patch face): its 5 actions, learned P_F beside the exact P_F*.
    await page.click('#view-graph');
    const child = await page.evaluate(() => {
      const cy = (window as unknown as { gfnCy: Cy }).gfnCy;
      const target = cy.getElementById('n0').outgoers('node').first();
      target.emit('tap');
      return Number(target.data('v'));
    });
    await expect.poll(() => page.locator('#details table.actions tbody tr').count()).toBe(5);
    const table = await page.evaluate(() => {
      const rows = Array.from(document.querySelectorAll('#details table.actions tbody tr'));
      const heads = Array.from(document.querySelectorAll('#details table.actions th')).map((t) => t.textContent);
      const col = (i: number) => rows.map((r) => Number.parseFloat(r.children[i].textContent ?? 'NaN'));
      return { heads, pf: col(1), pfStar: col(2), pb: col(3), picture: document.querySelectorAll('#details img.figure').length, parents: document.getElementById('details')!.textContent ?? '' };
    });
    expect(table.heads).toEqual(['action', 'P_F', 'P_F*', 'P_B', 'F', 'F*']);
    // Distributions over the 5 actions (no stop: a one-patch face is not terminal), to the rounding of the display.
    expect(table.pf.reduce((a, b) => a + b, 0)).toBeGreaterThan(99);
    expect(table.pf.reduce((a, b) => a + b, 0)).toBeLessThan(101);
    expect(table.pfStar.reduce((a, b) => a + b, 0)).toBeGreaterThan(99.5);
    expect(table.pfStar.reduce((a, b) => a + b, 0)).toBeLessThan(100.5);
    // P_B(s | s') of a two-patch face under the uniform backward policy: 1 / 2 parents.
    expect(table.pb.every((p) => p === 50)).toBe(true);
    expect(table.picture).toBe(1);
    expect(table.parents).toContain('Parents (1)');
    expect(table.parents).toContain('Children (5)');
    expect(child).toBeGreaterThan(0);

    // Where is the policy wrong: ranked rows; clicking one selects its state.
    const deviations = await page.locator('#deviations tbody tr').count();
    expect(deviations).toBeGreaterThan(0);
    const weights = await page.$$eval('#deviations tbody tr td:nth-child(2)', (tds) => tds.map((t) => Number.parseFloat(t.textContent ?? 'NaN')));
    for (let i = 1; i < weights.length; i++) expect(weights[i]).toBeLessThanOrEqual(weights[i - 1]);
    const first = Number(await page.getAttribute('#deviations tbody tr[data-rank="1"] button', 'data-node'));
    await page.click('#deviations tbody tr[data-rank="1"] button');
    await expect.poll(() => page.evaluate(() => Number((window as unknown as { gfnCy: Cy }).gfnCy.$('node:selected').data('v')))).toBe(first);

    // Play a trajectory: from s0, step by step, to a terminal with its reward (the drawing fitted again first: the
    // deviation's click centred it on its state).
    await page.click('#fit');
    await page.click('#play-sample');
    await expect.poll(() => page.textContent('#play-step')).toMatch(/^Trajectory #1, step 0 of 3/);
    for (let k = 0; k < 3; k++) await page.click('#play-next');
    await expect.poll(() => page.textContent('#play-end')).toMatch(/^Ended at a terminal: R\(x\) = [12],/);
    const end = await page.evaluate(() => {
      const cy = (window as unknown as { gfnCy: Cy }).gfnCy;
      const selected = cy.$('node:selected');
      return { terminal: selected.hasClass('terminal'), played: cy.nodes('.played').length, edges: cy.edges('.played').length, next: (document.getElementById('play-next') as HTMLButtonElement).disabled };
    });
    expect(end).toEqual({ terminal: true, played: 4, edges: 3, next: true });
    await page.screenshot({ path: join(results, 'play-page.png') });
    // Back to step 1 of the trajectory: a one-patch face, its 5 actions in the inspector, the path so far marked.
    await page.click('#play-prev');
    await page.click('#play-prev');
    await expect.poll(() => page.textContent('#play-step')).toMatch(/step 1 of 3/);
    await expect.poll(() => page.locator('#details table.actions tbody tr').count()).toBe(5);
    await page.screenshot({ path: join(results, 'inspector-page.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
