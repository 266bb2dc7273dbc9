import * as path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { outlineCompiled, type SourceOutline } from '../../../src/authoring/locate';
import { compileFile } from '../../../src/authoring/compile';
import { evaluateCompiled } from '../../../src/userCode/loader';

/** The outline of `lines` written as a .gfn.ts (beside `imports`, other files it imports) and compiled by esbuild. */
async function outlineOf(lines: string[], imports: Record<string, string> = {}): Promise<SourceOutline> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gfn-locate-'));
  for (const [name, text] of Object.entries(imports)) writeFileSync(path.join(dir, name), text);
  const file = path.join(dir, 'env.gfn.ts');
  writeFileSync(file, lines.join('\n'));
  const compiled = await compileFile(file);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return outlineCompiled(compiled.compiled);
}

const places = (outline: SourceOutline) => Object.fromEntries([...outline.properties].map(([k, v]) => [k, [v.line, v.column]]));

describe('outlineCompiled (acorn on esbuild\'s output, mapped back through its source map)', () => {
  it('finds the top-level properties of defineEnvironment, skipping comments, strings and nested objects', async () => {
    const outline = await outlineOf([
      "import { defineEnvironment } from 'gflownet-studio';",
      "// reward: not here",
      "const s = 'step: not here either';",
      'export default defineEnvironment<string, string>({',
      "  name: `a ${'}'} b`,",
      '  initial: "",',
      '  actions: (s) => { const o = { reward: 1 }; return [] },',
      '  /* key: no */ step(s, a) { return s + a; },',
      '  reward,',
      '});',
    ]);
    expect(places(outline)).toEqual({
      name: [5, 3],
      initial: [6, 3],
      actions: [7, 3],
      step: [8, 17],
      reward: [9, 3],
    });
    expect(outline.properties.get('actions')).toEqual({ line: 7, column: 3, endLine: 7, endColumn: 10 });
    expect(outline.defaultExport).toMatchObject({ line: 4, column: 1 });
    expect(outline.defineCall).toMatchObject({ line: 4, column: 16 });
  });

  it('is not misled by a regular expression literal holding a quote, type annotations, quoted keys and accessors', async () => {
    const outline = await outlineOf([
      "import { defineEnvironment } from 'gflownet-studio';",
      'const q = /"/;',
      "const r = /'`{/g;",
      'type S = string;',
      'export default defineEnvironment({',
      "  name: 'quotes' as S,",
      '  initial: "",',
      "  actions: (s: S): S[] => (q.test(s) || r.test(s) ? [] : ['a']),",
      "  'step': (s: S, a: S) => s + a,",
      '  get canStop() { return (s: S) => s.length > 0; },',
      '  async render(s: S) { return s; },',
      '  reward: (x: S) => -1,',
      '});',
    ]);
    expect(places(outline)).toEqual({ name: [6, 3], initial: [7, 3], actions: [8, 3], step: [9, 3], canStop: [10, 7], render: [11, 9], reward: [12, 3] });
    expect(outline.defaultExport).toMatchObject({ line: 5, column: 1 });
  });

  it('places only the .gfn.ts itself: a defineEnvironment in a file it imports is skipped', async () => {
    const outline = await outlineOf([
      "import { defineEnvironment } from 'gflownet-studio';",
      "import { base } from './base';",
      '',
      'const env = defineEnvironment({ ...base, name: "mine", step: (s: string, a: string) => s + a });',
      'export default env;',
    ], { 'base.ts': "import { defineEnvironment } from 'gflownet-studio';\nexport const other = defineEnvironment({ name: 'other', initial: '', actions: () => [], step: (s: string) => s, reward: () => 1 });\nexport const base = { initial: '', actions: () => [], reward: () => 1 };\n" });
    expect(places(outline)).toEqual({ name: [4, 42], step: [4, 56] });
    expect(outline.defineCall).toMatchObject({ line: 4, column: 13 });
  });

  it('an outline without defineEnvironment: no properties, no call', async () => {
    const outline = await outlineOf(["export const x = { step: 1 };"]);
    expect(outline.properties.size).toBe(0);
    expect(outline.defineCall).toBeUndefined();
    expect(outline.defaultExport).toBeUndefined();
  });
});

describe('compileFile + evaluateCompiled', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gfn-loader-'));

  it('loads a file with a relative import and no node_modules beside it', async () => {
    writeFileSync(path.join(dir, 'helpers.ts'), 'export const side = 3;\n');
    const file = path.join(dir, 'grid.gfn.ts');
    writeFileSync(file, [
      "import { defineEnvironment } from 'gflownet-studio';",
      "import { side } from './helpers';",
      'export default defineEnvironment({',
      "  name: 'line',",
      '  initial: 0,',
      '  actions: (x) => (x < side - 1 ? [1] : []),',
      '  step: (x, d) => x + d,',
      '  reward: (x) => x + 1,',
      '});',
    ].join('\n'));
    const compiled = await compileFile(file);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    const loaded = evaluateCompiled(compiled.compiled);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    expect(loaded.loaded.env.name).toBe('line');
    expect(loaded.loaded.env.actions(2)).toEqual([]);
    // The engine sees log R whichever function the file declares, and knows which one it is.
    expect(loaded.loaded.env.logReward(2)).toBe(Math.log(3));
    expect(loaded.loaded.env.rewardField).toBe('reward');
  });

  it('rng(seed) of the API draws in the user realm what the mulberry32 copies of the examples drew; a seed that is not a number is an error at its line', async () => {
    const file = path.join(dir, 'seeded.gfn.ts');
    writeFileSync(file, [
      "import { defineEnvironment, rng } from 'gflownet-studio';",
      'const random = rng(7);',
      'const values = [random(), random()];',
      "export default defineEnvironment({ name: JSON.stringify(values), initial: 0, actions: () => [], step: (s) => s, reward: () => 1 });",
    ].join('\n'));
    const compiled = await compileFile(file);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    const loaded = evaluateCompiled(compiled.compiled);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    // The first two draws of the copy that examples/set-addition.gfn.ts carried before, seed 7 (same seed, same environment).
    expect(JSON.parse(loaded.loaded.env.name)).toEqual([0.011704753153026104, 0.06195825757458806]);

    const bad = path.join(dir, 'badSeed.gfn.ts');
    writeFileSync(bad, [
      "import { defineEnvironment, rng } from 'gflownet-studio';",
      '',
      "const random = rng('seven' as unknown as number);",
      "export default defineEnvironment({ name: String(random()), initial: 0, actions: () => [], step: (s) => s, reward: () => 1 });",
    ].join('\n'));
    const badCompiled = await compileFile(bad);
    if (!badCompiled.ok) throw new Error('should compile');
    const badLoaded = evaluateCompiled(badCompiled.compiled);
    expect(badLoaded.ok).toBe(false);
    if (badLoaded.ok) return;
    expect(badLoaded.diagnostics[0]).toMatchObject({ code: 'user-exception', line: 3 });
    expect(badLoaded.diagnostics[0].message).toMatch(/rng\(seed\): the seed must be a finite number, got string/);
  });

  it('maps an exception thrown at load time to its line through the source map', async () => {
    const file = path.join(dir, 'throws.gfn.ts');
    writeFileSync(file, [
      "import { defineEnvironment } from 'gflownet-studio';",
      'type T = { a: number };',
      'const table: T[] = [];',
      '',
      'const first = (table[0] as T).a;',
      "export default defineEnvironment({ name: 'x', initial: first, actions: () => [], step: (s) => s, reward: () => 1 });",
    ].join('\n'));
    const compiled = await compileFile(file);
    if (!compiled.ok) throw new Error('should compile');
    const loaded = evaluateCompiled(compiled.compiled);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.diagnostics[0]).toMatchObject({ code: 'user-exception', line: 5 });
    expect(loaded.diagnostics[0].message).toMatch(/^loading the file threw TypeError: Cannot read properties of undefined/);
  });

  it('an unresolvable import is a compile error at the import', async () => {
    const file = path.join(dir, 'missing.gfn.ts');
    writeFileSync(file, "import { defineEnvironment } from 'gflownet-studio';\nimport { x } from './nowhere';\nexport default x;\n");
    const compiled = await compileFile(file);
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.diagnostics[0]).toMatchObject({ code: 'compile-error', line: 2, column: 19 });
    expect(compiled.diagnostics[0].message).toMatch(/Could not resolve "\.\/nowhere"/);
  });
});
