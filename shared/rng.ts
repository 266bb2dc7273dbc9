/**
 * A small seedable generator (mulberry32), so that the same seed gives the same weights and the same trajectories.
 * Math.random cannot be seeded; tfjs initialisers draw from their own global state. Both are avoided here.
 */
/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): draws uniform in [0, 1), the same ones for the same seed, which is
 * used as given (its low 32 bits). The authoring API hands it to users as `rng(seed)` (src/authoring/api.ts).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly draw: () => number;

  constructor(seed: number) {
    // Mix the seed so that nearby seeds start far apart (splitmix-style scramble).
    let s = (seed ^ 0x9e3779b9) >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
    this.draw = mulberry32((s ^ (s >>> 16)) >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.draw();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [-limit, limit). */
  symmetric(limit: number): number {
    return (2 * this.next() - 1) * limit;
  }
}
