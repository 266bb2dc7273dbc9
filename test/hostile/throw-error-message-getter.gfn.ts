// throwing: reward throws an Error whose `message` getter throws (so does reading its stack).
import { defineEnvironment } from 'gflownet-studio';

const poison = (error: Error, property: string): Error =>
  Object.defineProperty(error, property, {
    get() {
      throw 'no';
    },
  });

export default defineEnvironment({
  name: 'error with a throwing message',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => { throw poison(new Error('boom'), 'message'); }, // expect: user-exception
});
