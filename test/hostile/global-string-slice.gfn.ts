// hostile globals: String.prototype.slice/substring/split/replace/padStart lie; zero reward warning, log 6.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 0, '01': 1, '10': 2, '11': 3 };
String.prototype.slice = () => '';
String.prototype.substring = () => '';
String.prototype.split = () => [];
(String.prototype as unknown as { replace: () => string }).replace = () => 'replaced';
String.prototype.padStart = () => '';

export default defineEnvironment({
  name: 'hostile String.prototype',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x], // expect: zero-reward
});
