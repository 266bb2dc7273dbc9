// process control: step calls process.exit() for one state; the sandbox must report it, not vanish.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'exit in step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => {
    if (s === 'a') process.exit(); // expect: process-exit
    return s + a;
  },
  reward: () => 1,
});
