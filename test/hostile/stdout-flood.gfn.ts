// stdout: step writes 2 MB per call (about 24 MB in all), half without newlines; the CLI must neither print nor choke on it.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
const mega = 'z'.repeat(1 << 20);

export default defineEnvironment({
  name: 'console flood',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => {
    process.stdout.write(mega);
    console.log(mega);
    return s + a;
  },
  reward: (x) => R[x], // expect: invalid-reward
});
