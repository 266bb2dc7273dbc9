// Bayesian structure learning with a GFlowNet (DAG-GFlowNet: Deleu et al., "Bayesian Structure Learning with
// Generative Flow Networks", UAI 2022; torchgfn's BayesianStructure). A state is a DAG over `variables` variables,
// built from the empty graph by adding one edge at a time that keeps it acyclic; every DAG may stop. With
// log R(G) = score(G) = log P(D | G) + log P(G) (a `logReward`), a GFlowNet samples the posterior P(G | D).
// The score is the BGe score (Geiger & Heckerman, "Parameter Priors for Directed Acyclic Graphical Models and the
// Characterization of Several Probability Distributions", Annals of Statistics 2002, in the form of Kuipers et al.,
// "Addendum on the Scoring of Gaussian Directed Acyclic Graphical Models", Annals of Statistics 2014, as DAG-GFlowNet
// and torchgfn's BGeScore compute it) with a uniform prior over DAGs. The data set D: `samples` draws of a
// linear-Gaussian model on an Erdos-Renyi DAG (torchgfn's sample_erdos_renyi_linear_gaussian), generated here from
// a seeded generator (the API's `rng`), so the file needs no data, then standardised (see `standardised`).
import { defineEnvironment, rng } from 'gflownet-studio';

export interface StructureLearningOptions {
  variables: number;
  samples: number;
  /** Expected number of edges of the DAG that generates the data. */
  edges?: number;
  seed?: number;
}

/** A DAG as the parents of each variable: bit i of parents[j] is the edge i -> j. */
export type Dag = number[];

/** Standard normal draws by the Box-Muller transform. */
function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * The data set: a random DAG (each pair of variables joined with probability edges / (d (d - 1) / 2), in a random
 * order), weights ~ N(0, 1) on its edges, no bias, then `samples` rows drawn ancestrally:
 * x_j = sum over the parents i of w_ij x_i + N(0, 1). (torchgfn's noise has standard deviation 0.1; as every
 * variable's noise has the same scale, that only changes the unit of the data, which standardising removes.)
 */
export function linearGaussianData({ variables: d, samples, edges = d, seed = 0 }: StructureLearningOptions): { truth: Dag; data: number[][] } {
  const random = rng(seed);
  const normal = gaussian(random);
  const p = edges / ((d * (d - 1)) / 2);
  const order = Array.from({ length: d }, (_, i) => i);
  for (let i = d - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const truth: Dag = Array<number>(d).fill(0);
  const weight = Array.from({ length: d }, () => Array<number>(d).fill(0));
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      if (random() >= p) continue;
      truth[order[b]] |= 1 << order[a];
      weight[order[a]][order[b]] = normal();
    }
  }
  const data = Array.from({ length: samples }, () => {
    const x = Array<number>(d).fill(0);
    for (const j of order) x[j] = order.reduce((sum, i) => sum + weight[i][j] * x[i], 0) + normal();
    return x;
  });
  return { truth, data };
}

/**
 * Each variable shifted and scaled to mean 0 and variance 1. BGe's prior on the precision matrix (t I below) assumes
 * variables of unit scale: on the raw data, whose unit is arbitrary, the posterior would depend on that unit (with
 * torchgfn's noise of 0.1, 80% of it goes to the 24 complete DAGs).
 */
export function standardised(data: readonly (readonly number[])[]): number[][] {
  const n = data.length;
  const mean = data[0].map((_, i) => data.reduce((sum, row) => sum + row[i], 0) / n);
  const sd = mean.map((m, i) => Math.sqrt(data.reduce((sum, row) => sum + (row[i] - m) ** 2, 0) / n));
  return data.map((row) => row.map((v, i) => (v - mean[i]) / sd[i]));
}

/** log Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log det of a symmetric positive definite matrix, by Cholesky. */
function logDet(m: number[][]): number {
  const n = m.length;
  const l = Array.from({ length: n }, () => Array<number>(n).fill(0));
  let result = 0;
  for (let j = 0; j < n; j++) {
    let diagonal = m[j][j];
    for (let k = 0; k < j; k++) diagonal -= l[j][k] ** 2;
    l[j][j] = Math.sqrt(diagonal);
    result += 2 * Math.log(l[j][j]);
    for (let i = j + 1; i < n; i++) {
      let v = m[i][j];
      for (let k = 0; k < j; k++) v -= l[i][k] * l[j][k];
      l[i][j] = v / l[j][j];
    }
  }
  return result;
}

const bitsOf = (mask: number, d: number) => Array.from({ length: d }, (_, i) => i).filter((i) => mask & (1 << i));

/**
 * The BGe local score of variable j with the parent set `parents` (a bit mask), as DAG-GFlowNet and torchgfn compute
 * it: prior mean 0, alpha_mu = 1, alpha_w = d + 2. The score of a DAG is the sum of its variables' local scores.
 */
export function bgeLocalScorer(data: readonly (readonly number[])[]): (j: number, parents: number) => number {
  const n = data.length;
  const d = data[0].length;
  const alphaMu = 1;
  const alphaW = d + 2;
  const t = (alphaMu * (alphaW - d - 1)) / (alphaMu + 1);
  const mean = Array.from({ length: d }, (_, i) => data.reduce((sum, row) => sum + row[i], 0) / n);
  // R = t I + the scatter matrix of the centred data + n alpha_mu / (n + alpha_mu) mean mean^T (the prior mean is 0).
  const r = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => (a === b ? t : 0) + data.reduce((sum, row) => sum + (row[a] - mean[a]) * (row[b] - mean[b]), 0) + ((n * alphaMu) / (n + alphaMu)) * mean[a] * mean[b]),
  );
  const sub = (vars: number[]) => vars.map((a) => vars.map((b) => r[a][b]));
  const logGammaTerm = (k: number) =>
    0.5 * (Math.log(alphaMu) - Math.log(n + alphaMu)) + logGamma(0.5 * (n + alphaW - d + k + 1)) - logGamma(0.5 * (alphaW - d + k + 1)) - 0.5 * n * Math.log(Math.PI) + 0.5 * (alphaW - d + 2 * k + 1) * Math.log(t);
  const cache = new Map<number, number>();
  return (j, parents) => {
    const id = j * 2 ** d + parents;
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const pa = bitsOf(parents, d);
    const k = pa.length;
    const m = n + alphaW - d + k;
    const term = k === 0 ? -0.5 * (n + alphaW - d + 1) * Math.log(r[j][j]) : 0.5 * m * logDet(sub(pa)) - 0.5 * (m + 1) * logDet(sub([j, ...pa]));
    const score = logGammaTerm(k) + term;
    cache.set(id, score);
    return score;
  };
}

/** Whether g has a directed path from `from` to `to` (then the edge to -> from would close a cycle). */
function hasPath(g: Dag, from: number, to: number): boolean {
  const stack = [from];
  const seen = new Set(stack);
  while (stack.length > 0) {
    const v = stack.pop() as number;
    if (v === to) return true;
    g.forEach((parents, child) => {
      if (parents & (1 << v) && !seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    });
  }
  return false;
}

export function structureLearning(options: StructureLearningOptions) {
  const d = options.variables;
  const names = Array.from({ length: d }, (_, i) => String.fromCharCode(65 + i));
  const local = bgeLocalScorer(standardised(linearGaussianData(options).data));
  // log R(G) = the BGe score, log P(D | G) up to a constant: a log-likelihood of the data, from about -590 (the empty
  // graph) to -424 (the best DAGs) here, falling about linearly with the number of samples. It is given as logReward:
  // e^-424 is still a double, but a few hundred samples more and every exp(score) is 0.
  const logReward = (g: Dag) => g.reduce((sum, parents, j) => sum + local(j, parents), 0);
  const pairs = names.flatMap((_, i) => names.map((_, j) => [i, j] as const)).filter(([i, j]) => i !== j);
  const label = ([i, j]: readonly [number, number]) => `${names[i]}->${names[j]}`;
  const pairOf = new Map(pairs.map((e) => [label(e), e]));
  return defineEnvironment({
    name: `DAGs over ${d} variables, BGe score of ${options.samples} samples`,
    initial: Array<number>(d).fill(0),
    actionSpace: pairs.map(label),
    // i -> j, when absent and when no path j ~> i would make it close a cycle.
    actions: (g) => pairs.filter(([i, j]) => !(g[j] & (1 << i)) && !hasPath(g, j, i)).map(label),
    step: (g, action) => {
      const [i, j] = pairOf.get(action) as readonly [number, number];
      return g.map((parents, v) => (v === j ? parents | (1 << i) : parents));
    },
    canStop: () => true,
    logReward,
    key: (g) => g.join(','),
    // The adjacency matrix, row by row.
    encode: (g) => pairs.map(([i, j]) => (g[j] & (1 << i) ? 1 : 0)),
    render: (g) => pairs.filter(([i, j]) => g[j] & (1 << i)).map(label).join(' ') || '(no edge)',
  });
}

// The 543 DAGs over 4 variables, every one a terminal object.
export default structureLearning({ variables: 4, samples: 100 });
