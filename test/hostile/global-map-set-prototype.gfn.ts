// hostile globals: Map.prototype.get/set/has and Set.prototype.has/add lie; one negative reward: invalid-reward, log 6.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
Map.prototype.get = () => undefined;
Map.prototype.set = function () {
  return this;
};
Map.prototype.has = () => false;
Set.prototype.has = () => true;
Set.prototype.add = function () {
  return this;
};

export default defineEnvironment({
  name: 'hostile Map and Set',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x], // expect: invalid-reward
});
