// process control: the file's top-level code calls process.exit(3) after the default export.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'exit 3 at top level',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
});

process.exit(3); // expect: process-exit
