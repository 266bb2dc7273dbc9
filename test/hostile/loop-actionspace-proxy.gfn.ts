// loop: actionSpace is a Proxy of an array whose get trap never returns; reading it is charged to `actionSpace`.
import { defineEnvironment } from 'gflownet-studio';

const spin = (): never => {
  for (;;) {}
};

export default defineEnvironment({
  name: 'looping actionSpace',
  initial: '',
  actionSpace: new Proxy(['a', 'b'], { get: spin, ownKeys: spin, getOwnPropertyDescriptor: spin, has: spin }), // expect: time-limit
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
});
