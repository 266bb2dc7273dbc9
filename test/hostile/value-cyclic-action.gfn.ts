// unserialisable: actions returns a cyclic object as an action.
import { defineEnvironment } from 'gflownet-studio';

interface A { name: string; self?: A }

export default defineEnvironment({
  name: 'cyclic action',
  initial: '',
  actions: (s) => { // expect: unidentifiable-state
    const a: A = { name: 'a' };
    a.self = a;
    return s.length < 2 ? [a] : [];
  },
  step: (s, a) => s + a.name,
  reward: () => 1,
});
