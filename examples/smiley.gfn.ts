// The face generator of the GFlowNet tutorial (Bengio et al.): a face is 3 patches, added one at a time.
// Valid faces have one left eyebrow, one right eyebrow and one mouth. R = 2 for a smile, 1 for a frown, 0 for an
// invalid face. There are 8 valid faces and Z = 12, so a trained GFlowNet draws smiles twice as often as frowns.
import { defineEnvironment } from 'gflownet-studio';

const patches = ['left_eb_down', 'left_eb_up', 'right_eb_down', 'right_eb_up', 'smile', 'frown'] as const;
type Patch = (typeof patches)[number];

function isValid(face: readonly Patch[]): boolean {
  const has = (p: Patch) => face.includes(p);
  const one = (a: Patch, b: Patch) => has(a) !== has(b);
  return one('left_eb_down', 'left_eb_up') && one('right_eb_down', 'right_eb_up') && one('smile', 'frown');
}

export default defineEnvironment({
  name: 'smiley faces',
  initial: [] as Patch[],
  actionSpace: patches,
  // A face is finished with 3 patches; before that, any patch not yet on the face can be added.
  actions: (face) => (face.length < 3 ? patches.filter((p) => !face.includes(p)) : []),
  // Patches form a set: keep them sorted so that each face is one state, whatever the order they were added in.
  step: (face, patch) => [...face, patch].sort(),
  reward: (face) => (!isValid(face) ? 0 : face.includes('smile') ? 2 : 1),
  encode: (face) => patches.map((p) => (face.includes(p) ? 1 : 0)),
  // The face as the tutorial draws it: a yellow disc with two eyes, then only the patches present: eyebrows as short
  // slanted strokes (up: raised at the inner end; down: lowered, a scowl) and a smile or frown arc.
  render: (face) => {
    const has = (p: Patch) => face.includes(p);
    const stroke = 'stroke="#3b2a14" stroke-width="5" stroke-linecap="round" fill="none"';
    const brow = (x1: number, y1: number, x2: number, y2: number) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" ${stroke}/>`;
    const parts = [
      '<circle cx="50" cy="50" r="46" fill="#ffd83b" stroke="#c99a06" stroke-width="3"/>',
      '<circle cx="35" cy="44" r="5" fill="#3b2a14"/>',
      '<circle cx="65" cy="44" r="5" fill="#3b2a14"/>',
    ];
    // Outer end first: x 22 (left) / 78 (right), inner end at x 42 / 58.
    if (has('left_eb_up')) parts.push(brow(22, 31, 42, 24));
    if (has('left_eb_down')) parts.push(brow(22, 24, 42, 31));
    if (has('right_eb_up')) parts.push(brow(78, 31, 58, 24));
    if (has('right_eb_down')) parts.push(brow(78, 24, 58, 31));
    if (has('smile')) parts.push(`<path d="M 30 62 Q 50 82 70 62" ${stroke}/>`);
    if (has('frown')) parts.push(`<path d="M 30 76 Q 50 58 70 76" ${stroke}/>`);
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="64" height="64">${parts.join('')}</svg>`;
  },
});
