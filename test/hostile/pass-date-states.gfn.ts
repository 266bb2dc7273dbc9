// must pass: states are Dates, a clock that moves by 1 s or 2 s up to 4 s. 5 states, Z = 3 + 4.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'dates',
  initial: new Date(0),
  actions: (s) => (s.getTime() < 3000 ? ['+1s', '+2s'] : []),
  step: (s, a) => new Date(s.getTime() + (a === '+1s' ? 1000 : 2000)),
  reward: (x) => x.getTime() / 1000,
});
