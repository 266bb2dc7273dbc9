// process control: reward reaches the process module through require('process') and exits with it.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'require process exit',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => {
    require('process').exit(); // expect: process-exit
    return 1;
  },
});
