/**
 * The options of a comparison that are not options of one run, declared once: `gfn compare --seeds` and the
 * setting gflownet.compare.seeds share default, range and help.
 */
import type { NumberSetting } from '../../shared/options';

/**
 * One range for both faces: at most 20. Each seed is a full training run of every compared objective (20 seeds x
 * the 9 objectives is 180 runs), and 20 seeds already measure the spread over seeds to about 16% (the relative
 * standard error of a standard deviation, 1 / sqrt(2 (n - 1))); the CLI's former 100 bought nothing but hours.
 * Default 2 for both (gfn compare had 1): one seed shows no spread, so it cannot tell a difference from luck.
 */
export const SEEDS_OPTION = {
  kind: 'number', key: 'seeds', flag: '--seeds', metavar: 'N', setting: 'compare.seeds', integer: true, minimum: 1, maximum: 20,
  default: 2,
  description: 'Seeds per objective, from the training seed up (seed, seed + 1, ...): the spread over seeds tells a real difference from luck.',
} as const satisfies NumberSetting<'seeds'>;
