// loop: the default export is a Proxy whose every trap never returns: reading the environment must be guarded too.
import { defineEnvironment } from 'gflownet-studio';

const spin = (): never => { for (;;) {} };

export default new Proxy(defineEnvironment({ // expect: time-limit
  name: 'looping proxy as the default export',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
}), { get: spin, has: spin, ownKeys: spin, getOwnPropertyDescriptor: spin, getPrototypeOf: spin });
