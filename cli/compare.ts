/**
 * `gfn compare FILE --losses tb,kl,db [--seeds N] [train flags] --out DIR`: trains every objective x seed
 * (src/compare/, one sandbox process per run, as many at once as the machine has cores), prints a line as each run
 * ends and a final table, and writes DIR/comparison.json and DIR/comparison.html (the flow graph panel's page opening
 * on its Compare view). Usage errors exit 2 (an earlier comparison in DIR is one: the fix is --overwrite), a failed
 * run or a file error 1, SIGINT / SIGTERM stop every run (they save what they have; exit 130 / 143).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Comparison, ComparisonRun } from '../shared/comparison';
import type { ObjectiveName } from '../shared/objectives';
import type { TrainConfig } from '../shared/trainConfig';
import { objectiveConflict } from '../shared/objectives';
import { finalModesFound, modeCount, objectiveRows, timeToAllModes, timeToTv, TV_THRESHOLDS } from '../shared/comparison';
import { formatKiB, formatNumber, NOT_AVAILABLE } from '../shared/format';
import { makeNonce, panelHtml } from '../shared/pageShell';
import { ComparisonExistsError, COMPARISON_FILE, COMPARISON_PAGE, runComparison } from '../src/compare';
import { StoreError, writeFileAtomic } from '../src/run/atomicFile';
import { nodeBackendAvailable } from '../src/train/backend';
import { resolveTrainConfig, TRAIN_OPTIONS, type TrainChoices } from '../src/train/config';
import { parseChoiceFlag, parseCommandArgs, parseNumberFlag, UsageError, usageText, type FlagSpec } from './args';
import { RunDirError } from '../src/run/runReport';
import { findPanelBundle } from './report';
import { stopOnSignals } from './signals';
import { choose, flagOfOption, helpLine, INDENT, OPTION_OF_FLAG, settingFlag, TRAIN_FLAGS, trainOptionsHelp } from './trainOptions';
import { MAX_STATES_OPTION } from '../src/dag/explore';
import { SEEDS_OPTION } from '../src/compare/options';

/** The flags of a comparison that are not options of one run (--loss becomes --losses). */
const COMPARE_FLAGS: Record<string, FlagSpec & { metavar?: string; help: string }> = {
  losses: { type: 'string', needs: 'a list of objectives', metavar: 'A,B,...', help: 'The objectives to compare, comma-separated (see gfn train --help), e.g. tb,kl,db.' },
  seeds: settingFlag(SEEDS_OPTION),
  out: {
    type: 'string', needs: 'a directory', metavar: 'DIR',
    help: `Required. Write DIR/${COMPARISON_FILE} (kept current as runs end), DIR/${COMPARISON_PAGE} and one run directory per run, DIR/<loss>-seed<seed>/ (as gfn train --out writes; gfn report reads it).`,
  },
  overwrite: { type: 'boolean', help: 'Replace the earlier comparison in DIR (refused without it).' },
  concurrency: { type: 'string', metavar: 'N', help: 'Runs at once (default: the number of cores, at most the number of runs).' },
  'max-states': settingFlag(MAX_STATES_OPTION),
};

const FLAGS: Record<string, FlagSpec> = { ...TRAIN_FLAGS, ...COMPARE_FLAGS };

export const COMPARE_HELP = [
  'compare FILE --losses A,B,... [--seeds N] [training options] --out DIR',
  `${INDENT}Train every objective x seed on one environment with the same settings and compare them: one line per run as it`,
  `${INDENT}ends, then a table of final TV, log Z and trajectories and seconds to TV ${TV_THRESHOLDS.join(' / ')}. FILE IS EXECUTED.`,
  ...Object.entries(COMPARE_FLAGS).map(([name, f]) => helpLine(`--${name}${f.metavar ? ` ${f.metavar}` : ''}`, f.help)),
  `${INDENT}Training options (as gfn train; --seed is the first seed, --epsilon unset: each objective's own default):`,
  ...trainOptionsHelp(['loss']),
].join('\n');

export interface CompareArgs {
  file: string;
  losses: ObjectiveName[];
  seeds: number[];
  config: TrainConfig;
  /** --epsilon was not given: each objective explores with its own default. */
  epsilonPerObjective: boolean;
  temperaturePerObjective: boolean;
  outDir: string;
  overwrite: boolean;
  concurrency?: number;
  maxStates?: number;
}

export function parseCompareArgs(argv: string[]): CompareArgs | 'help' {
  const parsed = parseCommandArgs('compare', argv, FLAGS);
  if (parsed.help) return 'help';
  const choices: TrainChoices = {};
  const args: Partial<CompareArgs> = { overwrite: false };
  let losses: ObjectiveName[] | undefined;
  let seedCount: number = SEEDS_OPTION.default;
  for (const { name, flag, value } of parsed.options) {
    const option = OPTION_OF_FLAG.get(name);
    if (name === 'loss') throw new UsageError('compare takes --losses A,B,... (the objectives to compare), not --loss');
    if (option) choose(choices, option, value!);
    else if (name === 'losses') losses = parseLosses(value!);
    else if (name === 'seeds') seedCount = parseNumberFlag({ ...SEEDS_OPTION, flag }, value!);
    else if (name === 'out') args.outDir = value;
    else if (name === 'overwrite') args.overwrite = true;
    else if (name === 'concurrency') args.concurrency = parseNumberFlag({ flag, integer: true, minimum: 1, maximum: 256 }, value!);
    else if (name === 'max-states') args.maxStates = parseNumberFlag({ ...MAX_STATES_OPTION, flag }, value!);
  }
  const files = parsed.positionals;
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'compare needs a FILE (a .gfn.ts)' : `compare takes one FILE, got ${files.join(' ')}`);
  const file = files[0];
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
  if (!losses) throw new UsageError('compare needs --losses A,B,... (e.g. --losses tb,kl,db)');
  if (!args.outDir) throw new UsageError('compare needs --out DIR (it writes comparison.json, comparison.html and the runs there)');
  if (choices.iterations === 0) throw new UsageError("--iterations must be a positive integer, got '0'");
  if (choices.backend === 'node' && !nodeBackendAvailable()) {
    throw new UsageError('--backend node needs @tensorflow/tfjs-node, which is not installed here: use --backend wasm (default) or cpu');
  }
  for (const loss of losses) {
    const conflict = objectiveConflict(resolveTrainConfig({ ...choices, loss }));
    if (conflict) throw new UsageError(conflict);
  }
  const first = choices.seed ?? TRAIN_OPTIONS.seed.default;
  const seeds = Array.from({ length: seedCount }, (_, i) => first + i);
  const config = resolveTrainConfig({ ...choices, loss: losses[0], seed: first });
  return { ...args, file, losses, seeds, config, epsilonPerObjective: choices.epsilon === undefined, temperaturePerObjective: choices.temperature === undefined } as CompareArgs;
}

function parseLosses(text: string): ObjectiveName[] {
  const option = { ...TRAIN_OPTIONS.loss, flag: '--losses' as const };
  const names = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (names.length === 0) throw new UsageError('--losses needs at least one objective, e.g. --losses tb,kl,db');
  const losses = names.map((n) => parseChoiceFlag(option, n));
  const twice = losses.find((l, i) => losses.indexOf(l) !== i);
  if (twice) throw new UsageError(`--losses names ${twice} twice`);
  return losses;
}

/** TV and log Z by magnitude (shared/format.ts: a TV of 2e-5 is not 0.0000), with the CLI's word for a missing value. */
const fmt = (v: number | null | undefined, significant = 4) => formatNumber(v, significant, NOT_AVAILABLE);
const count = (v: number | null) => (v === null ? NOT_AVAILABLE : String(Math.round(v)));

/** The line printed as a run ends. */
export function runLine(run: ComparisonRun, trueLogZ: number | null): string {
  const head = `${run.loss} seed ${run.seed}: ${run.status}`;
  if (run.status === 'failed') return `${head}: ${run.error ?? 'no message'}`;
  const s = run.summary;
  if (!s) return `${head}${run.error ? ` (${run.error})` : ' before it started'}`;
  const z = trueLogZ === null ? '' : ` (true ${fmt(trueLogZ)})`;
  return `${head}, ${s.iterations} iterations, ${s.trajectories} trajectories in ${fmt(s.seconds, 3)} s: TV ${fmt(s.tv)}, log Z ${fmt(s.logZ)}${z}`;
}

/** The final table: one row per run, then the mean over seeds per objective (time to a TV over the seeds that reached it). */
export function comparisonTable(c: Comparison): string {
  const reachHead = TV_THRESHOLDS.flatMap((t) => [`traj@${t}`, `s@${t}`]);
  // Mode discovery (shared/comparison.ts): what objectives race on where the TV is unknown; only when runs count modes.
  const withModes = c.runs.some((r) => finalModesFound(r) !== null);
  const modesHead = withModes ? ['modes', 'iter@all modes'] : [];
  const head = ['objective', 'seed', 'status', 'TV', 'log Z', 'vs true', ...reachHead, ...modesHead];
  const rows: string[][] = [];
  const vsTrue = (z: number | null) => (z === null || c.trueLogZ === null ? NOT_AVAILABLE : `${z >= c.trueLogZ ? '+' : ''}${fmt(z - c.trueLogZ)}`);
  for (const r of c.runs) {
    const last = r.curve.at(-1);
    const tv = r.summary?.tv ?? last?.tv ?? null;
    const logZ = r.summary?.logZ ?? last?.logZ ?? null;
    const reach = TV_THRESHOLDS.flatMap((t) => {
      const hit = timeToTv(r.curve, t);
      return hit ? [String(hit.trajectories), fmt(hit.seconds, 3)] : ['-', '-'];
    });
    const found = finalModesFound(r);
    const n = modeCount([r]);
    const modes = withModes ? [found === null ? NOT_AVAILABLE : n === null ? String(found) : `${found}/${n}`, n === null ? NOT_AVAILABLE : String(timeToAllModes(r.curve)?.iteration ?? '-')] : [];
    rows.push([r.loss, String(r.seed), r.status, fmt(tv), fmt(logZ), vsTrue(logZ), ...reach, ...modes]);
  }
  for (const row of objectiveRows(c)) {
    const reach = row.reached.flatMap((h) => [`${count(h.trajectories)} (${h.reached}/${h.of})`, fmt(h.seconds, 3)]);
    const tv = row.tv ? `${fmt(row.tv.mean)} [${fmt(row.tv.min, 3)}, ${fmt(row.tv.max, 3)}]` : NOT_AVAILABLE;
    const all = row.allModes;
    const modes = withModes
      ? [row.modesFound ? `${fmt(row.modesFound.mean, 3)}${row.modes === null ? '' : `/${row.modes}`}` : NOT_AVAILABLE, all ? `${count(all.iterations)} (${all.reached}/${all.of})` : NOT_AVAILABLE]
      : [];
    rows.push([row.loss, 'mean', '', tv, fmt(row.logZ?.mean), vsTrue(row.logZ?.mean ?? null), ...reach, ...modes]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const beta = c.config.beta ?? 1;
  const trueZ = c.trueLogZ === null ? 'true log Z unknown (DAG not enumerable)' : `true log Z ${fmt(c.trueLogZ)}${beta === 1 ? '' : ` (of R^${beta}, --beta ${beta})`}`;
  return [`${c.name}: ${c.runs.length} runs, ${trueZ}; traj@X and s@X: trajectories and seconds until TV <= X${withModes ? '; modes: found by the end (of how many); iter@all modes: iterations until every mode was sampled' : ''}`, line(head), ...rows.map(line)].join('\n') + '\n';
}

/** DIR/comparison.html: the panel's own page (as gfn report writes it) with the comparison embedded. */
export function writeComparisonPage(outDir: string, comparison: Comparison, bundlePath?: string): string {
  const bundle = readFileSync(findPanelBundle(bundlePath), 'utf8');
  const html = panelHtml({
    nonce: makeNonce(),
    script: { inline: bundle },
    title: `${comparison.name}: compare objectives`,
    data: { graph: null, snapshot: null, progress: [], summary: null, source: basename(outDir), comparison },
  });
  const page = join(outDir, COMPARISON_PAGE);
  writeFileAtomic(page, html);
  return `wrote ${page} (${formatKiB(Buffer.byteLength(html))})`;
}

export async function compareCommand(argv: string[]): Promise<number> {
  const args = parseCompareArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${usageText([COMPARE_HELP], false)}\n`);
    return 0;
  }
  const stop = stopOnSignals();
  const runs = args.losses.length * args.seeds.length;
  process.stdout.write(`comparing ${args.losses.join(', ')} x seeds ${args.seeds.join(', ')} (${runs} runs) on ${args.file}, into ${args.outDir}\n`);
  let comparison: Comparison;
  try {
    comparison = await runComparison({
      ...args,
      signal: stop.signal,
      nameOption: flagOfOption,
      onRunEnd: (run, c) => process.stdout.write(`${runLine(run, c.trueLogZ)}\n`),
    });
  } catch (error) {
    if (error instanceof ComparisonExistsError) throw new UsageError(`${error.message}: pass --overwrite to replace it`);
    if (error instanceof StoreError) {
      process.stderr.write(`gfn compare: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    stop.dispose();
  }
  process.stdout.write(comparisonTable(comparison));
  try {
    process.stdout.write(`wrote ${join(args.outDir, COMPARISON_FILE)}; ${writeComparisonPage(args.outDir, comparison)}\n`);
  } catch (error) {
    if (error instanceof RunDirError || error instanceof StoreError) {
      process.stderr.write(`gfn compare: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (stop.stoppedBy) return stop.exitCode();
  return comparison.runs.some((r) => r.status === 'failed') ? 1 : 0;
}
