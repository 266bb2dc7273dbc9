// loop: step blocks in a synchronous child process (sleep 20): stopping step must not leave `sleep` behind.
import { execSync } from 'node:child_process';
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'execSync in step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: time-limit
    execSync('sleep 20');
    return s + a;
  },
  reward: () => 1,
});
