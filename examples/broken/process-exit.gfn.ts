// process-exit: step ends the process when it meets a state it does not expect. The sandbox ends the call instead,
// and reports it on the line of process.exit.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'exits',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => {
    if (s + a === 'ab') process.exit(1);
    return s + a;
  },
  reward: (x) => x.length,
});
