// hostile globals: Array.prototype.some/map/push/indexOf/filter lie; zero reward warning, log 6.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 0, '01': 1, '10': 2, '11': 3 };
const proto = Array.prototype as unknown as Record<string, unknown>;
proto.some = () => true;
proto.every = () => false;
proto.map = () => [];
proto.filter = () => [];
proto.push = () => 0;
proto.indexOf = () => -1;
proto.includes = () => true;

export default defineEnvironment({
  name: 'hostile Array.prototype',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x], // expect: zero-reward
});
