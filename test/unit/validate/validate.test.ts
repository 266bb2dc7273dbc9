import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Guard } from '../../../src/userCode/guard';
import { compileAndValidate } from '../../../src/sandbox/pipeline';
import { createSharedState } from '../../../src/userCode/slots';

const dir = mkdtempSync(path.join(tmpdir(), 'gfn-validate-'));
let n = 0;

/** Validates an environment body (the fields inside defineEnvironment) in-process, as the worker does. */
async function validateBody(fields: string[]) {
  const file = path.join(dir, `env${n++}.gfn.ts`);
  const lines = ["import { defineEnvironment } from 'gflownet-studio';", 'export default defineEnvironment({', ...fields.map((f) => `  ${f},`), '});'];
  writeFileSync(file, lines.join('\n'));
  return (await compileAndValidate(file, new Guard(createSharedState()))).result;
}

const twoLetters = ["name: 't'", "initial: ''", "actions: (s: string) => (s.length < 2 ? ['a', 'b'] : [])", 'step: (s: string, a: string) => s + a'];

describe('validateEnvironment aggregation and checks', () => {
  it('one diagnostic for an exception that repeats, with the count', async () => {
    const result = await validateBody([...twoLetters, "reward: (x: string) => { throw new RangeError('no reward for ' + x.length); }"]);
    const ds = result.diagnostics.filter((d) => d.code === 'user-exception');
    expect(ds).toHaveLength(1);
    expect(ds[0].message).toBe('reward threw RangeError: no reward for 2 in reward(state "aa") (and 3 more)');
    // At `new RangeError` on the reward line (line 7: import, export, 4 fields before it).
    const rewardLine = `  reward: (x: string) => { throw new RangeError('no reward for ' + x.length); },`;
    expect(ds[0]).toMatchObject({ line: 7, column: rewardLine.indexOf('new RangeError') + 1 });
    expect(result.ok).toBe(false);
  });

  it('all-zero rewards: Z = 0, nothing to sample (warning), log Z null', async () => {
    const result = await validateBody([...twoLetters, 'reward: () => 0']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'zero-reward', severity: 'warning', message: 'reward is 0 for all 4 terminal states: Z = 0, there is nothing to sample' })]);
    expect(result.summary?.logZ).toBeNull();
  });

  it('encode: non-finite values and non-arrays, with the count of states checked', async () => {
    const result = await validateBody([...twoLetters, 'reward: () => 1', "encode: (s: string) => (s === 'b' ? ('b' as unknown as number[]) : [s.length, s === 'a' ? NaN : 0])"]);
    const messages = result.diagnostics.filter((d) => d.code === 'invalid-encoding').map((d) => d.message);
    expect(messages).toEqual([
      'encode must return an array of numbers, but returned something else for 1 states, e.g. "b" -> "b" (7 states checked)',
      'encode returns non-finite values for 1 states, e.g. "a"[1] = NaN (7 states checked)',
    ]);
  });

  it('parents listing a transition that step does not make', async () => {
    const result = await validateBody([
      ...twoLetters,
      'reward: () => 1',
      "parents: (s: string) => (s === '' ? [] : [{ state: s.slice(0, -1), action: s.slice(-1) }, ...(s === 'ab' ? [{ state: 'b', action: 'a' }] : [])])",
    ]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'parents-mismatch', message: 'parents lists 1 transitions that step does not make, e.g. ("b", "a") for "ab" (7 states checked)' }),
    ]);
  });

  it('a throwing render is a warning: the graph falls back to keys, the file stays ok', async () => {
    const result = await validateBody([...twoLetters, 'reward: () => 1', "render: (s: string) => { if (s === 'a') throw new Error('bad label'); return s; }"]);
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'user-exception', severity: 'warning', message: 'render threw Error: bad label in render(state "a")' })]);
  });
});
