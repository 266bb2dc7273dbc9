// memory: step keeps 64 MB ArrayBuffers, each written so that its pages are really resident.
import { defineEnvironment } from 'gflownet-studio';

const hoard: ArrayBuffer[] = [];

export default defineEnvironment({
  name: 'hoarding ArrayBuffers',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: memory-limit
    while (hoard.length >= 0) {
      const buffer = new ArrayBuffer(64 << 20);
      new Uint8Array(buffer).fill(7);
      hoard.push(buffer);
    }
    return s + a;
  },
  reward: () => 1,
});
