// process control: step sends SIGKILL to its whole process group (process.kill(0)): the CLI must survive.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'kill the process group',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => {
    process.kill(0, 'SIGKILL'); // expect: process-exit
    return s + a;
  },
  reward: () => 1,
});
