/**
 * Defaults that depend on the objective. Pure data: the CLI and the extension's settings both read it.
 */
import type { ObjectiveName } from '../../shared/protocol';

/**
 * Epsilon-uniform exploration when the user does not set it. Detailed balance, sub-trajectory balance and flow
 * matching constrain only the transitions a batch visits: trained on-policy they can settle on a few objects with a
 * zero loss (measured on smiley, 1,000 iterations of batch 16, seed 1: exact TV 0.83 (db), 0.66 (subtb), 0.50 (fm) at
 * epsilon 0; 0.57, 0.10, 0.008 at 0.1, and db reaches 0.004 by 3,000 iterations). Exploration is off-policy data, which
 * these objectives and TB / ZVar accept; TB and ZVar learn Z globally and need none by default. The divergences are
 * on-policy estimators and must sample from the policy itself: 0.
 */
export function defaultEpsilon(loss: ObjectiveName): number {
  return loss === 'db' || loss === 'subtb' || loss === 'fm' ? 0.1 : 0;
}
