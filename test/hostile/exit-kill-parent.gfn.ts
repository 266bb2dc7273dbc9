// process control: actions sends SIGKILL to its parent process (process.ppid): the CLI must survive and report it.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'kill the parent',
  initial: '',
  actions: (s) => {
    process.kill(process.ppid, 'SIGKILL'); // expect: process-exit
    return s.length < 2 ? ['a', 'b'] : [];
  },
  step: (s, a) => s + a,
  reward: () => 1,
});
