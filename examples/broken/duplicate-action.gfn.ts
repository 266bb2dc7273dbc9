// duplicate-action: actions lists 'b' twice once the string is non-empty. Each action is one edge of the DAG and one
// choice of the policy: listed twice, the policy's probabilities would not sum to 1.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'twice',
  initial: '',
  actions: (s) => (s.length >= 2 ? [] : s === '' ? ['a', 'b'] : ['a', 'b', 'b']),
  step: (s, a) => s + a,
  reward: (x) => x.length,
});
