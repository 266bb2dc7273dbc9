// hostile globals: Object.prototype.toJSON returns a constant, so JSON.stringify of any array state says "same"; log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
(Object.prototype as unknown as { toJSON: () => string }).toJSON = () => 'same';

export default defineEnvironment({
  name: 'hostile Object.prototype.toJSON',
  initial: [] as string[],
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s.concat([a]),
  reward: (x) => R[x.join('')],
});
