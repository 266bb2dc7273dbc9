/**
 * The report page of a trained Ising 3x3 run (gfn train, then gfn report, opened in headless Chromium): the Run
 * section shows the final samples' TV beside its noise floor, and the Terminals section the levels of equal reward
 * over all 512 objects (summary.json, from the exact engine), though graph.json holds only part of them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { results, root, usePageTest } from './pageTest';
import { reportCommand } from '../../../cli/report';
import type { TrainSummary } from '../../../shared/trainSummary';

const cli = join(root, 'dist/cli.js');

const shared = usePageTest('levels');

describe('report page of a trained run', () => {
  it.skipIf(!existsSync(cli))('Ising 3x3: sampled TV with its noise floor, and all six reward levels', async () => {
    const run = join(shared.dir, 'ising');
    const trained = spawnSync(process.execPath, [cli, 'train', 'examples/ising.gfn.ts', '--iterations', '20', '--samples', '1000', '--out', run], { encoding: 'utf8', cwd: root });
    expect(trained.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as TrainSummary;
    const out = join(run, 'report.html');
    const errors: string[] = [];
    expect(await reportCommand([run, '--out', out], { out: () => undefined, err: (l) => errors.push(l), bundlePath: join(root, 'dist/webview.js') })).toBe(0);
    expect(errors).toEqual([]);
    const problems: string[] = [];
    const page = await shared.open(out, problems, { width: 1400, height: 900 });
    const shown = await page.evaluate(() => ({
      summary: document.getElementById('summary')?.textContent ?? '',
      charts: Array.from(document.querySelectorAll('#histogram svg')).map((svg) => ({
        title: svg.getAttribute('aria-label') ?? '',
        labels: Array.from(svg.querySelectorAll('.bar-label')).map((t) => t.lastChild?.textContent ?? ''),
      })),
    }));
    // The whole DAG's 512 terminals, though the graph drawn holds fewer.
    expect(shown.summary).toContain('Terminals512');
    const floor = summary.empiricalTvNoiseFloor!;
    const four = (x: number) => String(Number(x.toPrecision(4)));
    expect(shown.summary).toContain(`Sampled TV${four(summary.empiricalTv!)} on 1000 samples; a perfect sampler: ${four(floor.mean)} ± ${four(floor.sd)}`);
    expect(shown.charts).toHaveLength(2);
    expect(shown.charts[1].title).toBe('By reward level, all 512 terminals');
    expect(shown.charts[1].labels).toEqual(['R = 1339 (2)', 'R = 54.6 (18)', 'R = 11.02 (48)', 'R = 2.226 (198)', 'R = 0.4493 (144)', 'R = 0.09072 (102)']);
    await page.locator('#histogram').screenshot({ path: join(results, 'report-ising-levels.png') });
    expect(problems).toEqual([]);
  }, 180_000);
});
