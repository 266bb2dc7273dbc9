// process control: reward calls process.exit(3).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'exit 3 in reward',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => {
    process.exit(3); // expect: process-exit
    return x.length;
  },
});
