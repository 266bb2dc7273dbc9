// memory: reward builds one huge flat string by doubling (the heap fills before the maximum string length).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'huge string',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => { // expect: memory-limit
    let text = `${x}#`;
    while (text.charCodeAt(text.length - 1) !== 0) text = text + text;
    return text.length;
  },
});
