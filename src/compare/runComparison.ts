/**
 * Trains every objective x seed on one environment, each run a sandbox `train` job (src/sandbox/host.ts) in its own
 * child process writing its own run directory, as many at once as `concurrency`. The comparison (their curves,
 * summaries and statuses) is reported through onUpdate and written to DIR/comparison.json after each run ends, so
 * a comparison that is cancelled or killed leaves a readable file.
 */
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { makeDirectory, StoreError } from '../run/atomicFile';
import { openRunDirectory, type Lock } from '../run/runStore';
import { runSandboxJob } from '../sandbox/host';
import type { OptionNamer } from '../../shared/optionRefs';
import type { Comparison, ComparisonRun } from '../../shared/comparison';
import type { FromSandbox } from '../../shared/protocol';
import type { ObjectiveName } from '../../shared/objectives';
import type { TrainConfig } from '../../shared/trainConfig';
import type { TrainProgress } from '../../shared/trainProgress';
import { objective } from '../../shared/objectives';
import { defaultTemperature } from '../train/config';
import { comparisonPath, runDirName, writeComparison } from './comparisonFile';
import { existsSync } from 'node:fs';

export interface ComparisonOptions {
  /** The .gfn.ts environment (it is executed, in sandbox processes). */
  file: string;
  losses: ObjectiveName[];
  seeds: number[];
  /** The settings of every run; loss and seed are set per run. */
  config: TrainConfig;
  /**
   * The user did not choose epsilon: each objective explores with its own default (shared/objectives.ts), as
   * `gfn train --loss X` would, instead of the base config's.
   */
  epsilonPerObjective?: boolean;
  /** The same for the sampling temperature. */
  temperaturePerObjective?: boolean;
  /** DIR: comparison.json and one run directory per run, `<loss>-seed<seed>/`. */
  outDir: string;
  /** Replace an earlier comparison in outDir (refused with ComparisonExistsError otherwise). */
  overwrite?: boolean;
  /** Runs at once; default os.availableParallelism(), capped by the number of runs. */
  concurrency?: number;
  maxStates?: number;
  /** The sandbox's limits of every run (src/sandbox/limits.ts; their defaults when unset). */
  callTimeLimitMs?: number;
  memoryLimitMb?: number;
  /** How the caller names an option in the runs' error messages (src/sandbox/host.ts SandboxOptions.nameOption). */
  nameOption?: OptionNamer;
  /** After every change (a progress point, a run starting or ending). The same object each time, updated in place. */
  onUpdate?: (comparison: Comparison) => void;
  /** When one run has ended (done, cancelled or failed). */
  onRunEnd?: (run: ComparisonRun, comparison: Comparison) => void;
  /** Stops every running job (they save what they have) and starts no more: those runs end `cancelled`. */
  signal?: AbortSignal;
}

/** outDir holds a comparison and overwrite was not asked for. */
export class ComparisonExistsError extends StoreError {}

/** The configuration of one run of the comparison. */
export function runConfig(options: Pick<ComparisonOptions, 'config' | 'epsilonPerObjective' | 'temperaturePerObjective'>, loss: ObjectiveName, seed: number): TrainConfig {
  const epsilon = options.epsilonPerObjective ? objective(loss).defaultEpsilon : options.config.epsilon;
  const temperature = options.temperaturePerObjective ? defaultTemperature(loss, options.config.beta) : options.config.temperature;
  return { ...options.config, loss, seed, epsilon, temperature };
}

/** The CurvePoint of a progress message: what comparison.json keeps of it. */
export function curvePoint(p: TrainProgress): ComparisonRun['curve'][number] {
  return { iteration: p.iteration, trajectories: p.trajectories, seconds: p.seconds, tv: p.tv, logZ: p.logZ, loss: p.loss, modesFound: p.modesFound, modes: p.modes ?? null };
}

/** The first line of an error, with the place in the user's file when the sandbox gave one. */
function oneLine(message: string, line?: number): string {
  const first = message.split('\n')[0].trim();
  return line !== undefined ? `line ${line}: ${first}` : first;
}

export async function runComparison(options: ComparisonOptions): Promise<Comparison> {
  const { outDir, signal } = options;
  if (options.losses.length === 0 || options.seeds.length === 0) throw new Error('runComparison needs at least one objective and one seed');
  makeDirectory(outDir);
  if (existsSync(comparisonPath(outDir)) && !options.overwrite) {
    throw new ComparisonExistsError(`${outDir} holds an earlier comparison (${basename(comparisonPath(outDir))})`, comparisonPath(outDir));
  }
  const file = resolve(options.file);
  const comparison: Comparison = {
    name: basename(file).replace(/\.gfn\.ts$|\.ts$/, ''),
    file,
    trueLogZ: null,
    config: options.config,
    runs: options.losses.flatMap((loss) =>
      options.seeds.map((seed): ComparisonRun => ({ loss, seed, dir: runDirName(loss, seed), summary: null, curve: [], status: 'queued' })),
    ),
  };
  const update = () => options.onUpdate?.(comparison);
  writeComparison(outDir, comparison);

  const trainOne = async (run: ComparisonRun): Promise<void> => {
    const dir = join(outDir, run.dir);
    let lock: Lock;
    try {
      lock = openRunDirectory(dir, { overwrite: options.overwrite });
    } catch (error) {
      run.status = 'failed';
      run.error = oneLine(error instanceof Error ? error.message : String(error));
      return;
    }
    run.status = 'running';
    update();
    let failure: string | null = null;
    const onMessage = (m: FromSandbox) => {
      if (m.type === 'graph') {
        comparison.name = m.graph.name;
        comparison.trueLogZ ??= m.graph.logZ;
      } else if (m.type === 'progress') {
        run.curve.push(curvePoint(m.progress));
        update();
      } else if (m.type === 'done') {
        run.summary = m.summary;
        comparison.trueLogZ ??= m.summary.trueLogZ;
        run.status = m.cancelled ? 'cancelled' : 'done';
      } else if (m.type === 'error') {
        // The diagnostic says what the user's code did, where; the message wraps it in a sentence about the file.
        const at = m.diagnostics?.find((d) => d.severity === 'error');
        failure = at ? oneLine(`${at.code}: ${at.message}`, at.line) : oneLine(m.message);
      }
    };
    try {
      await runSandboxJob({ type: 'train', file, config: runConfig(options, run.loss, run.seed), maxStates: options.maxStates, outDir: dir }, { onMessage, signal, nameOption: options.nameOption, callTimeLimitMs: options.callTimeLimitMs, memoryLimitMb: options.memoryLimitMb });
    } catch (error) {
      failure = oneLine(error instanceof Error ? error.message : String(error));
    } finally {
      lock.release();
    }
    if (failure !== null) {
      // A job that was asked to stop and had to be killed is cancelled, not broken.
      run.status = signal?.aborted ? 'cancelled' : 'failed';
      run.error = failure;
    } else if (run.status === 'running') {
      run.status = 'failed';
      run.error = 'the training worker ended without a result';
    }
  };

  const queue = [...comparison.runs];
  const ended = (run: ComparisonRun) => {
    writeComparison(outDir, comparison);
    update();
    options.onRunEnd?.(run, comparison);
  };
  const worker = async () => {
    for (let run = queue.shift(); run; run = queue.shift()) {
      if (signal?.aborted) {
        run.status = 'cancelled';
        ended(run);
        continue;
      }
      await trainOne(run);
      ended(run);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), comparison.runs.length));
  // Every run's end wrote comparison.json, the last one included: the file is final here.
  await Promise.all(Array.from({ length: concurrency }, worker));
  return comparison;
}
