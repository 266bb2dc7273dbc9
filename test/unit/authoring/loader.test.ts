import * as path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { blankNonCode, outlineSource } from '../../../src/authoring/locate';
import { compileFile } from '../../../src/authoring/compile';
import { evaluateCompiled } from '../../../src/authoring/loader';

describe('outlineSource (the scanner that places diagnostics without TypeScript)', () => {
  it('finds the top-level properties of defineEnvironment, skipping comments, strings and nested objects', () => {
    const src = [
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
    ].join('\n');
    const outline = outlineSource(src);
    expect(Object.fromEntries([...outline.properties].map(([k, v]) => [k, [v.line, v.column]]))).toEqual({
      name: [5, 3],
      initial: [6, 3],
      actions: [7, 3],
      step: [8, 17],
      reward: [9, 3],
    });
    expect(outline.defaultExport).toMatchObject({ line: 4, column: 1 });
    expect(outline.defineCall).toMatchObject({ line: 4, column: 16 });
  });

  it('blanks comments and strings but keeps offsets and newlines', () => {
    const src = "a /* x\ny */ 'q' `t${b}u` // c\nz";
    const out = blankNonCode(src);
    expect(out).toHaveLength(src.length);
    expect(out.split('\n')).toHaveLength(3);
    expect(out.replace(/\s+/g, ' ')).toBe("a ' ' ` ${b} ` z");
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
