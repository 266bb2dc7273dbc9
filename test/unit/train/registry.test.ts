/**
 * The objective registry (shared/objectives.ts) and the training configuration (src/train/config.ts) are the one
 * source of the objectives and their options: every objective trains through `gfn train`'s flags and is selectable in
 * the settings, package.json's settings and the docs table are the generated ones (`npm run registry` writes them),
 * and the invalid combinations are refused alike by the CLI and the trainer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import { parseTrainArgs, TrainUsageError } from '../../../cli/train';
import { trainConfigFromSettings, trainSettingsSchema } from '../../../extension/trainSettings';
import { OBJECTIVE_NAMES, objective, objectivesTable, ownOptions, TABLE_END, TABLE_START, type ObjectiveName } from '../../../shared/objectives';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainConfig } from '../../../shared/trainConfig';
import { DEFAULT_TRAIN_CONFIG, resolveTrainConfig, TRAIN_OPTION_LIST } from '../../../src/train/config';
import { runInProcess } from './helpers';

const root = join(__dirname, '../../..');
const properties = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: unknown[] }> } };
}).contributes.configuration.properties;

/** A valid value of each objective option other than its default, to see it reach the config. */
const CHOSEN: Record<string, number> = { lambda: 0.8, alpha: 0.7 };

/** The settings as VS Code returns them: package.json's defaults, then the user's values. */
const settings = (user: Record<string, unknown>) => (setting: string) =>
  setting in user ? user[setting] : properties[`gflownet.${setting}`]?.default;

type Done = Extract<FromSandbox, { type: 'done' }>;

describe('the objective registry', () => {
  it("package.json's gflownet.train.* settings are the ones generated from the registry (else: npm run registry)", () => {
    const ours = Object.fromEntries(Object.entries(properties).filter(([key]) => key.startsWith('gflownet.train.')));
    expect(ours).toEqual(trainSettingsSchema());
    expect(properties['gflownet.train.objective'].enum).toEqual(OBJECTIVE_NAMES);
  });

  it('docs/objectives.md holds the generated table (else: npm run registry)', () => {
    const docs = readFileSync(join(root, 'docs/objectives.md'), 'utf8');
    expect(docs).toContain(`${TABLE_START}\n${objectivesTable()}\n${TABLE_END}`);
    for (const name of OBJECTIVE_NAMES) expect(docs).toContain(`| \`${name}\` |`);
  });

  it('every option has a flag, and each setting a distinct key', () => {
    const flags = TRAIN_OPTION_LIST.map((o) => o.flag);
    const keys = TRAIN_OPTION_LIST.map((o) => o.setting).filter(Boolean);
    expect(new Set(flags).size).toBe(flags.length);
    expect(new Set(keys).size).toBe(keys.length);
    for (const name of OBJECTIVE_NAMES) for (const o of ownOptions(name)) expect(o.setting, `${name} ${o.key}`).toBeDefined();
  });

  it('the extension and gfn train start from the same defaults (samples aside: 200 for GFlowNet: Sample)', () => {
    const { config, problems } = trainConfigFromSettings(settings({}));
    expect(problems).toEqual([]);
    expect({ ...config, samples: 0 }).toEqual({ ...DEFAULT_TRAIN_CONFIG });
    expect(config.samples).toBe(200);
    expect(DEFAULT_TRAIN_CONFIG).toMatchObject({ loss: 'tb', seed: 1, reportEvery: 100, epsilon: 0.1 });
  });

  for (const name of OBJECTIVE_NAMES) {
    const spec = objective(name);
    const own = ownOptions(name);
    it(`${name} (${spec.title}) trains through gfn train's flags and is selectable in the settings`, async () => {
      const flags = own.flatMap((o) => [o.flag, String(CHOSEN[o.key])]);
      const args = parseTrainArgs(['examples/smiley.gfn.ts', '--loss', name, ...flags, '--iterations', '20', '--hidden', '16', '--batch', '8']);
      if (args === 'help') throw new Error('help');
      expect(args.config.loss).toBe(name);
      expect(args.config.epsilon).toBe(spec.defaultEpsilon);
      for (const o of own) expect(args.config[o.key as keyof TrainConfig], o.flag).toBe(CHOSEN[o.key]);

      const user = Object.fromEntries([['train.objective', name], ...own.map((o) => [o.setting!, CHOSEN[o.key]])]);
      const { config, problems } = trainConfigFromSettings(settings(user));
      expect(problems).toEqual([]);
      expect(config).toMatchObject({ loss: name, epsilon: spec.defaultEpsilon, ...Object.fromEntries(own.map((o) => [o.key, CHOSEN[o.key]])) });

      const messages = await runInProcess(smiley, args.config);
      const done = messages.at(-1) as Done;
      if (done.type !== 'done') throw new Error(JSON.stringify(done));
      expect(done.summary.loss).toBe(name);
      expect(done.summary.iterations).toBe(20);
      expect(Number.isFinite(done.summary.finalLoss)).toBe(true);
      expect(done.summary.tv).toBeGreaterThanOrEqual(0);
      expect(done.summary.tv).toBeLessThanOrEqual(1);
      expect(done.summary.config.loss).toBe(name);
    });
  }

  it('refuses exploration with the on-policy objectives, in the CLI (exit 2) as in the trainer', () => {
    const onPolicy = OBJECTIVE_NAMES.filter((n) => objective(n).onPolicy);
    expect(onPolicy.length).toBeGreaterThan(0);
    for (const name of onPolicy) {
      const parse = (...flags: string[]) => () => parseTrainArgs(['examples/smiley.gfn.ts', '--loss', name, ...flags]);
      expect(parse('--epsilon', '0.1')).toThrow(TrainUsageError);
      expect(parse('--epsilon', '0.1')).toThrow(/on-policy: use --epsilon 0 \(setting gflownet\.train\.epsilon\)/);
      expect(parse('--temperature', '2')).toThrow(/on-policy: use --temperature 1/);
      expect(parse('--replay', '0.5')).toThrow(/on-policy: use --replay 0/);
      expect(parse('--epsilon', '0')).not.toThrow();
    }
  });

  it('a bad setting falls back to its default and says so', () => {
    const { config, problems } = trainConfigFromSettings(
      settings({ 'train.objective': 'nope', 'train.alpha': 1, 'train.batchSize': -3, 'train.replay': 1, 'train.iterations': 300.7 }),
    );
    expect(config).toMatchObject({ loss: 'tb', alpha: 0.5, batchSize: 16, replay: 0, iterations: 300, reportEvery: 30 });
    expect(problems).toEqual([
      expect.stringMatching(/^gflownet\.train\.objective must be one of fm, db, tb, .*, got "nope"/),
      expect.stringMatching(/^gflownet\.train\.batchSize must be a positive integer, got -3/),
      expect.stringMatching(/^gflownet\.train\.replay must be a fraction in \[0, 1\), got 1/),
      expect.stringMatching(/^gflownet\.train\.alpha must be a number other than 1, got 1/),
    ]);
  });

  it('resolves the defaults that depend on other options: epsilon and temperature on the objective, the report cadence on the iterations', () => {
    const explored = OBJECTIVE_NAMES.filter((n) => objective(n).defaultEpsilon > 0);
    expect(explored).toEqual(['fm', 'db', 'tb', 'subtb'] satisfies ObjectiveName[]);
    for (const name of OBJECTIVE_NAMES) expect(resolveTrainConfig({ loss: name }).epsilon).toBe(objective(name).defaultEpsilon);
    expect(resolveTrainConfig({ loss: 'db', epsilon: 0 }).epsilon).toBe(0);
    // The temperature too: TB samples at 1.25 (docs/objectives.md, "Defaults on the literature"), the others at 1.
    expect(OBJECTIVE_NAMES.filter((n) => objective(n).defaultTemperature !== 1)).toEqual(['tb'] satisfies ObjectiveName[]);
    for (const name of OBJECTIVE_NAMES) expect(resolveTrainConfig({ loss: name }).temperature).toBe(objective(name).defaultTemperature);
    expect(resolveTrainConfig({ loss: 'tb' }).temperature).toBe(1.25);
    expect(resolveTrainConfig({ loss: 'tb', temperature: 1 }).temperature).toBe(1);
    // ...raised to beta where beta is larger, for the off-policy objectives only.
    expect(resolveTrainConfig({ loss: 'tb', beta: 2 }).temperature).toBe(2);
    expect(resolveTrainConfig({ loss: 'tb', beta: 0.5 }).temperature).toBe(1.25);
    expect(resolveTrainConfig({ loss: 'db', beta: 3 }).temperature).toBe(3);
    expect(resolveTrainConfig({ loss: 'kl', beta: 2 }).temperature).toBe(1);
    expect(resolveTrainConfig({ loss: 'tb', beta: 2, temperature: 1.5 }).temperature).toBe(1.5);
    expect(resolveTrainConfig({ iterations: 5 }).reportEvery).toBe(1);
    expect(resolveTrainConfig({ iterations: 5, reportEvery: 2 }).reportEvery).toBe(2);
  });
});
