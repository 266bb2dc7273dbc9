// must not hang: the top-level code opens a listening TCP server (an event-loop handle that never closes).
import { createServer } from 'node:net';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
try {
  createServer(() => {}).listen(0, '127.0.0.1');
} catch {
  // Refused by the sandbox: fine, as long as nothing hangs.
}

export default defineEnvironment({
  name: 'listening server',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
