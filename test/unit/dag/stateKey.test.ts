import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { canonicalKey, MAX_DEPTH, previewValue, UnidentifiableValueError } from '../../../src/dag/stateKey';

describe('canonicalKey: the default identity of states and actions', () => {
  it('is JSON for JSON-like values', () => {
    for (const v of ['ab', 3, -0, 1e21, true, null, [1, 'a', [2]], { x: 1, y: [true, null] }, [], {}]) {
      expect(canonicalKey(v)).toBe(JSON.stringify(v));
    }
    // As JSON: undefined properties are left out, undefined array slots read as null.
    expect(canonicalKey({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalKey([undefined, 1])).toBe('[null,1]');
  });

  it('a Set or a Map is the same state whatever the insertion order', () => {
    expect(canonicalKey(new Set([3, 1, 2]))).toBe(canonicalKey(new Set([1, 2, 3])));
    expect(canonicalKey(new Set([1, 2]))).not.toBe(canonicalKey(new Set([1, 3])));
    expect(canonicalKey(new Map([['b', 2], ['a', 1]]))).toBe(canonicalKey(new Map([['a', 1], ['b', 2]])));
    expect(canonicalKey(new Map([['a', 1]]))).not.toBe(canonicalKey(new Map([['a', 2]])));
    expect(canonicalKey({ s: new Set(['x']) })).toBe('{"s":Set{"x"}}');
    // A Set is not the array of its elements.
    expect(canonicalKey(new Set([1]))).not.toBe(canonicalKey([1]));
  });

  it('handles BigInt, Date, typed arrays and non-finite numbers, distinctly', () => {
    expect(canonicalKey(12n)).toBe('12n');
    expect(canonicalKey([1n, 2])).toBe('[1n,2]');
    expect(canonicalKey(new Date(5))).toBe('Date(5)');
    expect(canonicalKey(new Uint8Array([1, 2]))).toBe('Uint8Array[1,2]');
    expect(canonicalKey(new Float64Array([1.5]))).not.toBe(canonicalKey(new Float32Array([1.5])));
    expect(canonicalKey(new BigInt64Array([3n]))).toBe('BigInt64Array[3n]');
    expect(new Set([canonicalKey(NaN), canonicalKey(Infinity), canonicalKey(-Infinity), canonicalKey(null)]).size).toBe(4);
  });

  it('values of another realm (the sandbox evaluates user code in its own vm context) key the same', () => {
    const other = vm.runInNewContext('({ set: new Set([2, 1]), map: new Map([[1, "a"]]), date: new Date(7), bytes: new Uint8Array([9]), list: [1, { a: 2 }] })') as Record<string, unknown>;
    expect(canonicalKey(other.set)).toBe(canonicalKey(new Set([1, 2])));
    expect(canonicalKey(other.map)).toBe(canonicalKey(new Map([[1, 'a']])));
    expect(canonicalKey(other.date)).toBe('Date(7)');
    expect(canonicalKey(other.bytes)).toBe('Uint8Array[9]');
    expect(canonicalKey(other.list)).toBe('[1,{"a":2}]');
  });

  it('ignores toJSON: a changed Object.prototype.toJSON of user code cannot merge states', () => {
    const other = vm.runInNewContext('Object.prototype.toJSON = () => 1; [{ a: 1 }, { a: 2 }]') as unknown[];
    expect(canonicalKey(other[0])).not.toBe(canonicalKey(other[1]));
  });

  it('refuses values without content identity, saying what and where', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    let deep: unknown = 0;
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];
    const cases: [unknown, RegExp][] = [
      [{ f: () => 1 }, /a function at \.f/],
      [[Symbol('s')], /a symbol at \[0\]/],
      [Promise.resolve(1), /a Promise .*async/],
      [cyclic, /a cycle .*at \.self/],
      [deep, /nesting deeper than 200 levels/],
      [new WeakMap(), /WeakMap/],
    ];
    for (const [value, reason] of cases) {
      let caught: unknown;
      try {
        canonicalKey(value);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnidentifiableValueError);
      expect((caught as Error).message).toMatch(reason);
    }
  });

  it('previewValue draws anything, bounded, without throwing', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    expect(previewValue(cyclic)).toBe('{"n":1,"self":[circular]}');
    expect(previewValue({ f: () => 1, s: Symbol('x') })).toBe('{"f":[function],"s":Symbol()}');
    expect(previewValue('x'.repeat(10_000)).length).toBeLessThanOrEqual(120);
    const hostile = new Proxy({}, { ownKeys() { throw new Error('no'); } });
    expect(previewValue(hostile)).toMatch(/unreadable/);
  });
});
