// Sequences: words of 4 letters over A, B, C, written left to right (a tree: one parent per state).
// R(x) = 0.1 + 2 * (number of "AB" pairs) + [x ends with C]: a few words carry most of the mass.
import { defineEnvironment } from 'gflownet-studio';

const letters = ['A', 'B', 'C'];
const length = 4;

function pairs(word: string, pair: string): number {
  let n = 0;
  for (let i = 0; i + 1 < word.length; i++) if (word.slice(i, i + 2) === pair) n++;
  return n;
}

export default defineEnvironment({
  name: 'words of 4 letters',
  initial: '',
  actionSpace: letters,
  actions: (word) => (word.length < length ? letters : []),
  step: (word, letter) => word + letter,
  reward: (word) => 0.1 + 2 * pairs(word, 'AB') + (word.endsWith('C') ? 1 : 0),
  // Position-wise one-hot, a fixed length: [is A, is B, is C] for each position (all 0 when not written yet).
  encode: (word) => Array.from({ length }, (_, i) => letters.map((l) => (word[i] === l ? 1 : 0))).flat(),
  render: (word) => word || '(empty)',
});
