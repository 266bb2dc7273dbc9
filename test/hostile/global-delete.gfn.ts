// hostile globals: after the default export, the top-level code deletes JSON, Math, Object, Array, Map, Set, Promise, Error and more; log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };

export default defineEnvironment({
  name: 'deleted globals',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});

const doomed = ['JSON', 'Math', 'Atomics', 'Reflect', 'Proxy', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Promise', 'Symbol', 'Number', 'String', 'Boolean', 'BigInt', 'Array', 'Object', 'Function', 'Error', 'TypeError', 'RangeError', 'Date', 'RegExp', 'Int32Array', 'Uint8Array', 'Float64Array', 'ArrayBuffer', 'SharedArrayBuffer', 'structuredClone', 'queueMicrotask', 'setTimeout', 'setInterval', 'clearTimeout', 'console', 'process', 'Buffer', 'globalThis'];
const g = globalThis as unknown as Record<string, unknown>;
for (let i = 0; i < doomed.length; i++) delete g[doomed[i]];
