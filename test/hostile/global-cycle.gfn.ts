// hostile globals: JSON.stringify, Map/Set methods and array methods lie, and the counter modulo 3 is still a cycle.
import { defineEnvironment } from 'gflownet-studio';

JSON.stringify = () => '"same"';
Map.prototype.get = () => undefined;
Map.prototype.has = () => false;
Set.prototype.has = () => false;
(Array.prototype as unknown as Record<string, unknown>).indexOf = () => -1;
(Array.prototype as unknown as Record<string, unknown>).push = () => 0;

export default defineEnvironment({
  name: 'hostile modular counter',
  initial: 0,
  actions: () => ['inc'],
  step: (n) => (n + 1) % 3, // expect: cycle
  reward: () => 1,
});
