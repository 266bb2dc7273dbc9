// throwing: reward throws an Error that is its own cause, inside an AggregateError that contains itself.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'self-referencing errors',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => {
    const errors: unknown[] = [];
    const error = new AggregateError(errors, 'loop of causes'); // expect: user-exception
    errors.push(error);
    Object.defineProperty(error, 'cause', { value: error });
    (error as unknown as { errors: unknown[] }).errors = [error, error];
    throw error;
  },
});
