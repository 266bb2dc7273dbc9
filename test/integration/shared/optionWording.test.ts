/**
 * Engine messages name an option by its key (shared/optionRefs.ts) and each face words it: the CLI by its flag, the
 * extension by its setting. Driven end to end: a diverging run and a state budget too small, through the sandbox
 * with each face's naming, and the built `gfn`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagOfOption } from '../../../cli/trainOptions';
import { settingOfOption } from '../../../extension/settingDeclarations';
import { optionRef, wordOptions } from '../../../shared/optionRefs';
import type { FromSandbox } from '../../../shared/protocol';
import { runSandboxJob, validateFile } from '../../../src/sandbox/host';
import { resolveTrainConfig } from '../../../src/train/config';

const root = join(__dirname, '../../..');
const smiley = join(root, 'examples/smiley.gfn.ts');
const hypergrid = join(root, 'examples/hypergrid.gfn.ts');
/** A learning rate that makes smiley's loss NaN within a few iterations (measured: iteration 2). */
const DIVERGING = { learningRate: 1e30, learningRateLogZ: 1e30, iterations: 50, hidden: 16 };

/** The keys the engine names in its messages (src/ and shared/), read from the sources. */
function referencedKeys(): string[] {
  const files = ['src/train/trainer.ts', 'src/train/expand.ts', 'src/train/sampler.ts', 'src/train/backend.ts', 'src/validate/validate.ts', 'src/sandbox/host.ts', 'shared/objectives.ts'];
  const keys = files.flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/optionRef\('([A-Za-z]+)'\)/g)].map((m) => m[1]));
  return [...new Set(keys)].sort();
}

async function trainError(name: (key: string) => string | undefined): Promise<string> {
  const messages: FromSandbox[] = [];
  await runSandboxJob({ type: 'train', file: smiley, config: resolveTrainConfig(DIVERGING) }, { onMessage: (m) => messages.push(m), nameOption: name });
  const error = messages.find((m) => m.type === 'error');
  if (error?.type !== 'error') throw new Error(`no error: ${JSON.stringify(messages.at(-1))}`);
  return error.message;
}

describe('engine messages name options by key, each face words them', () => {
  it('the CLI says the flag, the extension the setting, for every option the engine names', () => {
    const keys = referencedKeys();
    expect(keys).toEqual(['backend', 'learningRate', 'loss', 'maxStates']);
    const text = `lower ${optionRef('learningRate')} or raise ${optionRef('maxStates')}`;
    expect(wordOptions(text, flagOfOption)).toBe('lower --lr or raise --max-states');
    expect(wordOptions(text, settingOfOption)).toBe('lower the setting gflownet.train.learningRate or raise the setting gflownet.stateBudget');
    for (const key of keys) {
      expect(flagOfOption(key), key).toMatch(/^--[a-z-]+$/);
      expect(settingOfOption(key), key).toMatch(/^the setting gflownet\.[A-Za-z.]+$/);
    }
    // A face without a name for it still reads: the key, quoted.
    expect(wordOptions(`lower ${optionRef('learningRate')}`, () => undefined)).toBe("lower 'learningRate'");
  });

  it('a diverging run inside VS Code tells the user to lower the setting gflownet.train.learningRate', async () => {
    const message = await trainError(settingOfOption);
    expect(message).toMatch(/^training diverged at iteration \d+: .*; lower the setting gflownet\.train\.learningRate or check the rewards$/);
  });

  it('the same run in a terminal tells the user to lower --lr', () => {
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'train', smiley, '--lr', '1e30', '--lr-logz', '1e30', '--iterations', '50', '--hidden', '16'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^gfn train: training diverged at iteration \d+: .*; lower --lr or check the rewards$/m);
    expect(r.stderr).not.toContain('{option');
  });

  it('the state budget diagnostic names gflownet.stateBudget in VS Code and --max-states in a terminal', async () => {
    const inEditor = await validateFile(hypergrid, { maxStates: 10, nameOption: settingOfOption });
    const budget = inEditor.diagnostics.find((d) => d.code === 'state-budget-exceeded');
    expect(budget?.message).toMatch(/Raise the budget \(the setting gflownet\.stateBudget\) if the space is finite$/);
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'validate', hypergrid, '--max-states', '10', '--json'], { cwd: root, encoding: 'utf8' });
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] };
    expect(out.diagnostics.find((d) => d.code === 'state-budget-exceeded')?.message).toMatch(/Raise the budget \(--max-states\) if the space is finite$/);
  });
});
