// must not hang: the top-level code starts reading process.stdin (keeps the event loop alive while stdin is open).
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
try {
  process.stdin.on('data', () => {});
  process.stdin.resume();
} catch {
  // No stdin in the sandbox: fine.
}

export default defineEnvironment({
  name: 'reads stdin',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
