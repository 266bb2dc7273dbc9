// throwing: step throws an Error whose `stack` getter throws.
import { defineEnvironment } from 'gflownet-studio';

const poison = (error: Error, property: string): Error =>
  Object.defineProperty(error, property, {
    get() {
      throw 'no';
    },
  });

export default defineEnvironment({
  name: 'error with a throwing stack',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: () => { throw poison(new Error('boom'), 'stack'); }, // expect: user-exception
  reward: () => 1,
});
