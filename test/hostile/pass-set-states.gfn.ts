// must pass: states are Sets; adding 'a' then 'b' or 'b' then 'a' reaches the same state. 7 states, Z = 5.
import { defineEnvironment } from 'gflownet-studio';

const ITEMS = ['a', 'b', 'c'];

export default defineEnvironment({
  name: 'sets of two',
  initial: new Set<string>(),
  actions: (s) => (s.size < 2 ? ITEMS.filter((i) => !s.has(i)) : []),
  step: (s, a) => new Set([...s, a]),
  reward: (x) => (x.has('a') ? 2 : 1),
});
