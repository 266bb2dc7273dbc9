/**
 * How numbers are written for people, in the flow graph panel (side bar, tooltip, node labels, chart ticks and bars)
 * and in the standalone report (`gfn report`): one formatter of numbers, one of probabilities, one glyph for a value
 * that is missing. Pure code: no DOM, no Node.
 */

/** Written where a value is missing: not computed yet (no training), or not defined (an incomplete DAG's log Z). */
export const MISSING = '–';

/**
 * A number with `significant` digits (4 unless told; chart ticks use 3), trailing zeros dropped: 2.485, 0.075, 1200.
 * Magnitudes from 10^(significant+1) up or under 10^-(significant-1) take the exponent form (5.22e-4, 1.2e+5), so
 * the text stays short; 0 is '0', infinities and NaN are spelled out.
 */
export function formatNumber(x: number | undefined | null, significant = 4): string {
  if (x === undefined || x === null) return MISSING;
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 10 ** (significant + 1) || a < 10 ** -(significant - 1)) return x.toExponential(significant - 2);
  return String(Number(x.toPrecision(significant)));
}

/** A probability as a short percentage: 3 significant digits from 10%, 2 below, and never a positive value shown as 0. */
export function formatPercent(p: number | undefined | null): string {
  if (p === undefined || p === null || !Number.isFinite(p)) return MISSING;
  if (p === 0) return '0%';
  const pct = p * 100;
  if (pct < 0.01) return '<0.01%';
  return `${Number(pct.toPrecision(pct >= 10 ? 3 : 2))}%`;
}

/** A size in bytes as whole KiB: '412 KiB'. */
export function formatKiB(bytes: number): string {
  return `${Math.round(bytes / 1024)} KiB`;
}
