// process control: step calls the undocumented process.reallyExit (the binding behind process.exit) when present.
import { defineEnvironment } from 'gflownet-studio';

const proc = process as unknown as { reallyExit?: (code: number) => void; exit(code?: number): never };

export default defineEnvironment({
  name: 'really exit',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => {
    proc.reallyExit?.(5); proc.exit(5); // expect: process-exit
    return s + a;
  },
  reward: () => 1,
});
