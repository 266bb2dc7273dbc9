// loop: encode returns an object whose `length` getter never returns.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'looping length getter',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  encode: () => ({ 0: 1, get length(): number { for (;;) {} } }) as unknown as number[], // expect: time-limit
});
