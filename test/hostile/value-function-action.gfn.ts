// unserialisable: actions returns functions as actions.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'function actions',
  initial: '',
  actions: (s) => (s.length < 2 ? [() => 'a', () => 'b'] : []), // expect: unidentifiable-state
  step: (s, a) => s + a(),
  reward: () => 1,
});
