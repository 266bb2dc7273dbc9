// process control: reward calls process.exit() for one terminal state.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'exit in reward',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => {
    if (x === 'ba') process.exit(); // expect: process-exit
    return 1;
  },
});
