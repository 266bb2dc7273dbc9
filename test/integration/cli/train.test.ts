import { describe, expect, it } from 'vitest';
import { parseTrainArgs, TrainUsageError } from '../../../cli/train';

describe('gfn train arguments', () => {
  it('explores by default only with the objectives that learn just the transitions they visit', () => {
    const epsilonOf = (...argv: string[]) => {
      const args = parseTrainArgs(['examples/smiley.gfn.ts', ...argv]);
      if (args === 'help') throw new Error('unexpected help');
      return args.config.epsilon;
    };
    expect(epsilonOf('--loss', 'db')).toBe(0.1);
    expect(epsilonOf('--loss', 'subtb')).toBe(0.1);
    expect(epsilonOf('--loss', 'fm')).toBe(0.1);
    expect(epsilonOf('--loss', 'tb')).toBe(0.1);
    expect(epsilonOf('--loss', 'kl')).toBe(0);
    expect(epsilonOf('--loss', 'db', '--epsilon', '0')).toBe(0);
    expect(epsilonOf('--epsilon', '0.3', '--loss', 'fm')).toBe(0.3);
  });

  it('parses every flag', () => {
    const args = parseTrainArgs(['examples/smiley.gfn.ts', '--loss', 'subtb', '--iterations', '300', '--batch=8', '--lr', '0.002',
      '--lr-logz', '0.05', '--hidden', '32', '--layers', '3', '--backward', 'learned', '--epsilon', '0.1', '--temperature', '2',
      '--seed', '5', '--samples', '10', '--out', '/tmp/x', '--backend', 'cpu', '--lambda', '0.8', '--alpha', '2', '--replay', '0.25',
      '--max-states', '1000', '--overwrite', '--beta', '2.5']);
    if (args === 'help') throw new Error('help');
    expect(args.config).toMatchObject({ loss: 'subtb', iterations: 300, batchSize: 8, learningRate: 0.002, learningRateLogZ: 0.05,
      hidden: 32, layers: 3, backward: 'learned', epsilon: 0.1, temperature: 2, seed: 5, samples: 10, backend: 'cpu', lambda: 0.8,
      alpha: 2, replay: 0.25, beta: 2.5, reportEvery: 30 });
    expect(args.outDir).toBe('/tmp/x');
    expect(args.maxStates).toBe(1000);
    expect(args.overwrite).toBe(true);
  });

  it.each([
    [['examples/smiley.gfn.ts', '--bogus'], /unknown option '--bogus'/],
    [['examples/smiley.gfn.ts', '--loss', 'xyz'], /--loss must be one of fm\|db\|tb/],
    [['examples/smiley.gfn.ts', '--iterations', '0'], /--iterations must be a positive integer, got '0'/],
    [['examples/smiley.gfn.ts', '--epsilon', '2'], /--epsilon must be a number in \[0, 1\]/],
    [['examples/smiley.gfn.ts', '--beta', '0'], /--beta must be a positive number, got '0'/],
    [['examples/smiley.gfn.ts', '--beta', '-1'], /--beta must be a positive number, got '-1'/],
    [['examples/smiley.gfn.ts', '--lr'], /--lr needs a value/],
    [['examples/smiley.gfn.ts', '--samples', '5'], /--samples needs --out/],
    [['examples/smiley.gfn.ts', '--overwrite'], /--overwrite needs --out DIR/],
    [['examples/smiley.gfn.ts', '--backend', 'node'], /tfjs-node, which is not installed/],
    [['missing.gfn.ts'], /no such file: missing.gfn.ts/],
    [[], /train needs a FILE/],
    [['examples/smiley.gfn.ts', '--iterations', '0'], /0 only with --resume/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseTrainArgs(argv)).toThrow(TrainUsageError);
    expect(() => parseTrainArgs(argv)).toThrow(message);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

describe('gfn train through the sandbox worker (dist/cli.js, built by npm test)', () => {
  const cli = join(__dirname, '../../../dist/cli.js');
  it.skipIf(!existsSync(cli))('trains smiley, prints the report and writes the run directory', () => {
    const out = mkdtempSync(join(tmpdir(), 'gfn-cli-'));
    const r = spawnSync(process.execPath, [cli, 'train', 'examples/smiley.gfn.ts', '--iterations', '300', '--hidden', '64',
      '--lr', '0.003', '--seed', '1', '--samples', '500', '--out', out], { encoding: 'utf8', cwd: join(__dirname, '../../..') });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The default engine: onnxruntime where its binary loads (src/train/compute.ts), as it does here.
    expect(r.stdout).toMatch(new RegExp(`^backend: native \\(onnxruntime 1\\.30\\.0, CPU, 1 thread${availableParallelism() > 1 ? ', 2 in the backward' : ''}\\)$`, 'm'));
    expect(r.stdout).toMatch(/^iter {2}30\/300 {2}loss/m);
    expect(r.stdout).toMatch(/log Z: learned [\d.]+, true 2\.485 \(Z = 12\)/);
    expect(r.stdout).toMatch(/top terminal objects \(sampled = frequency in 500 samples of the trained policy\)/);
    // Smiley's reward levels are the smiling (R = 2) and frowning (R = 1) faces: the 2:1 target is printed.
    expect(r.stdout).toMatch(/R = 2 \(4 objects\): target 0\.6667, learned 0\.\d+, sampled 0\.\d+/);
    expect(r.stdout).toMatch(/R = 1 \(4 objects\): target 0\.3333/);
    expect(r.stdout).toMatch(/^sampled TV 0\.\d+ on 500 samples of the trained policy; a perfect sampler would show 0\.\d+ \+- /m);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.trajectories).toBe(300 * 16);
    for (const f of ['graph.json', 'flows.json', 'metrics.jsonl', 'samples.jsonl', 'environment.json', 'model/model.json', 'model/weights.bin']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    // The run names the file it trained, relative to itself (the sandbox process resolves it from the CLI's cwd).
    const recorded = JSON.parse(readFileSync(join(out, 'environment.json'), 'utf8')) as { file: string };
    expect(resolve(out, recorded.file)).toBe(join(__dirname, '../../../examples/smiley.gfn.ts'));
  }, 120_000);

  it.skipIf(!existsSync(cli))('--resume samples a saved policy (same exact TV) or continues training it; refuses a checkpoint that does not fit', () => {
    const root = join(__dirname, '../../..');
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'train', ...args], { encoding: 'utf8', cwd: root });
    const first = mkdtempSync(join(tmpdir(), 'gfn-resume-'));
    expect(run('examples/smiley.gfn.ts', '--iterations', '200', '--hidden', '32', '--seed', '2', '--out', first).status).toBe(0);
    const saved = JSON.parse(readFileSync(join(first, 'summary.json'), 'utf8'));
    expect(existsSync(join(first, 'model', 'optimizer.bin'))).toBe(true);

    const sampled = mkdtempSync(join(tmpdir(), 'gfn-resume-'));
    const r = run('examples/smiley.gfn.ts', '--resume', first, '--samples', '300', '--out', sampled);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/resumed from .*model \(mlp 32 x 2\)/);
    const again = JSON.parse(readFileSync(join(sampled, 'summary.json'), 'utf8'));
    expect(again.iterations).toBe(0);
    expect(again.tv).toBeCloseTo(saved.tv, 9);
    expect(readFileSync(join(sampled, 'samples.jsonl'), 'utf8').trim().split('\n')).toHaveLength(300);

    const continued = mkdtempSync(join(tmpdir(), 'gfn-resume-'));
    expect(run('examples/smiley.gfn.ts', '--resume', first, '--iterations', '100', '--out', continued).status).toBe(0);
    const more = JSON.parse(readFileSync(join(continued, 'summary.json'), 'utf8'));
    expect(more.iterations).toBe(100);
    expect(more.config.hidden).toBe(32);

    const misfit = run('examples/sets.gfn.ts', '--resume', first);
    expect(misfit.status).toBe(1);
    expect(misfit.stderr).toMatch(/does not fit this environment \(6 actions, the environment has 8/);
    const missing = run('examples/smiley.gfn.ts', '--resume', join(first, 'nothing-here'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--resume: no checkpoint in/);
  }, 120_000);

  it.skipIf(!existsSync(cli))('exits 2 on an unknown flag', () => {
    const r = spawnSync(process.execPath, [cli, 'train', 'examples/smiley.gfn.ts', '--nope'], { encoding: 'utf8', cwd: join(__dirname, '../../..') });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--nope' for train/);
  });
});
