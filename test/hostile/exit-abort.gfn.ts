// process control: step calls process.abort() (SIGABRT, no cleanup, possibly a core file).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'abort in step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => {
    if (s === 'b') process.abort(); // expect: process-exit
    return s + a;
  },
  reward: () => 1,
});
