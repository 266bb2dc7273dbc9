// process control: the file's top-level code calls process.exit() before the default export.
import { defineEnvironment } from 'gflownet-studio';

const table: Record<string, number> = { aa: 1, ab: 2, ba: 3, bb: 4 };
process.exit(); // expect: process-exit

export default defineEnvironment({
  name: 'exit at top level',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => table[x],
});
