/**
 * The reward distribution of samples on `gfn report`'s page at 1600x1000 (headless Chromium, the page loaded from disk
 * under its own CSP): structure learning (543 DAGs, too many reward levels for the levels chart) shows "Reward of
 * samples", its bars the shares of summary.json's rewardDistribution, labelled with the samples they come from (the
 * final samples, or the training samples when none were drawn); on Ising (6 levels) the Terminals section's levels
 * chart already shows them and the section stays hidden. Screenshot: test-results/rewards-report.png.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { results, usePageTest } from './pageTest';
import { trainedReport } from './trainedReport';
import structureLearning from '../../../examples/structure-learning.gfn';
import ising from '../../../examples/ising.gfn';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import type { TrainConfig } from '../../../shared/trainConfig';
import { formatPercent } from '../../../shared/format';
import { trainConfig } from '../../unit/train/helpers';

const shared = usePageTest('rewards');

const report = <S, A>(env: EnvironmentSpec<S, A>, name: string, config: TrainConfig) => trainedReport(shared.dir, env, name, config);

describe('Reward of samples on the report page', () => {
  it('structure learning with final samples: a bar pair per bin of log R, the shares of summary.json, the source named', async () => {
    const { page: file, summary, printed } = await report(structureLearning, 'final', trainConfig({ epsilon: 0.1, iterations: 100, reportEvery: 50, samples: 400 }));
    const d = summary.rewardDistribution!;
    expect(d.levels).toBe(false);
    expect(summary.rewardLevels ?? null).toBeNull();
    expect(printed).toContain(`reward of samples: mean log R ${Number(d.meanLogReward.sampled!.toPrecision(4))} over the 400 final samples of the trained policy (target ${Number(d.meanLogReward.target!.toPrecision(4))}) (the page's side column charts it)`);
    const problems: string[] = [];
    const page = await shared.open(file, problems);
    const section = page.locator('#rewards-section');
    await expect.poll(() => section.isVisible()).toBe(true);
    // Largest reward first: the bars are the bins in reverse, each with the target's share (b1) and the samples' (b3).
    const bars = await page.$$eval('#rewards svg .bar-label', (els) => els.map((e) => e.lastChild?.textContent ?? ''));
    expect(bars).toHaveLength(d.sampled.length + (d.zeroReward > 0 ? 1 : 0));
    expect(bars[0]).toMatch(/^-?[\d.]+ to -?[\d.]+$/);
    // Each bin's ends differ as written.
    for (const bar of bars) expect(new Set(bar.split(' to ')).size).toBe(2);
    const shown = await page.$$eval('#rewards svg rect', (rects) => rects.map((r) => ({ cls: r.getAttribute('class'), title: r.querySelector('title')?.textContent ?? '' })));
    const sampledShown = shown.filter((r) => r.cls === 'b3').map((r) => r.title.split(': ').at(-1));
    const targetShown = shown.filter((r) => r.cls === 'b1').map((r) => r.title.split(': ').at(-1));
    // Bars of zero share are not drawn.
    expect(sampledShown).toEqual([...d.sampled].reverse().filter((s) => s > 0).map(formatPercent));
    expect(targetShown).toEqual([...d.target!].reverse().filter((s) => s > 0).map(formatPercent));
    const caption = await page.locator('#rewards-caption').textContent();
    expect(caption).toContain('Sampled f: share of the 400 final samples of the trained policy; target p*: exact share of R^beta / Z.');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(results, 'rewards-report.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('without final samples the chart says it shows the training samples; Ising\'s levels chart makes it redundant', async () => {
    const { page: file, summary } = await report(structureLearning, 'training', trainConfig({ epsilon: 0.1, iterations: 50, reportEvery: 50 }));
    expect(summary.rewardDistribution!.source).toBe('training');
    const problems: string[] = [];
    const page = await shared.open(file, problems);
    await expect.poll(() => page.locator('#rewards-section').isVisible()).toBe(true);
    expect(await page.locator('#rewards-caption').textContent()).toContain(`share of the ${summary.trajectories} recent training samples (with exploration)`);
    await page.close();

    const levels = await report(ising, 'ising', trainConfig({ epsilon: 0.1, iterations: 50, reportEvery: 50, samples: 100 }));
    expect(levels.summary.rewardLevels!.length).toBeGreaterThan(1);
    expect(levels.summary.rewardDistribution!.levels).toBe(true);
    const isingPage = await shared.open(levels.page, problems);
    await expect.poll(() => isingPage.locator('#histogram svg').count()).toBe(2);
    expect(await isingPage.locator('#rewards-section').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await isingPage.close();
  }, 120_000);
});
