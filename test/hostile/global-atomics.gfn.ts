// hostile globals: Atomics.add/load/store/exchange do nothing (a shared-realm heartbeat would stall); log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
const a = Atomics as unknown as Record<string, unknown>;
a.add = () => 0;
a.load = () => 0;
a.store = () => 0;
a.exchange = () => 0;
a.wait = () => 'ok';

export default defineEnvironment({
  name: 'hostile Atomics',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
