// exotic values: Set states with a way back ({a} -> {a,b} -> {a}): the cycle is found by value, and {a,b} = {b,a} (4 states).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'a cycle of sets',
  initial: new Set<string>(),
  actions: (s) => (s.size < 2 ? ['a', 'b'].filter((i) => !s.has(i)) : ['drop b']),
  step: (s, a) => (a === 'drop b' ? new Set([...s].filter((i) => i !== 'b')) : new Set([...s, a])), // expect: cycle
  reward: () => 1,
});
