// memory: reward builds ever longer flat strings by doubling and keeps each one, so the heap fills (the kept strings
// add up to twice the longest) long before a string reaches V8's maximum length (a RangeError, not a memory problem).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'huge string',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => { // expect: memory-limit
    const kept: string[] = [];
    let text = `${x}#`;
    while (text.charCodeAt(text.length - 1) !== 0) {
      text = text + text;
      kept.push(text);
    }
    return kept.length;
  },
});
