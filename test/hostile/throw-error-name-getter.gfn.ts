// throwing: actions throws an Error subclass whose `name` getter throws.
import { defineEnvironment } from 'gflownet-studio';

class Nameless extends Error {
  override get name(): string {
    throw 'no name';
  }
}

export default defineEnvironment({
  name: 'error with a throwing name',
  initial: '',
  actions: () => { throw new Nameless('boom'); }, // expect: user-exception
  step: (s, a) => s + a,
  reward: () => 1,
});
