/**
 * `gfn train FILE [options]`: runs a training job in the sandbox process (the user's code lives there), prints
 * progress lines and a final summary: top terminal objects by target with their sampled frequency, TV, JSD and
 * log Z against the true log Z. Usage errors exit 2 (an --out DIR holding an earlier run is one: the fix is a flag),
 * training and file errors 1 (a DIR another run is writing among them). SIGINT and SIGTERM stop the run, which then
 * saves what it has (exit 130 and 143). The run directory's files and lock are src/run/runStore.ts's.
 */
import { existsSync, statSync } from 'node:fs';
import { checkpointPaths, findCheckpoint } from '../src/run/checkpointFiles';
import { openRunDirectory, RunExistsError, runPaths, StoreError, type Lock } from '../src/run/runStore';
import type { FromSandbox } from '../shared/protocol';
import type { TrainConfig } from '../shared/trainConfig';
import type { TrainSummary } from '../shared/trainSummary';
import { formatNamedFromLog, formatNumber, formatReward, NOT_AVAILABLE } from '../shared/format';
import { discoveryLine, modeRuleText } from '../shared/discovery';
import { runSandboxJob } from '../src/sandbox/host';
import { nodeBackendAvailable } from '../src/train/backend';
import { resolveTrainConfig, type TrainChoices } from '../src/train/config';
import { objectiveConflict } from '../shared/objectives';
import { parseCommandArgs, parseNumberFlag, UsageError, usageText, type FlagSpec } from './args';
import { stopOnSignals } from './signals';
import { diagnosisSection, newDiagnosisLines } from './diagnosisLines';
import { choose, flagOfOption, helpLine, INDENT, OPTION_OF_FLAG, settingFlag, TRAIN_FLAGS, trainOptionsHelp } from './trainOptions';
import { MAX_STATES_OPTION } from '../src/dag/explore';

export { DEFAULT_TRAIN_CONFIG } from '../src/train/config';
/** The usage errors of `gfn train` (cli/args.ts): exit 2. */
export { UsageError as TrainUsageError };

/** The flags of a run that are not training options. */
const RUN_FLAGS: Record<string, FlagSpec & { metavar?: string; help: string }> = {
  out: {
    type: 'string', needs: 'a directory', metavar: 'DIR',
    help: 'Write summary.json, metrics.jsonl, flows.json, graph.json, samples.jsonl, model/ (DIR/.lock while running: a second run into DIR is refused; a lock left by a killed run is taken over).',
  },
  overwrite: { type: 'boolean', help: 'Replace the earlier run in DIR (refused without it, unless --resume DIR continues it).' },
  resume: {
    type: 'string', needs: 'a run directory', metavar: 'RUN_DIR',
    help: 'Start from the policy saved by an earlier --out (with --iterations 0, the default then: only sample).',
  },
  'max-states': settingFlag(MAX_STATES_OPTION),
};

const FLAGS: Record<string, FlagSpec> = { ...TRAIN_FLAGS, ...RUN_FLAGS };

export const TRAIN_HELP = [
  'train FILE [options]',
  `${INDENT}Train a GFlowNet on a .gfn.ts environment and write a run directory. FILE IS EXECUTED (in a sandbox process).`,
  ...trainOptionsHelp(),
  ...Object.entries(RUN_FLAGS).map(([name, f]) => helpLine(`--${name}${f.metavar ? ` ${f.metavar}` : ''}`, f.help)),
].join('\n');

export interface TrainArgs {
  file: string;
  config: TrainConfig;
  outDir?: string;
  maxStates?: number;
  /** The checkpoint directory of --resume. */
  resumeFrom?: string;
  /** --overwrite: replace an earlier run in outDir. */
  overwrite: boolean;
}

export function parseTrainArgs(argv: string[]): TrainArgs | 'help' {
  const parsed = parseCommandArgs('train', argv, FLAGS);
  if (parsed.help) return 'help';
  const choices: TrainChoices = {};
  let outDir: string | undefined;
  let maxStates: number | undefined;
  let resume: string | undefined;
  let overwrite = false;
  for (const { name, flag, value } of parsed.options) {
    const option = OPTION_OF_FLAG.get(name);
    if (option) choose(choices, option, value!);
    else if (name === 'out') outDir = value;
    else if (name === 'overwrite') overwrite = true;
    else if (name === 'resume') resume = value;
    else if (name === 'max-states') maxStates = parseNumberFlag({ ...MAX_STATES_OPTION, flag }, value!);
  }
  const files = parsed.positionals;
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'train needs a FILE (a .gfn.ts)' : `train takes one FILE, got ${files.join(' ')}`);
  const file = files[0];
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
  if (choices.backend === 'node' && !nodeBackendAvailable()) {
    throw new UsageError('--backend node needs @tensorflow/tfjs-node, which is not installed here: use --backend wasm (default) or cpu');
  }
  const resumeFrom = resume === undefined ? undefined : checkpointDirectory(resume);
  if (choices.iterations === 0 && !resumeFrom) {
    throw new UsageError('--iterations must be a positive integer, got \'0\' (0 only with --resume, to sample a trained policy)');
  }
  if (choices.iterations === undefined && resumeFrom) choices.iterations = 0;
  const config = resolveTrainConfig(choices);
  if (config.samples > 0 && !outDir) throw new UsageError('--samples needs --out DIR (samples are written to DIR/samples.jsonl)');
  if (overwrite && !outDir) throw new UsageError('--overwrite needs --out DIR');
  const conflict = objectiveConflict(config);
  if (conflict) throw new UsageError(conflict);
  return { file, config, outDir, maxStates, resumeFrom, overwrite };
}

/**
 * --resume takes a run directory (of `gfn train --out`) or its model/ checkpoint directory. A path that does not
 * exist is a usage error; a run directory without a checkpoint (a run killed before its end saved none) is a
 * StoreError (exit 1), since the arguments were right.
 */
function checkpointDirectory(dir: string): string {
  const expected = checkpointPaths(runPaths(dir).model).model;
  if (!existsSync(dir)) throw new UsageError(`--resume: no checkpoint in ${dir} (expected ${expected} from gfn train --out)`);
  const found = findCheckpoint(dir);
  if (!found) throw new StoreError(`--resume: no checkpoint in ${dir} (${expected} is missing: a run saves it when it ends)`, expected);
  return found;
}

/** Numbers of the progress lines and the final report: the shared formatter, with the CLI's word for a missing value. */
const fmt = (v: number | null | undefined, significant = 4) => formatNumber(v, significant, NOT_AVAILABLE);

/** A table's column of rewards, R(x) from its log where a double does not hold it (shared/format.ts). */
const fmtReward = (r: { reward?: number; logReward?: number }) => formatReward(r, NOT_AVAILABLE);

/**
 * The final report: log Z against the truth, the exact TV, the final samples' TV beside its noise floor, then the
 * tables of summary.json (the objects of largest target, the levels of equal reward), which the training session
 * computed over every terminal object with the exact engine (src/train/objectTables.ts), not over the drawn graph.
 */
export function finalReport(summary: TrainSummary): string {
  const lines: string[] = [];
  lines.push(`done: ${summary.iterations} iterations, ${summary.trajectories} trajectories in ${fmt(summary.seconds, 3)} s (${fmt(summary.trajectoriesPerSecond)}/s), backend ${summary.backend}`);
  const trueZ = summary.trueLogZ;
  // With a reward exponent the run's Z is Z_beta = sum R^beta, its target R^beta / Z_beta (runs stored before beta: 1).
  const beta = summary.config.beta ?? 1;
  const powered = beta === 1 ? 'R(x)' : `R(x)^${beta}`;
  const z = trueZ === null ? '' : ` (${formatNamedFromLog('Z', trueZ)})`;
  lines.push(`log Z${beta === 1 ? '' : ` of R^${beta} (--beta ${beta})`}: learned ${fmt(summary.logZ)}${trueZ !== null ? `, true ${fmt(trueZ)}${z}` : ' (true value unknown: DAG not enumerable)'}`);
  lines.push(`exact TV ${fmt(summary.tv)}, JSD ${fmt(summary.jsd)} between the learned terminal distribution and ${powered}/Z`);
  const floor = summary.empiricalTvNoiseFloor;
  if (summary.empiricalTv !== null && floor && summary.samples) {
    lines.push(`sampled TV ${fmt(summary.empiricalTv)} on ${summary.samples} samples of the trained policy; a perfect sampler would show ` +
      `${formatNumber(floor.mean)} +- ${formatNumber(floor.sd)} (the noise floor: the TV of ${summary.samples} exact draws, mean +- sd)`);
  }
  lines.push(`discovered (training and final samples): ${discoveryLine(summary)}; modes: ${modeRuleText(summary)}`);
  if (summary.sampled) {
    // Incomplete DAGs: the explored graph holds few (or no) terminal objects, so report what training sampled.
    const width = Math.min(60, Math.max(6, ...summary.sampled.map((o) => o.key.length)));
    lines.push('states were expanded on demand (DAG too large to enumerate): metrics are sampled only');
    lines.push('most frequent objects in the recent training samples:');
    lines.push(`  ${'object'.padEnd(width)} ${'reward'.padStart(10)} ${'sampled'.padStart(8)}`);
    for (const o of summary.sampled) {
      const name = o.key.length > width ? `${o.key.slice(0, width - 3)}...` : o.key;
      lines.push(`  ${name.padEnd(width)} ${fmtReward(o).padStart(10)} ${fmt(o.frequency).padStart(8)}`);
    }
  }
  const source = summary.tableSamples === 'final' ? `${summary.samples} samples of the trained policy` : 'recent training samples';
  const rows = summary.topObjects ?? [];
  if (rows.length > 0) {
    const width = Math.min(60, Math.max(6, ...rows.map((r) => r.key.length)));
    const rewardWidth = Math.max(8, ...rows.map((r) => fmtReward(r).length));
    lines.push(`top terminal objects (sampled = frequency in ${source}):`);
    lines.push(`  ${'object'.padEnd(width)} ${'reward'.padStart(rewardWidth)} ${'target'.padStart(9)} ${'learned'.padStart(9)} ${'sampled'.padStart(9)}`);
    for (const r of rows) {
      const name = r.key.length > width ? `${r.key.slice(0, width - 3)}...` : r.key;
      lines.push(`  ${name.padEnd(width)} ${fmtReward(r).padStart(rewardWidth)} ${fmt(r.target).padStart(9)} ${fmt(r.learned).padStart(9)} ${fmt(r.sampled).padStart(9)}`);
    }
  }
  // Grouped by reward value (when there are few): for smiley, R = 2 are the smiling faces and R = 1 the frowning
  // ones, so this shows the 2:1 split; it is equally meaningful for any environment with few reward levels.
  const levels = summary.rewardLevels ?? [];
  if (levels.length > 1) {
    const objects = levels.reduce((n, l) => n + l.count, 0);
    lines.push(`by reward level (all ${objects} objects with a valid reward, exact; sampled = frequency in ${source}):`);
    for (const l of levels) {
      lines.push(`  R = ${fmtReward(l)} (${l.count} objects): target ${fmt(l.target)}, learned ${fmt(l.learned)}, sampled ${fmt(l.sampled)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function fileError(error: StoreError): number {
  process.stderr.write(`gfn train: ${error.message}\n`);
  return 1;
}

/** Takes DIR's lock for the run; a number is the exit code of a refusal (an earlier run in DIR is a UsageError: the fix is a flag). */
function openOut(outDir: string, args: TrainArgs): Lock | number {
  try {
    return openRunDirectory(outDir, { overwrite: args.overwrite, resumeFrom: args.resumeFrom });
  } catch (error) {
    if (error instanceof RunExistsError) throw new UsageError(`${error.message}: pass --overwrite to replace it, or --resume ${outDir} to continue from it`);
    if (error instanceof StoreError) return fileError(error);
    throw error;
  }
}

/** `gfn train`; a UsageError propagates to cli/main.ts, which prints it with the usage (exit 2). */
export async function trainCommand(argv: string[]): Promise<number> {
  let args: TrainArgs | 'help';
  try {
    args = parseTrainArgs(argv);
  } catch (error) {
    if (error instanceof StoreError) return fileError(error);
    throw error;
  }
  if (args === 'help') {
    process.stdout.write(`${usageText([TRAIN_HELP], false)}\n`);
    return 0;
  }
  const { file, config, outDir, maxStates, resumeFrom } = args;
  const lock = outDir ? openOut(outDir, args) : null;
  if (typeof lock === 'number') return lock;
  let result: { summary: TrainSummary; cancelled: boolean } | null = null;
  let failure: string | null = null;
  const stop = stopOnSignals();
  const announced = new Set<string>();
  const onMessage = (m: FromSandbox) => {
    switch (m.type) {
      case 'log': process.stdout.write(`${m.message}\n`); break;
      case 'progress': {
        const p = m.progress;
        process.stdout.write(`iter ${String(p.iteration).padStart(String(p.iterations).length)}/${p.iterations}  loss ${fmt(p.loss)}  logZ ${fmt(p.logZ)}  TV ${fmt(p.tv)}  training-sample TV ${fmt(p.empiricalTv)}  ${discoveryLine(p)}  ${fmt(p.trajectoriesPerSecond)} traj/s\n`);
        for (const line of newDiagnosisLines(p, announced)) process.stdout.write(`${line}\n`);
        break;
      }
      case 'done': result = { summary: m.summary, cancelled: m.cancelled }; break;
      case 'error': {
        failure = m.message;
        for (const d of m.diagnostics ?? []) if (d.severity === 'error') process.stderr.write(`${file}:${d.line}:${d.column}: error ${d.code}: ${d.message}\n`);
        break;
      }
      default: break;
    }
  };
  try {
    await runSandboxJob({ type: 'train', file, config, maxStates, outDir, resumeFrom }, { onMessage, signal: stop.signal, nameOption: flagOfOption });
  } finally {
    stop.dispose();
    lock?.release();
  }
  // Assigned in onMessage, which TypeScript's narrowing does not see.
  const failed = failure as string | null;
  if (failed !== null) {
    process.stderr.write(`gfn train: ${failed}\n`);
    return 1;
  }
  const done = result as { summary: TrainSummary; cancelled: boolean } | null;
  if (!done) {
    process.stderr.write('gfn train: the training worker ended without a result\n');
    return 1;
  }
  process.stdout.write(finalReport(done.summary));
  for (const line of diagnosisSection(done.summary)) process.stdout.write(`${line}\n`);
  if (done.cancelled) process.stdout.write('cancelled: the summary covers the iterations run\n');
  if (outDir) process.stdout.write(`run directory: ${outDir}\n`);
  return done.cancelled ? stop.exitCode() : 0;
}
