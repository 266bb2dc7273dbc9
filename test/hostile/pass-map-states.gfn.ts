// must pass: states are Maps from a letter to the position it was added at. 5 states, Z = 12 + 21.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'maps of positions',
  initial: new Map<string, number>(),
  actions: (s) => (s.size < 2 ? ['a', 'b'].filter((k) => !s.has(k)) : []),
  step: (s, a) => new Map([...s, [a, s.size + 1]]),
  reward: (x) => (x.get('a') ?? 0) * 10 + (x.get('b') ?? 0),
});
