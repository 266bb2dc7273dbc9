/**
 * The environments from the literature (examples/ising, bit-sequences, set-addition, perfect-tree, graph-building,
 * structure-learning): each validates through the real sandbox with no diagnostic, and its state count, terminal count
 * and log Z agree with an enumeration written here in plain TypeScript (the terminal objects and their rewards,
 * without the engine). Each is also a template, the same file as the example.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../src/authoring/templates';
import { validateFile } from '../../../src/sandbox/host';
import { bitSequenceModes } from '../../../examples/bit-sequences.gfn';
import { itemValues } from '../../../examples/set-addition.gfn';
import { bgeLocalScorer, linearGaussianData, logGamma, standardised } from '../../../examples/structure-learning.gfn';

const root = path.join(__dirname, '../../..');
const ZOO = ['ising', 'bit-sequences', 'set-addition', 'perfect-tree', 'graph-building', 'structure-learning'] as const;

function logSumExp(logs: readonly number[]): number {
  const max = Math.max(...logs);
  return max + Math.log(logs.reduce((sum, v) => sum + Math.exp(v - max), 0));
}

const binomial = (n: number, k: number): number => (k === 0 ? 1 : (binomial(n, k - 1) * (n - k + 1)) / k);

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** Every terminal's log reward and the number of states, as the papers define the task. */
interface Enumeration {
  states: number;
  logRewards: number[];
}

function ising(): Enumeration {
  // 3 x 3 torus, coupling 0.2: log R(x) = x^T J x = 2 * 0.2 * sum over the 18 bonds of x_i x_j.
  const side = 3;
  const bonds: [number, number][] = [];
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) bonds.push([r * side + c, r * side + ((c + 1) % side)], [r * side + c, ((r + 1) % side) * side + c]);
  const logRewards: number[] = [];
  for (let m = 0; m < 2 ** 9; m++) {
    const x = Array.from({ length: 9 }, (_, i) => ((m >> i) & 1 ? 1 : -1));
    logRewards.push(2 * 0.2 * bonds.reduce((sum, [i, j]) => sum + x[i] * x[j], 0));
  }
  return { states: 3 ** 9, logRewards };
}

function bitSequences(): Enumeration {
  const modes = bitSequenceModes(8, 3, 0);
  const logRewards: number[] = [];
  for (let m = 0; m < 2 ** 8; m++) {
    const x = m.toString(2).padStart(8, '0');
    logRewards.push(-Math.min(...modes.map((mode) => [...mode].filter((b, i) => b !== x[i]).length)));
  }
  // Words of 2 bits: 4^0 + ... + 4^4 prefixes.
  return { states: 1 + 4 + 16 + 64 + 256, logRewards };
}

function setAddition(): Enumeration {
  const values = itemValues(10, 0);
  const logRewards: number[] = [];
  for (let m = 0; m < 2 ** 10; m++) {
    const items = values.filter((_, i) => (m >> i) & 1);
    if (items.length <= 5) logRewards.push(items.reduce((a, b) => a + b, 0));
  }
  return { states: logRewards.length, logRewards };
}

function perfectTree(): Enumeration {
  const leaves = 2 ** 10;
  const bump = (u: number, centre: number) => Math.exp(-((u - centre) ** 2) / (2 * 0.05 ** 2));
  const logRewards = Array.from({ length: leaves }, (_, k) => Math.log(0.01 + bump(k / (leaves - 1), 0.25) + 0.5 * bump(k / (leaves - 1), 0.75)));
  return { states: 2 * leaves - 1, logRewards };
}

/** One graph per isomorphism class on n nodes (edge bit masks), each marked with its whole orbit. */
function unlabelledGraphs(n: number): number[] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
  const bit = (a: number, b: number) => pairs.findIndex(([x, y]) => x === Math.min(a, b) && y === Math.max(a, b));
  const moves = permutations(n).map((p) => pairs.map(([a, b]) => bit(p[a], p[b])));
  const seen = new Uint8Array(2 ** pairs.length);
  const classes: number[] = [];
  for (let mask = 0; mask < seen.length; mask++) {
    if (seen[mask]) continue;
    classes.push(mask);
    for (const move of moves) seen[move.reduce((image, to, from) => ((mask >> from) & 1 ? image | (1 << to) : image), 0)] = 1;
  }
  return classes;
}

function graphBuilding(): Enumeration {
  const logRewards: number[] = [];
  for (let n = 0; n <= 6; n++) {
    const pairs: [number, number][] = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
    for (const mask of unlabelledGraphs(n)) {
      const edges = pairs.filter((_, i) => (mask >> i) & 1);
      const degree = Array.from({ length: n }, (_, v) => edges.filter((e) => e.includes(v)).length);
      // A ring: n >= 3 nodes of degree 2, connected (a 2-regular graph is connected when a walk from 0 visits all).
      let ring = n >= 3 && degree.every((d) => d === 2);
      if (ring) {
        let [previous, current, visited] = [-1, 0, 1];
        for (;;) {
          const next = edges.filter((e) => e.includes(current)).map(([a, b]) => (a === current ? b : a)).find((v) => v !== previous) as number;
          if (next === 0) break;
          [previous, current, visited] = [current, next, visited + 1];
        }
        ring = visited === n;
      }
      logRewards.push(Math.log(ring ? 100 : 1));
    }
  }
  return { states: logRewards.length, logRewards };
}

/** The DAGs over d variables, as parent bit masks per variable. */
function dags(d: number): number[][] {
  const edges: [number, number][] = [];
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (i !== j) edges.push([i, j]);
  const result: number[][] = [];
  for (let m = 0; m < 2 ** edges.length; m++) {
    const parents = Array<number>(d).fill(0);
    edges.forEach(([i, j], e) => {
      if ((m >> e) & 1) parents[j] |= 1 << i;
    });
    // Acyclic when variables without remaining parents can be removed one by one until none is left.
    let left = (1 << d) - 1;
    for (let removed = true; removed; ) {
      removed = false;
      for (let v = 0; v < d; v++) {
        if (left & (1 << v) && (parents[v] & left) === 0) {
          left &= ~(1 << v);
          removed = true;
        }
      }
    }
    if (left === 0) result.push(parents);
  }
  return result;
}

function structureLearning(): Enumeration {
  const local = bgeLocalScorer(standardised(linearGaussianData({ variables: 4, samples: 100 }).data));
  const logRewards = dags(4).map((g) => g.reduce((sum, parents, j) => sum + local(j, parents), 0));
  return { states: logRewards.length, logRewards };
}

const ENUMERATIONS: Record<(typeof ZOO)[number], () => Enumeration> = {
  ising,
  'bit-sequences': bitSequences,
  'set-addition': setAddition,
  'perfect-tree': perfectTree,
  'graph-building': graphBuilding,
  'structure-learning': structureLearning,
};

describe('environments from the literature', () => {
  for (const name of ZOO) {
    it(`${name}: validates with no diagnostic, its counts and log Z are those of a plain enumeration`, async () => {
      const expected = ENUMERATIONS[name]();
      const result = await validateFile(path.join(root, 'examples', `${name}.gfn.ts`));
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.summary).toMatchObject({ complete: true, states: expected.states, terminals: expected.logRewards.length });
      const logZ = logSumExp(expected.logRewards);
      expect(Math.abs((result.summary?.logZ ?? NaN) - logZ) / Math.abs(logZ)).toBeLessThan(1e-9);
    });

    it(`${name}: is a template, the same file as the example`, () => {
      expect(TEMPLATES.map((t) => t.name)).toContain(name);
      const template = readFileSync(path.join(root, 'templates', `${name}.gfn.ts`), 'utf8');
      expect(template, `templates/${name}.gfn.ts differs from examples/${name}.gfn.ts: copy the example over it`).toBe(readFileSync(path.join(root, 'examples', `${name}.gfn.ts`), 'utf8'));
    });
  }

  it('the enumerations count what the literature counts', () => {
    expect(dags(4)).toHaveLength(543); // OEIS A003024: labelled DAGs on 4 nodes
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => unlabelledGraphs(n).length)).toEqual([1, 1, 2, 4, 11, 34, 156]); // OEIS A000088
    expect(setAddition().states).toBe([0, 1, 2, 3, 4, 5].reduce((sum, k) => sum + binomial(10, k), 0));
  });

  it('bit sequences: the seed gives distinct modes made of the five motifs', () => {
    expect(bitSequenceModes(8, 3, 0)).toEqual(['11111111', '00000000', '11110000']);
    const modes = bitSequenceModes(16, 4, 0);
    expect(new Set(modes).size).toBe(4);
    for (const mode of modes) expect([mode.slice(0, 8), mode.slice(8)].every((m) => ['00000000', '11111111', '11110000', '00001111', '00111100'].includes(m))).toBe(true);
  });

  it('structure learning: BGe matches torchgfn BGeScore and gives Markov equivalent DAGs one score', () => {
    const data = standardised(linearGaussianData({ variables: 4, samples: 100 }).data);
    for (let i = 0; i < 4; i++) {
      expect(data.reduce((sum, row) => sum + row[i], 0) / 100).toBeCloseTo(0, 12);
      expect(data.reduce((sum, row) => sum + row[i] ** 2, 0) / 100).toBeCloseTo(1, 12);
    }
    const local = bgeLocalScorer(data);
    // Reference values: torchgfn 2.4.1's BGeScore.local_score transcribed to numpy/scipy (gammaln, slogdet) and run
    // on the same 100 standardised rows.
    expect(local(0, 0)).toBeCloseTo(-147.4448872232986, 10);
    expect(local(1, 0b1100)).toBeCloseTo(-73.56638652189523, 10);
    expect(local(2, 0b1000)).toBeCloseTo(-105.73886332109657, 10);
    expect(local(0, 0b1110)).toBeCloseTo(-102.78758017048399, 10);
    expect(local(3, 0b0111)).toBeCloseTo(-70.67647447418558, 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    // BGe is score equivalent: DAGs with the same skeleton and the same v-structures have the same score.
    const score = (g: number[]) => g.reduce((sum, parents, j) => sum + local(j, parents), 0);
    const classOf = (g: number[]) => {
      const adjacent = (a: number, b: number) => (g[b] >> a) & 1 || (g[a] >> b) & 1;
      const skeleton: string[] = [];
      const vStructures: string[] = [];
      for (let a = 0; a < 4; a++) {
        for (let b = a + 1; b < 4; b++) {
          if (adjacent(a, b)) skeleton.push(`${a}${b}`);
          for (let c = 0; c < 4; c++) if ((g[c] >> a) & 1 && (g[c] >> b) & 1 && !adjacent(a, b)) vStructures.push(`${a}>${c}<${b}`);
        }
      }
      return `${skeleton.join(',')}|${vStructures.join(',')}`;
    };
    const classes = new Map<string, number[]>();
    for (const g of dags(4)) classes.set(classOf(g), [...(classes.get(classOf(g)) ?? []), score(g)]);
    expect(classes.size).toBe(185); // OEIS A007984: Markov equivalence classes of DAGs on 4 nodes
    for (const scores of classes.values()) for (const s of scores) expect(Math.abs(s - scores[0])).toBeLessThan(1e-9 * Math.abs(scores[0]));
  });
});
