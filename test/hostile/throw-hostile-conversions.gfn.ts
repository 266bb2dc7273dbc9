// throwing non-errors: reward throws an object whose toString, valueOf, toJSON and Symbol.toPrimitive all throw.
import { defineEnvironment } from 'gflownet-studio';

const thrower = (what: string) => (): never => {
  throw new Error(`${what} refuses`);
};
const hostile = {
  toString: thrower('toString'),
  valueOf: thrower('valueOf'),
  toJSON: thrower('toJSON'),
  [Symbol.toPrimitive]: thrower('toPrimitive'),
};

export default defineEnvironment({
  name: 'throws an unprintable object',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => { // expect: user-exception
    throw hostile;
  },
});
