// non-determinism: step draws from Math.random (a child of '' is '0x' or '0y' at random); calling step twice and comparing misses it half the time.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'random child',
  initial: '',
  actions: (s) => (s === '' ? ['0'] : []),
  step: (s, a) => {
    const side = Math.random() < 0.5 ? 'x' : 'y'; // expect: nondeterministic-step
    return s + a + side;
  },
  reward: () => 1,
});
