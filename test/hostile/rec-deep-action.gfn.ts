// recursion: actions returns an action nested 100,000 levels deep.
import { defineEnvironment } from 'gflownet-studio';

let deep: unknown = 'a';
for (let i = 0; i < 100_000; i++) deep = { inner: deep };

export default defineEnvironment({
  name: 'deeply nested action',
  initial: '',
  actions: (s) => (s.length < 1 ? [deep] : []), // expect: unidentifiable-state
  step: (s) => `${s}x`,
  reward: () => 1,
});
