// process control: actions sends SIGTERM to its own process with process.kill(process.pid).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'kill self',
  initial: '',
  actions: (s) => {
    if (s === 'a') process.kill(process.pid); // expect: process-exit
    return s.length < 2 ? ['a', 'b'] : [];
  },
  step: (s, a) => s + a,
  reward: () => 1,
});
