// hostile globals: Array.prototype[Symbol.iterator] yields one forged action; array states built with concat; log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
(Array.prototype as unknown as Record<symbol, unknown>)[Symbol.iterator] = function* () {
  yield 'forged';
};

export default defineEnvironment({
  name: 'hostile array iterator',
  initial: [] as string[],
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s.concat([a]),
  reward: (x) => R[x.join('')],
});
