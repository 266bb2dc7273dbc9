/**
 * The implementation of each objective of the registry (shared/objectives.ts), for the trainer. Apart from the
 * registry because these import TensorFlow.js and the extension reads the registry; the `satisfies` makes a registry
 * entry without its loss here (or a loss without its entry) a compile error.
 */
import type { ObjectiveName } from '../../../shared/objectives';
import type { Objective } from './terms';
import type { DirectObjective } from './direct';
import { detailedBalance } from './detailedBalance';
import { forwardKl, renyi, reverseKl, tsallis } from './divergences';
import { flowMatching } from './flowMatching';
import { logPartitionVariance } from './logPartitionVariance';
import { subTrajectoryBalance } from './subTrajectoryBalance';
import { trajectoryBalance, trajectoryBalanceGradient } from './trajectoryBalance';

export const LOSSES = {
  fm: flowMatching,
  db: detailedBalance,
  tb: trajectoryBalance,
  subtb: subTrajectoryBalance,
  zvar: logPartitionVariance,
  kl: reverseKl,
  'forward-kl': forwardKl,
  renyi,
  tsallis,
} satisfies Record<ObjectiveName, Objective>;

/** The objectives whose gradient is also written out in JS (direct.ts): training uses it, the tfjs form is its oracle. */
export const DIRECT_GRADIENTS: Partial<Record<ObjectiveName, DirectObjective>> = {
  tb: trajectoryBalanceGradient,
};
