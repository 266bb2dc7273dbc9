// process control: actions sends SIGKILL to its own process (no handler can run).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'sigkill self',
  initial: '',
  actions: (s) => {
    process.kill(process.pid, 'SIGKILL'); // expect: process-exit
    return s.length < 2 ? ['a', 'b'] : [];
  },
  step: (s, a) => s + a,
  reward: () => 1,
});
