// loop: reward throws an Error whose `message` getter never returns: describing the error must be guarded.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'looping error message',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => { // expect: time-limit
    const error = new Error('boom');
    Object.defineProperty(error, 'message', { get() { for (;;) {} } });
    throw error;
  },
});
