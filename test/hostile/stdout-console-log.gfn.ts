// stdout: console.log/info/warn/error at top level and in step, some of it JSON; --json stdout must stay one object.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
console.log('{"ok":true,"summary":null,"diagnostics":[]}');
console.info('hello from the top level');
console.warn('a warning');
console.error('an error line');

export default defineEnvironment({
  name: 'console output',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => {
    console.log('step', s, a, { ok: true });
    console.error('step on stderr', s, a);
    return s + a;
  },
  reward: (x) => R[x], // expect: invalid-reward
});
