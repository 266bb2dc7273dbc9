import { describe, expect, it } from 'vitest';
import { MISSING, NOT_AVAILABLE, formatFromLog, formatKiB, formatNamedFromLog, formatNumber, formatPercent, formatReward } from '../../../shared/format';

describe('shared/format: numbers as the panel and the report write them', () => {
  it('numbers: 4 significant digits, exponent form for tiny and huge magnitudes, the missing glyph for no value', () => {
    expect(formatNumber(Math.log(12))).toBe('2.485');
    expect(formatNumber(0.075)).toBe('0.075');
    expect(formatNumber(1200)).toBe('1200');
    expect(formatNumber(99999)).toBe('100000');
    expect(formatNumber(123456)).toBe('1.23e+5');
    expect(formatNumber(5.2214e-4)).toBe('5.22e-4');
    expect(formatNumber(-0.5)).toBe('-0.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(null)).toBe(MISSING);
    expect(formatNumber(undefined)).toBe(MISSING);
    expect(MISSING).toBe('–');
  });

  it('the CLI: the same numbers by magnitude, its own word for a missing value, a diverged loss still NaN', () => {
    expect(formatNumber(2.1914e-55, 4, NOT_AVAILABLE)).toBe('2.19e-55');
    expect(formatNumber(1234567, 4, NOT_AVAILABLE)).toBe('1.23e+6');
    expect(formatNumber(12.34, 3, NOT_AVAILABLE)).toBe('12.3');
    expect(formatNumber(null, 4, NOT_AVAILABLE)).toBe('n/a');
    expect(formatNumber(undefined, 4, NOT_AVAILABLE)).toBe('n/a');
    expect(formatNumber(Number.NaN, 4, NOT_AVAILABLE)).toBe('NaN');
    expect(formatReward({}, NOT_AVAILABLE)).toBe('n/a');
    expect(formatReward({ logReward: -126.3 }, NOT_AVAILABLE)).toBe('1.41e-55');
  });

  it('chart ticks: 3 significant digits, exponent form from 1e4 and under 1e-2', () => {
    expect(formatNumber(2.4849, 3)).toBe('2.48');
    expect(formatNumber(9999, 3)).toBe('10000');
    expect(formatNumber(12345, 3)).toBe('1.2e+4');
    expect(formatNumber(0.0123, 3)).toBe('0.0123');
    expect(formatNumber(0.005, 3)).toBe('5.0e-3');
    expect(formatNumber(0, 3)).toBe('0');
  });

  it('quantities known by their log (Z, R(x)): the number while a double holds it (within e^+-700), else the log, never 0 or Infinity', () => {
    expect(formatFromLog(Math.log(12))).toBe('12');
    expect(formatFromLog(-50)).toBe('1.93e-22');
    expect(formatFromLog(800.6931)).toBe('e^800.7');
    // Structure learning: R about e^-126 per object, Z = 2.19e-55, by magnitude (0.000 before).
    expect(formatFromLog(-126.3)).toBe('1.41e-55');
    expect(formatFromLog(Math.log(2.1914e-55))).toBe('2.19e-55');
    expect(formatFromLog(-421.2)).toBe('1.19e-183');
    expect(formatFromLog(-800)).toBe('e^-800');
    expect(formatFromLog(-Infinity)).toBe('0');
    expect(formatFromLog(Number.NaN)).toBe(MISSING);
    expect(formatFromLog(null)).toBe(MISSING);
    // The CodeLens: Z by its size.
    expect(formatNamedFromLog('Z', Math.log(12))).toBe('Z = 12');
    expect(formatNamedFromLog('Z', Math.log(1234567))).toBe('Z = 1.23e+6');
    expect(formatNamedFromLog('Z', Math.log(2.1914e-55))).toBe('Z = 2.19e-55');
    expect(formatNamedFromLog('Z', -800.2)).toBe('log Z = -800.2');
    expect(formatNamedFromLog('Z', 800.69)).toBe('log Z = 800.7');
    // R(x) as the protocol carries it: log R when known (e^800 has no double), else R of runs stored before it.
    expect(formatReward({ reward: 2, logReward: Math.log(2) })).toBe('2');
    expect(formatReward({ logReward: 800 })).toBe('e^800');
    expect(formatReward({ reward: 0 })).toBe('0');
    expect(formatReward({ reward: 3 })).toBe('3');
    expect(formatReward(undefined)).toBe(MISSING);
  });

  it('probabilities as percentages, never a positive value shown as 0', () => {
    expect(formatPercent(1 / 6)).toBe('16.7%');
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(1e-7)).toBe('<0.01%');
    expect(formatPercent(Number.NaN)).toBe(MISSING);
  });

  it('sizes in whole KiB', () => {
    expect(formatKiB(0)).toBe('0 KiB');
    expect(formatKiB(1536)).toBe('2 KiB');
    expect(formatKiB(412 * 1024 + 100)).toBe('412 KiB');
  });
});
