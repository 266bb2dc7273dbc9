/**
 * A comparison's runs get the caller's state budget, sandbox limits and naming of options (src/compare/
 * runComparison.ts passes them to every sandbox job): the extension's Compare Objectives passes its settings, and
 * its errors name settings, not flags.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runComparison } from '../../../src/compare';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/train/config';
import { settingOfOption } from '../../../extension/settingDeclarations';
import { flagOfOption } from '../../../cli/trainOptions';

const root = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'gfn-compare-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a comparison runs with the caller settings', () => {
  it('the state budget reaches every run, and the refusal names the options as the caller does', async () => {
    const options = {
      file: join(root, 'examples/smiley.gfn.ts'), losses: ['fm' as const], seeds: [1], maxStates: 10,
      config: { ...DEFAULT_TRAIN_CONFIG, iterations: 5, hidden: 16 },
    };
    const inEditor = await runComparison({ ...options, outDir: join(dir, 'editor'), nameOption: settingOfOption });
    expect(inEditor.runs.map((r) => r.status)).toEqual(['failed']);
    expect(inEditor.runs[0].error).toMatch(
      /^the DAG is incomplete \(exploration stopped at 10 states\): the objective fm \(the setting gflownet\.train\.objective\) needs the edge flows of every parent of each visited state; use another \(db, tb, .*\), or raise the setting gflownet\.stateBudget$/,
    );
    const inTerminal = await runComparison({ ...options, outDir: join(dir, 'terminal'), nameOption: flagOfOption });
    expect(inTerminal.runs[0].error).toMatch(/: the objective fm \(--loss\) needs the edge flows .*, or raise --max-states$/);
  });

  it('the time limit of one call reaches every run', async () => {
    const c = await runComparison({
      file: join(root, 'examples/broken/time-limit.gfn.ts'), losses: ['tb'], seeds: [1], outDir: join(dir, 'hangs'),
      config: { ...DEFAULT_TRAIN_CONFIG, iterations: 5, hidden: 16 }, callTimeLimitMs: 300,
    });
    expect(c.runs.map((r) => r.status)).toEqual(['failed']);
    expect(c.runs[0].error).toMatch(/^line 9: time-limit: `reward` ran longer than the time limit of 300 ms for one call/);
  });
});
