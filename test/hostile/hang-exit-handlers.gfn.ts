// must not hang: the top-level code registers 'exit' and 'beforeExit' handlers that loop forever; the result is normal.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
const spin = (): void => {
  for (;;) {}
};
const proc = process as unknown as { on?: (event: string, f: () => void) => void };
proc.on?.('exit', spin);
proc.on?.('beforeExit', spin);

export default defineEnvironment({
  name: 'looping exit handlers',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
