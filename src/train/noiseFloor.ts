/**
 * The noise floor of a sampled TV: what a perfect sampler shows. n independent draws from the target p itself give
 * an empirical distribution c / n whose TV to p is not 0 but, on average,
 *   E[TV] = 1/2 sum_x E|c_x / n - p_x|,   c_x ~ Binomial(n, p_x),
 * so a sampled TV near this figure says the sampler cannot be told from a perfect one with n samples. Each term is the
 * binomial's mean absolute deviation in closed form (de Moivre; Diaconis & Zabell, "Closed Form Summation for
 * Classical Distributions", Statistical Science 1991, eq. 1.1):
 *   E|c - n p| = 2 m C(n, m) p^m (1 - p)^(n - m + 1),   m = floor(n p) + 1,
 * evaluated in log space (lgamma), so it is exact for any n and p. Its spread (the TVs of perfect samplers are not
 * all equal) needs the joint law of the counts, so it is measured by simulating perfect samplers.
 */
import { Rng } from '../../shared/rng';

/** E[TV] and the standard deviation of the TV between p and the empirical distribution of n draws from p. */
export interface NoiseFloor {
  mean: number;
  sd: number;
}

// Lanczos approximation (g = 7, 9 terms; Numerical Recipes 3rd ed., 6.1): relative error below 1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Gamma(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** E|c - n p| for c ~ Binomial(n, p) (de Moivre's closed form above). */
export function binomialMeanAbsoluteDeviation(n: number, p: number): number {
  if (p <= 0 || p >= 1 || n <= 0) return 0;
  const m = Math.floor(n * p) + 1;
  if (m > n) return 0;
  const logChoose = logGamma(n + 1) - logGamma(m + 1) - logGamma(n - m + 1);
  return 2 * m * Math.exp(logChoose + m * Math.log(p) + (n - m + 1) * Math.log1p(-p));
}

/** E[TV(p, c / n)] with c ~ Multinomial(n, p): the mean of the noise floor, exact. */
export function expectedEmpiricalTv(p: ArrayLike<number>, n: number): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += binomialMeanAbsoluteDeviation(n, p[i]);
  return sum / (2 * n);
}

/**
 * The TVs of `replicates` simulated perfect samplers, n draws each from p (Walker's alias method: O(1) per draw), with
 * a seeded generator, so the same p and n give the same figures.
 */
export function simulatedEmpiricalTvs(p: ArrayLike<number>, n: number, replicates: number, seed = 1): Float64Array {
  const k = p.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += p[i];
  // Walker's alias table (Vose's construction).
  const prob = new Float64Array(k);
  const alias = new Int32Array(k);
  const scaled = Float64Array.from(p, (v) => (v * k) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((v, i) => (v < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large[large.length - 1];
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] -= 1 - scaled[s];
    if (scaled[l] < 1) small.push(large.pop()!);
  }
  for (const i of [...small, ...large]) prob[i] = 1;
  const rng = new Rng(seed);
  const counts = new Int32Array(k);
  const drawn = new Int32Array(Math.min(n, k));
  const tvs = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    // Only the drawn objects are visited (O(n) per sampler, not O(k)): the others add their mass p_x to 2 TV.
    let distinct = 0;
    for (let d = 0; d < n; d++) {
      const u = rng.int(k);
      const i = rng.next() < prob[u] ? u : alias[u];
      if (counts[i]++ === 0) drawn[distinct++] = i;
    }
    let tv = 0;
    let drawnMass = 0;
    for (let j = 0; j < distinct; j++) {
      const i = drawn[j];
      tv += Math.abs(counts[i] / n - p[i] / total);
      drawnMass += p[i] / total;
      counts[i] = 0;
    }
    tvs[r] = (tv + Math.max(0, 1 - drawnMass)) / 2;
  }
  return tvs;
}

/** Perfect samplers simulated for the spread of the noise floor: its sd is known to about 1 / sqrt(2 * 200) = 5%. */
const SPREAD_REPLICATES = 200;

/** The noise floor of a sampled TV on n samples against the target p: the exact mean, the simulated sd. */
export function noiseFloor(p: ArrayLike<number>, n: number): NoiseFloor {
  const tvs = simulatedEmpiricalTvs(p, n, SPREAD_REPLICATES);
  const mean = tvs.reduce((a, b) => a + b, 0) / tvs.length;
  const variance = tvs.reduce((a, b) => a + (b - mean) ** 2, 0) / (tvs.length - 1);
  return { mean: expectedEmpiricalTv(p, n), sd: Math.sqrt(variance) };
}
