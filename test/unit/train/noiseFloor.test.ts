/**
 * The noise floor of a sampled TV (src/train/noiseFloor.ts): de Moivre's mean absolute deviation against the sum
 * over the binomial pmf, and the exact E[TV] of a perfect sampler against perfect samplers simulated here (inverse
 * CDF draws, not the module's alias table), on the Ising 3x3 target (512 objects).
 */
import { describe, expect, it } from 'vitest';
import { binomialMeanAbsoluteDeviation, expectedEmpiricalTv, logGamma, noiseFloor } from '../../../src/train/noiseFloor';
import { Rng } from '../../../shared/rng';
import { isingTarget } from './isingTruth';

/** E|c - n p| summed over the pmf of Binomial(n, p), log C(n, k) by the running sum of log((n - k) / (k + 1)). */
function madBySum(n: number, p: number): number {
  let logChoose = 0;
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    sum += Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log(1 - p)) * Math.abs(k - n * p);
    logChoose += Math.log((n - k) / (k + 1));
  }
  return sum;
}

/** TVs of `replicates` perfect samplers of n draws from p, by inverse-CDF draws. */
function simulate(p: Float64Array, n: number, replicates: number, seed: number): number[] {
  const cdf = new Float64Array(p.length);
  p.reduce((acc, v, i) => (cdf[i] = acc + v), 0);
  const rng = new Rng(seed);
  const counts = new Float64Array(p.length);
  const tvs: number[] = [];
  for (let r = 0; r < replicates; r++) {
    counts.fill(0);
    for (let d = 0; d < n; d++) {
      const u = rng.next() * cdf[cdf.length - 1];
      let lo = 0;
      let hi = cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      counts[lo]++;
    }
    let tv = 0;
    for (let i = 0; i < p.length; i++) tv += Math.abs(counts[i] / n - p[i]);
    tvs.push(tv / 2);
  }
  return tvs;
}

const meanSd = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) };
};

describe('the noise floor of a sampled TV', () => {
  it('log Gamma: factorials and Gamma(1/2)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(100_001)).toBeCloseTo(1051299.2218991218, 4);
  });

  it("de Moivre's closed form equals the sum over the binomial pmf", () => {
    for (const [n, p] of [[1, 0.5], [2, 0.5], [10, 0.3], [200, 0.013], [2000, 0.2847], [20_000, 1e-4], [5000, 0.999]]) {
      expect(binomialMeanAbsoluteDeviation(n, p), `n ${n}, p ${p}`).toBeCloseTo(madBySum(n, p), 9);
    }
    expect(binomialMeanAbsoluteDeviation(100, 0)).toBe(0);
    expect(binomialMeanAbsoluteDeviation(100, 1)).toBe(0);
  });

  it('E[TV] of a perfect sampler equals 2,000 simulated perfect samplers within 3 standard errors; the sd within 10%', () => {
    const p = isingTarget();
    const n = 2000;
    const exact = expectedEmpiricalTv(p, n);
    const simulated = meanSd(simulate(p, n, 2000, 7));
    const standardError = simulated.sd / Math.sqrt(2000);
    expect(Math.abs(exact - simulated.mean)).toBeLessThan(3 * standardError);
    // Not the 1 / sqrt(n) rule of thumb of a few objects: about 0.096 for 512 objects and 2,000 samples.
    expect(exact).toBeGreaterThan(0.09);
    expect(exact).toBeLessThan(0.1);
    const floor = noiseFloor(p, n);
    expect(floor.mean).toBe(exact);
    expect(Math.abs(floor.sd - simulated.sd) / simulated.sd).toBeLessThan(0.1);
  });

  it('a one-object target has no noise, an even split of two about 1/sqrt(2 pi n)', () => {
    expect(expectedEmpiricalTv([1], 1000)).toBe(0);
    expect(expectedEmpiricalTv([0.5, 0.5], 10_000)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI * 10_000), 5);
  });
});
