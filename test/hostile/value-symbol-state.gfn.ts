// unserialisable: step returns a bare Symbol as the state.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'symbol states',
  initial: '' as string | symbol,
  actions: (s) => (s === '' ? ['a', 'b'] : []),
  step: (_s, a) => Symbol(a), // expect: unidentifiable-state
  reward: () => 1,
});
