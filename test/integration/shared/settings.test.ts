/**
 * Every setting is declared once: its default, range and help come from its declaration (src/train/config.ts and
 * the objective registry for training, extension/settingDeclarations.ts for the others). This walks package.json's
 * gflownet.* settings, the `--help` of each gfn command and the declarations, and finds them equal; and checks that
 * both faces refuse the same values.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, SETTING_LIST, SETTING_OPTIONS, settingsSchema } from '../../../extension/settingDeclarations';
import { SECTION } from '../../../extension/trainSettings';
import { settingName, SettingListeners, touchedSettings } from '../../../extension/settingChanges';
import { parseValidateArgs } from '../../../cli/main';
import { parseCompareArgs } from '../../../cli/compare';
import { parseTrainArgs } from '../../../cli/train';
import { rangeHelp, type SettingSpec, type OptionSpec } from '../../../shared/options';
import { TRAIN_OPTION_LIST } from '../../../src/train/config';

const root = join(__dirname, '../../..');
type Entry = { type: string | string[]; default?: unknown; enum?: unknown[]; description: string } & Record<string, unknown>;
const properties = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Entry> } };
}).contributes.configuration.properties;

const DECLARED: readonly (SettingSpec | OptionSpec)[] = [...TRAIN_OPTION_LIST, ...SETTING_LIST];
const RANGE_KEYS = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'] as const;

/** `gfn COMMAND --help` of the built CLI, as users see it. */
function help(command: string): string {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), command, '--help'], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** The help entries of a command's flags, '--flag' -> its text on one line (the wrapped lines joined). */
function flagEntries(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const head = /^ {6}(--[a-z-]+)\b(.*)$/.exec(line);
    if (head) {
      current = head[1];
      entries.set(current, head[2].trim().replace(/\s+/g, ' '));
    } else if (current && /^ {20,}\S/.test(line)) {
      entries.set(current, `${entries.get(current)} ${line.trim()}`);
    } else {
      current = undefined;
    }
  }
  return entries;
}

/** The flags each command must list, from the declarations: the training ones and the others. */
const COMMANDS: Record<string, string[]> = {
  validate: ['--max-states', '--time-limit', '--memory-limit'],
  train: [...TRAIN_OPTION_LIST.map((o) => o.flag), '--max-states'],
  compare: [...TRAIN_OPTION_LIST.filter((o) => o.key !== 'loss').map((o) => o.flag), '--max-states', '--seeds'],
};

describe('every setting declared once', () => {
  it("package.json's gflownet.* settings are exactly the declared ones, with the declared default, range, values and help", () => {
    const ours = Object.keys(properties).filter((k) => k.startsWith(`${SECTION}.`));
    const declared = DECLARED.filter((o) => o.setting).map((o) => `${SECTION}.${o.setting}`);
    expect(new Set(declared).size).toBe(declared.length);
    expect(ours.sort()).toEqual([...declared].sort());
    // The non-training entries are exactly the generated ones (else: npm run registry); the training ones are
    // test/unit/train/registry.test.ts's.
    expect(Object.fromEntries(ours.filter((k) => !k.startsWith(`${SECTION}.train.`)).map((k) => [k, properties[k]]))).toEqual(settingsSchema());
    for (const o of DECLARED) {
      if (!o.setting) continue;
      const entry = properties[`${SECTION}.${o.setting}`];
      const where = `${SECTION}.${o.setting}`;
      expect(entry.description.startsWith(o.description), where).toBe(true);
      if (o.kind === 'number') {
        expect(entry.default, where).toBe('settingDefault' in o && o.settingDefault !== undefined ? o.settingDefault : o.default);
        for (const key of RANGE_KEYS) expect(entry[key], `${where} ${key}`).toBe(o[key]);
        expect([entry.type].flat()[0], where).toBe(o.integer ? 'integer' : 'number');
      } else if (o.kind === 'choice') {
        expect(entry.default, where).toBe(o.default);
        expect(entry.enum, where).toEqual([...o.values]);
      } else {
        expect(entry, where).toMatchObject({ type: 'string', default: o.default });
      }
    }
  });

  for (const [command, flags] of Object.entries(COMMANDS)) {
    it(`gfn ${command} --help says each declared flag's help, range and default`, () => {
      const entries = flagEntries(help(command));
      for (const flag of flags) {
        const o = DECLARED.find((d) => d.flag === flag)!;
        const entry = entries.get(flag);
        expect(entry, `${command} ${flag}`).toBeDefined();
        expect(entry!.startsWith(`${o.metavar} ${o.description}`), `${command} ${flag}: ${entry}`).toBe(true);
        if (o.kind === 'number') {
          expect(entry, `${command} ${flag}`).toContain(`Range: ${rangeHelp(o)}.`);
          if (o.default !== null) expect(entry, `${command} ${flag}`).toContain(`Default ${o.default}.`);
        } else if (o.kind === 'choice' && o.key !== 'loss') {
          for (const v of o.values) expect(entry, `${command} ${flag}`).toContain(v);
          expect(entry, `${command} ${flag}`).toContain(`Default ${o.default}.`);
        }
      }
    });
  }

  it('the CLI and the extension refuse the same values: each bound is accepted, one past it refused by both', () => {
    const file = 'examples/smiley.gfn.ts';
    const parse: Record<string, (flag: string, value: string) => unknown> = {
      maxStates: (f, v) => parseValidateArgs([file, f, v]),
      callTimeLimitMs: (f, v) => parseValidateArgs([file, f, v]),
      memoryLimitMb: (f, v) => parseValidateArgs([file, f, v]),
      seeds: (f, v) => parseCompareArgs([file, '--losses', 'tb', '--out', 'unused', f, v]),
    };
    const flagged = SETTING_LIST.filter((o) => o.flag && o.kind === 'number');
    expect(flagged.map((o) => o.key).sort()).toEqual(Object.keys(parse).sort());
    for (const o of flagged) {
      if (o.kind !== 'number' || !o.flag) continue;
      const cli = (value: number) => () => parse[o.key](o.flag!, String(value));
      const extension = (value: number) => readSettings((s) => (s === o.setting ? value : undefined));
      const bounds = [
        ...(o.minimum !== undefined ? [[o.minimum, o.minimum - 1]] : []),
        ...(o.maximum !== undefined ? [[o.maximum, o.maximum + 1]] : []),
      ];
      expect(bounds.length, o.key).toBeGreaterThan(0);
      for (const [inside, outside] of bounds) {
        expect(cli(inside), `${o.flag} ${inside}`).not.toThrow();
        expect(extension(inside).problems, `${o.setting} ${inside}`).toEqual([]);
        expect(extension(inside).settings[o.key as keyof typeof SETTING_OPTIONS]).toBe(inside);
        expect(cli(outside), `${o.flag} ${outside}`).toThrow(new RegExp(`^${o.flag} must be`));
        const refused = extension(outside);
        expect(refused.problems, `${o.setting} ${outside}`).toEqual([expect.stringMatching(new RegExp(`^${SECTION}\\.${o.setting!.replace('.', '\\.')} must be .*, got ${outside}: using its default`))]);
        expect(refused.settings[o.key as keyof typeof SETTING_OPTIONS]).toBe(o.settingDefault ?? o.default);
      }
    }
  });

  it('gfn compare and the extension compare 2 seeds by default, at most 20', () => {
    const args = parseCompareArgs(['examples/smiley.gfn.ts', '--losses', 'tb', '--out', 'unused', '--seed', '5']);
    if (args === 'help') throw new Error('help');
    expect(args.seeds).toEqual([5, 6]);
    expect(readSettings(() => undefined).settings.seeds).toBe(2);
    expect(() => parseCompareArgs(['examples/smiley.gfn.ts', '--losses', 'tb', '--out', 'unused', '--seeds', '21'])).toThrow("--seeds must be at most 20, got '21'");
  });

  it('the extension reads every setting typed, a bad one falls back to its default and names the setting', () => {
    const user: Record<string, unknown> = { 'validate.trigger': 'never', 'validate.debounceMs': 12.7, runsFolder: '  out/runs ', stateBudget: 'many' };
    const { settings, problems } = readSettings((s) => user[s]);
    expect(settings).toEqual({ validateTrigger: 'onType', debounceMs: 12, maxStates: 1_000_000, callTimeLimitMs: 2000, memoryLimitMb: 2048, runsFolder: 'out/runs', seeds: 2 });
    expect(problems).toEqual([
      'gflownet.validate.trigger must be one of onType, onSave, got "never": using its default',
      'gflownet.stateBudget must be an integer, got "many": using its default',
    ]);
    expect(readSettings((s) => (s === 'runsFolder' ? ' ' : undefined)).settings.runsFolder).toBe('.gflownet/runs');
  });

  it('train with a flag of validate only is refused (each command takes its own declared flags)', () => {
    expect(() => parseTrainArgs(['examples/smiley.gfn.ts', '--time-limit', '100'])).toThrow(/unknown option '--time-limit'/);
  });

  it("the extension's one change handler tells each part once, and only of the settings it reads", () => {
    const changed = (...names: string[]) => (name: string) => names.some((n) => n === name || n.startsWith(`${name}.`));
    expect(settingName('maxStates')).toBe('gflownet.stateBudget');
    expect(touchedSettings(changed('gflownet.stateBudget', 'gflownet.memoryLimitMb'))).toEqual(['maxStates', 'memoryLimitMb']);
    expect(touchedSettings(changed('editor.fontSize'))).toEqual([]);
    expect(touchedSettings(changed('gflownet.train.seed'))).toEqual([]);

    const listeners = new SettingListeners();
    const calls: string[] = [];
    listeners.add(['maxStates', 'callTimeLimitMs', 'memoryLimitMb'], () => calls.push('diagnostics'));
    const runs = listeners.add(['runsFolder'], () => calls.push('runs view'));
    listeners.notify(touchedSettings(changed('gflownet.stateBudget', 'gflownet.memoryLimitMb')));
    expect(calls).toEqual(['diagnostics']);
    listeners.notify(touchedSettings(changed('gflownet.runsFolder')));
    expect(calls).toEqual(['diagnostics', 'runs view']);
    runs.dispose();
    listeners.notify(touchedSettings(changed('gflownet.runsFolder', 'gflownet.validate.debounceMs')));
    expect(calls).toEqual(['diagnostics', 'runs view']);
  });
});
