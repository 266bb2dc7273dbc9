/**
 * The templates of `gfn init` and "GFlowNet: New Environment": each is written by the real CLI and validates clean.
 * The starting points train with the default settings to an exact TV <= 0.02 (2,000 iterations of batch 16, fixed
 * seed); the environments from the literature are benchmarks, which only have to train (100 iterations here; their
 * log Z is checked in test/integration/examples/zoo.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES, templatesDir } from '../../../src/authoring/templates';
import { validateFile } from '../../../src/sandbox/host';

const root = path.join(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'gfn-init-'));
const gfn = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });

describe('templates', () => {
  it('gfn init writes the template, adds .gfn.ts, and never overwrites', () => {
    const first = gfn('init', 'mine');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/wrote mine\.gfn\.ts \(template skeleton\)/);
    expect(readFileSync(path.join(dir, 'mine.gfn.ts'), 'utf8')).toBe(readFileSync(path.join(templatesDir(), 'skeleton.gfn.ts'), 'utf8'));
    const again = gfn('init', '--template', 'sets', 'mine.gfn.ts');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists: choose another name/);
    expect(readFileSync(path.join(dir, 'mine.gfn.ts'), 'utf8')).toContain("name: 'my environment'");
    const wrong = gfn('init', '--template', 'nope', 'x');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--template must be one of skeleton\|sets\|sequences\|grid\|graph\|ising\|bit-sequences\|set-addition\|perfect-tree\|graph-building\|structure-learning, got 'nope'/);
  });

  for (const t of TEMPLATES) {
    it(`${t.name}: validates with no diagnostic and trains${t.literature ? '' : ' to exact TV <= 0.02'}`, async () => {
      const file = path.join(dir, `${t.name}.gfn.ts`);
      expect(gfn('init', '--template', t.name, file).status).toBe(0);
      const result = await validateFile(file);
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.summary?.complete).toBe(true);
      const run = gfn('train', file, '--iterations', t.literature ? '100' : '2000', '--batch', '16', '--seed', '1');
      expect(run.status, run.stderr).toBe(0);
      const tv = Number(/exact TV ([0-9.]+(?:e[-+]?[0-9]+)?)/.exec(run.stdout)?.[1]);
      expect(tv).toBeLessThanOrEqual(t.literature ? 1 : 0.02);
    });
  }
});
