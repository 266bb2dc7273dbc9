/**
 * The training diagnosis on `gfn report`'s page as a user sees it at 1600x1000 (headless Chromium, the page loaded
 * from disk under its own CSP): a collapsed run (TB, epsilon 0, free stop logit on structure learning, in process,
 * the run directory written by the run store) shows the Diagnosis block with the flags to try, and the table of mass
 * and stop probability per depth; a healthy run shows no Diagnosis. Screenshot: test-results/diagnosis-report.png.
 */
import { describe, expect, it } from 'vitest';
import { results, usePageTest } from './pageTest';
import { bundlePath, trainedReport } from './trainedReport';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportCommand } from '../../../cli/report';
import structureLearning from '../../../examples/structure-learning.gfn';
import hypergrid from '../../../examples/hypergrid.gfn';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import type { TrainConfig } from '../../../shared/trainConfig';
import { trainConfig } from '../../unit/train/helpers';


const shared = usePageTest('diagnosis');

const report = <S, A>(env: EnvironmentSpec<S, A>, name: string, config: TrainConfig) => trainedReport(shared.dir, env, name, config);

describe('the diagnosis on the report page', () => {
  it('a collapsed run: the Diagnosis block with its numbers and flags, and mass and stop per depth', async () => {
    const { page: file, summary, printed } = await report(structureLearning, 'collapse', trainConfig({ epsilon: 0, stopLogit: 'free', hidden: 256, iterations: 400, reportEvery: 50 }));
    expect(printed.at(-1)).toBe('diagnosis: collapse, stop-depth, log-z, modes-lost (the page\'s side column has the numbers and what to try)');
    const problems: string[] = [];
    const page = await shared.open(file, problems);
    const section = page.locator('#diagnosis-section');
    await expect.poll(() => section.isVisible()).toBe(true);
    const blocks = await page.$$eval('#diagnosis .diagnosis', (els) => els.map((e) => ({ code: e.getAttribute('data-code'), text: e.textContent ?? '' })));
    expect(blocks.map((b) => b.code)).toEqual(summary.diagnosis!.map((d) => d.code));
    const collapse = blocks.find((b) => b.code === 'collapse')!.text;
    expect(collapse).toContain('collapse: the policy has collapsed onto part of the target');
    expect(collapse).toContain(summary.diagnosis!.find((d) => d.code === 'collapse')!.message);
    // Outside VS Code the page speaks gfn train's flags.
    const tries = await page.$$eval('#diagnosis .diagnosis[data-code="collapse"] li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(tries[0]).toMatch(/^--stop-logit reward --epsilon 0\.1: on structure learning .* from 0\.271 \(0\.62 until iteration 1,500\) to 0\.016$/);
    expect(tries.some((t) => t.startsWith('--loss fm: '))).toBe(true);
    // stop-depth shares collapse's remedies: said once.
    expect(blocks.find((b) => b.code === 'stop-depth')!.text).toContain('Try the same as for collapse.');
    // Mass and stop per depth: the policy ends on depth 6 (the complete DAGs), where the target puts little.
    const rows = await page.$$eval('#depth-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    const stop = summary.diagnosis!.find((d) => d.code === 'stop-depth')!;
    if (stop.code !== 'stop-depth') throw new Error('stop-depth');
    expect(Number.parseFloat(rows[6][2])).toBeGreaterThan(99);
    expect(rows[6][1]).toBe(`${Number((stop.evidence.rows[6].target * 100).toPrecision(2))}%`);
    await page.locator('#diagnosis-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(results, 'diagnosis-report.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('a healthy run shows no Diagnosis; a damaged diagnosis in summary.json is a message naming the file', async () => {
    const { page: file, summary } = await report(hypergrid, 'healthy', trainConfig({ epsilon: 0.1, iterations: 300, reportEvery: 50 }));
    expect(summary.diagnosis).toEqual([]);
    const problems: string[] = [];
    const page = await shared.open(file, problems);
    await expect.poll(() => page.locator('#depth-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#diagnosis-section').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();

    // The live panel gets the summary as a message when the run ends: before it, the Diagnosis is what was raised on
    // the way (the last report's list); after it, what still holds at the end.
    const raised = { ...summary, diagnosis: [{ code: 'log-z', message: 'the learned log Z 1.8 is 0.67 nats below the true 2.49', suggestion: [], evidence: {} }] };
    const live = await shared.open(file, problems);
    await expect.poll(() => live.locator('#depth-table tbody tr').count()).toBeGreaterThan(0);
    await live.evaluate((s) => window.postMessage({ type: 'summary', summary: s }, '*'), raised);
    await expect.poll(() => live.locator('#diagnosis .diagnosis[data-code="log-z"]').isVisible()).toBe(true);
    await live.evaluate((s) => window.postMessage({ type: 'summary', summary: s }, '*'), summary);
    await expect.poll(() => live.locator('#diagnosis-section').isVisible()).toBe(false);
    expect(await live.locator('#summary').innerText()).toContain(`${summary.iterations} iterations`);
    expect(problems).toEqual([]);
    await live.close();

    const runDir = join(shared.dir, 'healthy');
    writeFileSync(join(runDir, 'summary.json'), JSON.stringify({ ...summary, diagnosis: [{ code: 'collapse' }] }));
    const printed: string[] = [];
    expect(await reportCommand([runDir, '--out', join(runDir, 'again.html')], { out: (l) => printed.push(l), err: (l) => printed.push(l), bundlePath })).toBe(1);
    expect(printed).toEqual([`gfn report: ${join(runDir, 'summary.json')}: diagnosis 0 lacks a code, a message or a list of suggestions`]);
  }, 120_000);
});
