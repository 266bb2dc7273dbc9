// hostile globals: JSON.stringify makes every value "same" and JSON.parse forges a result; zero reward warning, log 6.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 0, '01': 1, '10': 2, '11': 3 };
JSON.stringify = () => '"same"';
JSON.parse = () => ({ ok: true, summary: null, diagnostics: [] });

export default defineEnvironment({
  name: 'hostile JSON',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x], // expect: zero-reward
});
