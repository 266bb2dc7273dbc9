// Bit sequences with modes (Malkin et al., "Trajectory Balance: Improved Credit Assignment in GFlowNets", NeurIPS
// 2022; torchgfn's BitSequence). A sequence of `length` bits is written left to right, one word of `wordSize` bits at a
// time: a tree with 2^wordSize children per state. R(x) = exp(-beta * min over the modes m of hamming(x, m)). As in the
// paper and torchgfn, each mode is `length / 8` motifs of 8 bits, drawn from the five motifs below; here the draws come
// from a seeded generator (the API's `rng`), so the modes are fixed by `seed`.
import { defineEnvironment, rng } from 'gflownet-studio';

export interface BitSequenceOptions {
  /** Bits per sequence: a multiple of 8 (the motif width) and of wordSize. */
  length: number;
  wordSize: number;
  modes: number;
  beta?: number;
  seed?: number;
  /** A sequence within this Hamming distance of a mode counts as one found (the paper's delta; 1 unless told). */
  modeRadius?: number;
}

const motifs = ['00000000', '11111111', '11110000', '00001111', '00111100'];

/** `count` distinct modes of `length` bits, each a concatenation of motifs drawn uniformly (torchgfn's make_modes_set). */
export function bitSequenceModes(length: number, count: number, seed: number): string[] {
  const slots = length / 8;
  if (!Number.isInteger(slots) || slots < 1) throw new Error(`length must be a positive multiple of 8 (the motif width), got ${length}`);
  if (count > motifs.length ** slots) throw new Error(`only ${motifs.length ** slots} distinct modes of ${length} bits exist, ${count} asked`);
  const random = rng(seed);
  const modes = new Set<string>();
  while (modes.size < count) modes.add(Array.from({ length: slots }, () => motifs[Math.floor(random() * motifs.length)]).join(''));
  return [...modes];
}

function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

export function bitSequences({ length, wordSize, modes: count, beta = 1, seed = 0, modeRadius = 1 }: BitSequenceOptions) {
  if (length % wordSize !== 0) throw new Error(`wordSize ${wordSize} must divide length ${length}`);
  const modes = bitSequenceModes(length, count, seed);
  const words = Array.from({ length: 2 ** wordSize }, (_, w) => w.toString(2).padStart(wordSize, '0'));
  return defineEnvironment({
    name: `bit sequences of ${length} bits, words of ${wordSize}, ${count} modes`,
    initial: '',
    actionSpace: words,
    actions: (s) => (s.length < length ? words : []),
    step: (s, word) => s + word,
    reward: (x) => Math.exp(-beta * Math.min(...modes.map((m) => hamming(x, m)))),
    // Malkin et al. count a mode as found when a sample lies within a Hamming distance of it: here each sample so close.
    isMode: (x) => modes.some((m) => hamming(x, m) <= modeRadius),
    // One-hot per bit position: [is 0, is 1, is unset].
    encode: (s) => Array.from({ length }, (_, i) => (i >= s.length ? [0, 0, 1] : s[i] === '0' ? [1, 0, 0] : [0, 1, 0])).flat(),
    render: (s) => s || 'ε',
  });
}

export default bitSequences({ length: 8, wordSize: 2, modes: 3 });
