// process control: step calls process.exit(3) on its first call.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'exit 3 in step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => {
    process.exit(3); // expect: process-exit
    return s + a;
  },
  reward: () => 1,
});
