// memory: the file's top-level code keeps 64 MB Uint8Arrays (off the JS heap) until the RSS cap.
import { defineEnvironment } from 'gflownet-studio';

const hoard: Uint8Array[] = [];
while (hoard.length >= 0) hoard.push(new Uint8Array(64 << 20).fill(3));

export default defineEnvironment({ // expect: memory-limit
  name: 'typed arrays at top level',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => hoard.length,
});
