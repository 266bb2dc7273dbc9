/**
 * The configuration of a training run as it travels (a train job, summary.json, comparison.json): every option of
 * src/train/config.ts TRAIN_OPTIONS resolved. The objectives are declared in the registry, shared/objectives.ts.
 */
import type { ObjectiveName } from './objectives';

/** 'native' and 'cuda': the policy network on onnxruntime (src/train/compute.ts); the others: TensorFlow.js backends. */
export type BackendName = 'native' | 'cuda' | 'wasm' | 'cpu' | 'node';

export interface TrainConfig {
  loss: ObjectiveName;
  iterations: number;
  batchSize: number;
  learningRate: number;
  /** The policy's learning rate at Adam step t is learningRate / sqrt(1 + t / learningRateDecay); 0: constant. */
  learningRateDecay: number;
  learningRateLogZ: number;
  hidden: number;
  layers: number;
  backward: 'uniform' | 'learned';
  /**
   * The forward policy's stop logit where a state may stop: 'reward' adds the state's training log-reward (beta log R)
   * to the network's output, 'free' is the output alone (src/train/heads.ts; flow matching's stop logit is log R itself).
   */
  stopLogit: 'reward' | 'free';
  /** Decay of the exponential moving average of the policy weights used for evaluation and sampling (src/train/average.ts); 0: the last iterate. */
  average: number;
  /** Probability of a uniformly random action at each step of a training trajectory. */
  epsilon: number;
  /** Logits are divided by this when sampling training trajectories. */
  temperature: number;
  seed: number;
  /** SubTB's lambda: weight lambda^(j-i) for the sub-trajectory from i to j. */
  lambda: number;
  /** alpha of the Renyi and Tsallis divergences. */
  alpha: number;
  /** Fraction of each batch replayed from a reward-prioritized buffer (0 disables replay). */
  replay: number;
  /**
   * The reward exponent: the run trains towards R(x)^beta / Z_beta (beta log R in log space), and its target, exact
   * TV, log Z and modes are those of R^beta. 1 for runs stored before it existed.
   */
  beta: number;
  backend?: BackendName;
  /** Terminal samples drawn from the trained policy at the end. */
  samples: number;
  /** Iterations between progress reports and flow snapshots. */
  reportEvery: number;
}
