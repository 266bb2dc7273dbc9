// unserialisable: step returns states holding a Promise (JSON would make it {}).
import { defineEnvironment } from 'gflownet-studio';

interface S { n: number; later?: Promise<number> }

export default defineEnvironment({
  name: 'promises in states',
  initial: { n: 0 } as S,
  actions: (s) => (s.n < 2 ? ['a'] : []),
  step: (s): S => ({ n: s.n + 1, later: Promise.resolve(s.n) }), // expect: unidentifiable-state
  reward: () => 1,
});
