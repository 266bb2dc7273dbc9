// stdout: process.stdout.write / process.stderr.write at top level and in step, with partial lines.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
process.stdout.write('{"ok":true,');
process.stderr.write('stderr without newline');

export default defineEnvironment({
  name: 'process.stdout.write',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => {
    process.stdout.write(`"step":"${s}${a}"}\n`);
    process.stderr.write(`step ${s} ${a}\n`);
    return s + a;
  },
  reward: (x) => R[x], // expect: invalid-reward
});
