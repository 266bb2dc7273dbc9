/**
 * How numbers are written for people, in the flow graph panel (side bar, tooltip, node labels, chart ticks and bars),
 * the standalone report (`gfn report`), the CLI's lines and tables and VS Code's status bar, notifications and logs: one formatter of numbers, one of probabilities, one glyph for a value
 * that is missing. Pure code: no DOM, no Node.
 */

/** Written where a value is missing: not computed yet (no training), or not defined (an incomplete DAG's log Z). */
export const MISSING = '–';

/**
 * Written for a missing value in plain-text output (the CLI's lines and tables), where `-` already means "never
 * reached" and the output is read as ASCII in logs and CI.
 */
export const NOT_AVAILABLE = 'n/a';

/**
 * A number with `significant` digits (4 unless told; chart ticks use 3), trailing zeros dropped: 2.485, 0.075, 1200.
 * Magnitudes from 10^(significant+1) up or under 10^-(significant-1) take the exponent form (5.22e-4, 1.2e+5), so
 * the text stays short; 0 is '0', infinities and NaN are spelled out (a loss that diverged reads NaN, not as
 * missing). Null and undefined are `missing`: MISSING in the panel, the report and VS Code, NOT_AVAILABLE in the CLI.
 */
export function formatNumber(x: number | undefined | null, significant = 4, missing: string = MISSING): string {
  if (x === undefined || x === null) return missing;
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 10 ** (significant + 1) || a < 10 ** -(significant - 1)) return x.toExponential(significant - 2);
  return String(Number(x.toPrecision(significant)));
}

/**
 * Beyond e^+-LOG_FORM_BEYOND a positive quantity the engine knows by its log (Z, R(x)) is written as its log: a
 * double ends at about e^+-709 (e^800 is Infinity, e^-800 is 0), so the number itself cannot be written. Within it
 * the number is written by its magnitude (structure learning's Z = 2.19e-55, not 0 or e^-125.8).
 */
export const LOG_FORM_BEYOND = 700;

/**
 * A positive quantity from its log: the number (formatNumber) while it lies within e^+-LOG_FORM_BEYOND, else
 * `e^` and its log: 12, 1.9e-22, 1.41e-55, e^800.7, e^-800. log = -Infinity is 0; null, undefined and NaN are missing.
 */
export function formatFromLog(log: number | undefined | null): string {
  if (log === undefined || log === null || Number.isNaN(log)) return MISSING;
  if (log === -Infinity) return '0';
  return Math.abs(log) > LOG_FORM_BEYOND ? `e^${formatNumber(log)}` : formatNumber(Math.exp(log));
}

/** `Z = 12`, `Z = 2.19e-55`, or beyond e^+-LOG_FORM_BEYOND `log Z = 800.7`: a named quantity from its log, by its magnitude. */
export function formatNamedFromLog(name: string, log: number): string {
  return Math.abs(log) > LOG_FORM_BEYOND && log > -Infinity ? `log ${name} = ${formatNumber(log)}` : `${name} = ${formatFromLog(log)}`;
}

/**
 * R(x) as the protocol carries it (GraphNode, SampledObject): `reward` while a double holds it, `logReward` always
 * for a positive reward. Written with formatFromLog when the log is known, so that e^800 is not Infinity; with
 * neither, `missing`.
 */
export function formatReward(r: { reward?: number; logReward?: number } | undefined, missing: string = MISSING): string {
  if (r?.logReward !== undefined) return formatFromLog(r.logReward);
  return formatNumber(r?.reward, 4, missing);
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
