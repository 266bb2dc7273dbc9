// hostile globals: the top-level code changes the working directory, the umask and the environment (PATH, NODE_OPTIONS); log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
const attempt = (f: () => unknown): void => {
  try {
    f();
  } catch {
    // Refused by the sandbox: fine.
  }
};
attempt(() => process.chdir('/'));
attempt(() => process.umask(0o777));
attempt(() => {
  process.env.NODE_OPTIONS = '--max-old-space-size=8';
  delete process.env.PATH;
});

export default defineEnvironment({
  name: 'process state changed',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
