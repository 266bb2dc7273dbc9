/**
 * `gfn train`'s final report end to end (dist/cli.js): the tables come from the exact engine over every terminal
 * object, not from graph.json (cut to the drawing budget on the Ising 3x3 example: 19,683 states, 512 objects);
 * summary.json's empiricalTv is the TV of samples.jsonl, beside its noise floor; structure learning's rewards and Z
 * (about e^-424 and e^-422) are written by magnitude, not 0.000.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../../shared/flowGraph';
import type { TrainSummary } from '../../../shared/trainSummary';
import { expectedEmpiricalTv } from '../../../src/train/noiseFloor';
import { isingLevels, isingObjects, isingTarget } from '../../unit/train/isingTruth';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const train = (...args: string[]) => spawnSync(process.execPath, [cli, 'train', ...args], { encoding: 'utf8', cwd: root });

describe('gfn train: the final report (dist/cli.js, built by npm test)', () => {
  it.skipIf(!existsSync(cli))('Ising 3x3: every reward level as enumerated, the sampled TV of samples.jsonl and its noise floor', () => {
    const out = mkdtempSync(join(tmpdir(), 'gfn-report-'));
    const r = train('examples/ising.gfn.ts', '--iterations', '30', '--seed', '1', '--samples', '2000', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const graph = JSON.parse(readFileSync(join(out, 'graph.json'), 'utf8')) as FlowGraph;
    expect(graph.nodes.filter((n) => n.terminal).length).toBeLessThan(512);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as TrainSummary;

    // The levels: counts and target mass by brute force over the 512 spin configurations.
    const truth = isingLevels();
    expect(summary.rewardLevels!.map((l) => l.count)).toEqual(truth.map((l) => l.count));
    summary.rewardLevels!.forEach((l, i) => expect(l.target).toBeCloseTo(truth[i].target, 12));
    expect(summary.rewardLevels!.reduce((s, l) => s + l.learned, 0)).toBeCloseTo(1, 6);
    expect(r.stdout).toMatch(/^by reward level \(all 512 objects with a valid reward, exact; sampled = frequency in 2000 samples of the trained policy\):$/m);
    expect(r.stdout).toMatch(/^ {2}R = 1339 \(2 objects\): target 0\.5693, learned \S+, sampled \S+$/m);
    expect(r.stdout).toMatch(/^ {2}R = 2\.226 \(198 objects\): target 0\.09365, /m);
    expect(r.stdout).toMatch(/^ {2}R = 0\.4493 \(144 objects\): target 0\.01375, /m);
    expect(r.stdout).toMatch(/^ {2}R = 0\.09072 \(102 objects\): target 0\.001967, /m);

    // empiricalTv: the TV between samples.jsonl's lines and the target, computed here.
    const lines = readFileSync(join(out, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: string });
    expect(lines).toHaveLength(2000);
    const counts = new Map<string, number>();
    for (const { key } of lines) counts.set(key, (counts.get(key) ?? 0) + 1);
    const target = isingTarget();
    const tv = isingObjects().reduce((s, o, i) => s + Math.abs((counts.get(o.key) ?? 0) / 2000 - target[i]), 0) / 2;
    expect(summary.samples).toBe(2000);
    expect(summary.empiricalTv).toBeCloseTo(tv, 12);
    // Its noise floor: E[TV] of 2,000 exact draws (tested against simulated samplers in test/unit/train/noiseFloor.test.ts).
    expect(summary.empiricalTvNoiseFloor!.mean).toBeCloseTo(expectedEmpiricalTv(target, 2000), 12);
    expect(summary.empiricalTvNoiseFloor!.sd).toBeGreaterThan(0);
    const shown = (x: number) => String(Number(x.toPrecision(4))).replace('.', '\\.');
    expect(r.stdout).toMatch(new RegExp(`^sampled TV ${shown(tv)} on 2000 samples of the trained policy; a perfect sampler would show ${shown(summary.empiricalTvNoiseFloor!.mean)} \\+- 0\\.00\\d+ `, 'm'));
    // The top objects: the two modes first, over the whole DAG.
    expect(summary.topObjects!.slice(0, 2).map((o) => o.key).sort()).toEqual(['+++++++++', '---------']);
    expect(summary.tableSamples).toBe('final');
  }, 180_000);

  it.skipIf(!existsSync(cli))('structure learning: Z and the rewards by magnitude (6.31e-184), never 0.000', () => {
    const out = mkdtempSync(join(tmpdir(), 'gfn-report-'));
    const r = train('examples/structure-learning.gfn.ts', '--iterations', '20', '--seed', '1', '--samples', '200', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/log Z: learned \S+, true -421\.8 \(Z = 6\.31e-184\)/);
    const table = r.stdout.slice(r.stdout.indexOf('top terminal objects')).split('\n').slice(2, 12);
    expect(table).toHaveLength(10);
    // Each row: the DAG's key, R(x) about 1e-183, then target, learned and sampled.
    for (const row of table) expect(row).toMatch(/^ {2}\S+ +\d(\.\d+)?e-18\d +(0\.\d+|\d(\.\d+)?e-\d+) +(0\.\d+|\d(\.\d+)?e-\d+) +(0|0\.\d+|\d(\.\d+)?e-\d+)$/);
    expect(r.stdout).not.toMatch(/0\.000\b/);
  }, 180_000);
});
