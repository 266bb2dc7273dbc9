// loop: step spins forever allocating short-lived arrays and strings: a loop, not a memory hog (its garbage is collected).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'garbage loop in step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: time-limit
    let kept = 0;
    for (;;) {
      const row = new Array<string>(1000).fill(s + a);
      const text = 'y'.repeat(100) + kept;
      kept += row.length + text.length;
    }
  },
  reward: () => 1,
});
