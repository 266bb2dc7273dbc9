// unserialisable: step returns states holding a function (JSON would silently drop it).
import { defineEnvironment } from 'gflownet-studio';

interface S { n: number; f?: () => number }

export default defineEnvironment({
  name: 'functions in states',
  initial: { n: 0 } as S,
  actions: (s) => (s.n < 2 ? ['a', 'b'] : []),
  step: (s, a): S => ({ n: s.n + 1, f: () => (a === 'a' ? 1 : 2) }), // expect: unidentifiable-state
  reward: () => 1,
});
