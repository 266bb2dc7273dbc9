// memory: step keeps 64 MB Buffers (outside the JS heap: only an RSS cap sees them).
import { Buffer } from 'node:buffer';
import { defineEnvironment } from 'gflownet-studio';

const hoard: Buffer[] = [];

export default defineEnvironment({
  name: 'hoarding buffers',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: memory-limit
    while (hoard.length >= 0) hoard.push(Buffer.alloc(64 << 20, 1));
    return s + a;
  },
  reward: () => 1,
});
