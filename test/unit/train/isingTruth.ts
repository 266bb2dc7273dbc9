/**
 * The Ising 3x3 example (examples/ising.gfn.ts: coupling 0.2, periodic boundaries) by brute force over its 512 spin
 * configurations, written independently of the example: E(x) = -2 J sum over the 18 bonds of x_i x_j, R = e^-E.
 */
const SIDE = 3;
const COUPLING = 0.2;

/** The 18 bonds of the 3x3 torus, each pair once. */
function bonds(): [number, number][] {
  const out: [number, number][] = [];
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      out.push([r * SIDE + c, r * SIDE + ((c + 1) % SIDE)]);
      out.push([r * SIDE + c, ((r + 1) % SIDE) * SIDE + c]);
    }
  }
  return out;
}

/** The configurations as the example keys them ('+' / '-' per site), with log R. */
export function isingObjects(): { key: string; logReward: number }[] {
  const b = bonds();
  return Array.from({ length: 512 }, (_, m) => {
    const x = Array.from({ length: 9 }, (_, i) => ((m >> i) & 1 ? 1 : -1));
    const aligned = b.reduce((s, [i, j]) => s + x[i] * x[j], 0);
    return { key: x.map((v) => (v > 0 ? '+' : '-')).join(''), logReward: 2 * COUPLING * aligned };
  });
}

/** R / Z per configuration, in the order of isingObjects. */
export function isingTarget(): Float64Array {
  const objects = isingObjects();
  const z = objects.reduce((s, o) => s + Math.exp(o.logReward), 0);
  return Float64Array.from(objects, (o) => Math.exp(o.logReward) / z);
}

/** The levels of equal reward, largest first: how many configurations and their target mass. */
export function isingLevels(): { logReward: number; count: number; target: number }[] {
  const objects = isingObjects();
  const p = isingTarget();
  const levels = new Map<number, { logReward: number; count: number; target: number }>();
  objects.forEach((o, i) => {
    const key = Math.round(o.logReward * 1e9);
    const level = levels.get(key) ?? { logReward: o.logReward, count: 0, target: 0 };
    level.count++;
    level.target += p[i];
    levels.set(key, level);
  });
  return [...levels.values()].sort((a, b) => b.logReward - a.logReward);
}
