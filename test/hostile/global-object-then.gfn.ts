// hostile globals: Object.prototype.then makes every object look like a thenable; array states are still plain states; log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
(Object.prototype as unknown as { then: () => void }).then = function () {};

export default defineEnvironment({
  name: 'everything is a thenable',
  initial: [] as string[],
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s.concat([a]),
  reward: (x) => R[x.join('')],
});
