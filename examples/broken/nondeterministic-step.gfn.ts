// nondeterministic-step: step reads and changes a counter outside the state, so the same state and action lead to different states.
import { defineEnvironment } from 'gflownet-studio';

let calls = 0;

export default defineEnvironment({
  name: 'step with outside state',
  initial: [] as number[],
  actions: (s) => (s.length < 2 ? ['add'] : []),
  step: (s) => [...s, calls++],
  reward: () => 1,
});
