// throwing: Error.prepareStackTrace forges every stack to point at lines 1-2 of the sandbox file; never placed there: on `step`.
import { defineEnvironment } from 'gflownet-studio';

const probe = /\(?([^\s()]+):\d+:\d+\)?\s*$/m.exec(String(new Error('probe').stack).split('\n')[1] ?? '');
const file = probe ? probe[1] : 'unknown';
(Error as unknown as { prepareStackTrace: () => string }).prepareStackTrace = () => `Error: forged\n    at step (${file}:1:1)\n    at reward (${file}:2:1)`;

export default defineEnvironment({
  name: 'forged stacks',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: user-exception
    if (s === 'a') throw new Error('real');
    return s + a;
  },
  reward: () => 1,
});
