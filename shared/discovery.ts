/**
 * What training discovered (shared/trainProgress.ts DiscoveryFigures), in words: the CLI's progress and final lines, the
 * runs view's tooltip and the panel say it the same way. Pure code: no DOM, no Node.
 */
import { formatFromLog, MISSING } from './format';
import type { DiscoveryFigures } from './trainProgress';

/** `3 of 16`, `3` when the number of modes is unknown, MISSING when the run has no rule for modes. */
export function modesText(f: DiscoveryFigures): string {
  if (f.modesFound === null) return MISSING;
  return f.modes === null || f.modes === undefined ? String(f.modesFound) : `${f.modesFound} of ${f.modes}`;
}

/** What a mode is for this run, for a legend or a tooltip. */
export function modeRuleText(f: DiscoveryFigures): string {
  switch (f.modeRule) {
    case 'isMode': return 'the environment\'s isMode';
    case 'near-max': return 'at least 0.9 of the largest reward (declare isMode to choose)';
    default: return f.modesFound === null ? 'none: declare isMode (the largest reward of a DAG this large is unknown)' : 'at least 0.9 of the largest reward';
  }
}

/** `modes 3 of 16  distinct 1204  top-10 R 0.95  top-100 R 0.31`: the parts a run has (older runs have fewer). */
export function discoveryLine(f: DiscoveryFigures): string {
  const parts = [`modes ${modesText(f)}`];
  if (f.distinctSampled !== undefined) parts.push(`distinct ${f.distinctSampled}`);
  if (f.logMeanRewardTop) parts.push(`top-10 R ${formatFromLog(f.logMeanRewardTop[10])}`, `top-100 R ${formatFromLog(f.logMeanRewardTop[100])}`);
  return parts.join('  ');
}
