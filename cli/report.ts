/**
 * `gfn report RUN_DIR [--out report.html]`: a standalone HTML page of a finished run, with the flow graph panel's own
 * bundle (dist/webview.js) inlined and the run's data embedded, so the page opens offline from a file.
 * The run directory is what `gfn train --out` writes, read through src/run/runStore.ts: the flow graph (required), the last
 * flow snapshot, the progress lines (a torn last line of a killed run is skipped), the summary and the final samples.
 * Every file is checked before use, so a damaged run is a message naming the file, never a broken page or a crash.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../src/run/atomicFile';
import type { FlowGraph, FlowSnapshot, TrainProgress, TrainSummary } from '../shared/protocol';
import { formatKiB } from '../shared/format';
import { makeNonce, panelHtml } from '../shared/pageShell';
import type { PanelData } from '../shared/panelData';
import { readMetrics, readRunJson, readSamples, runPaths, StoreError } from '../src/run/runStore';
import { parseCommandArgs, UsageError, usageErrorText, usageText } from './args';

export interface ReportIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** dist/webview.js; found beside the CLI bundle (or under dist/ when run from source) when omitted. */
  bundlePath?: string;
}

const defaultIo: ReportIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** The entry of `gfn --help`. */
export const REPORT_HELP = `report RUN_DIR [--out FILE.html]
      Write a standalone HTML page of a finished run (the directory of \`gfn train --out\`): flow graph, curves,
      histogram. Opens offline; default output RUN_DIR/report.html.`;

/** A problem with the user's files: reported as `gfn report: <file>[:line]: <message>`, exit 1. */
export class RunDirError extends Error {}

interface ReportArgs {
  runDir: string;
  out: string;
}

function parseReportArgs(argv: string[]): ReportArgs | 'help' {
  const parsed = parseCommandArgs('report', argv, { out: { type: 'string', short: 'o', needs: 'a file name', noDashValue: true } });
  if (parsed.help) return 'help';
  const out = parsed.options.filter((o) => o.name === 'out').at(-1)?.value;
  const [runDir, ...extra] = parsed.positionals;
  if (runDir === undefined) throw new UsageError('report needs a RUN_DIR (the --out directory of gfn train)');
  if (extra.length > 0) throw new UsageError(`report takes one RUN_DIR, got ${parsed.positionals.join(' ')}`);
  return { runDir, out: out ?? runPaths(runDir).report };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkGraph(value: unknown, file: string): FlowGraph {
  if (!isObject(value) || !Array.isArray(value.nodes) || !Array.isArray(value.edges) || typeof value.name !== 'string') {
    throw new RunDirError(`${file}: not a flow graph (expected {name, nodes: [...], edges: [...]})`);
  }
  const n = value.nodes.length;
  value.edges.forEach((e: unknown, i: number) => {
    if (!isObject(e) || !(typeof e.source === 'number' && e.source >= 0 && e.source < n && typeof e.target === 'number' && e.target >= 0 && e.target < n)) {
      throw new RunDirError(`${file}: edge ${i} does not join two of the ${n} nodes`);
    }
  });
  value.nodes.forEach((node: unknown, i: number) => {
    if (!isObject(node) || typeof node.key !== 'string' || typeof node.depth !== 'number') {
      throw new RunDirError(`${file}: node ${i} lacks a key or a depth`);
    }
  });
  return value as unknown as FlowGraph;
}

function checkSnapshot(value: unknown, file: string, graph: FlowGraph, graphFile: string): FlowSnapshot {
  const arrays = ['edgeFlow', 'stateFlow', 'terminalProb', 'sampledFreq'] as const;
  if (!isObject(value) || !arrays.every((k) => Array.isArray(value[k]))) {
    throw new RunDirError(`${file}: not a flow snapshot (expected ${arrays.join(', ')} arrays)`);
  }
  const s = value as unknown as FlowSnapshot;
  const graphName = basename(graphFile);
  if (s.edgeFlow.length !== graph.edges.length || s.stateFlow.length !== graph.nodes.length) {
    throw new RunDirError(
      `${file}: ${s.stateFlow.length} state flows and ${s.edgeFlow.length} edge flows do not match ${graphName} ` +
        `(${graph.nodes.length} nodes, ${graph.edges.length} edges): are both from the same run?`,
    );
  }
  for (const k of ['terminalProb', 'sampledFreq'] as const) {
    if (s[k].length !== graph.nodes.length) throw new RunDirError(`${file}: ${s[k].length} values of ${k} for the ${graph.nodes.length} nodes of ${graphName}`);
  }
  const bad = arrays.find((k) => !s[k].every((x) => typeof x === 'number' || x === null));
  if (bad) throw new RunDirError(`${file}: ${bad} holds a value that is not a number`);
  return s;
}

/** The numbers the page prints from a summary; other fields are shown when present. */
function checkSummary(value: unknown, file: string): TrainSummary {
  const numbers = ['iterations', 'trajectories', 'seconds'] as const;
  if (!isObject(value) || !numbers.every((k) => typeof value[k] === 'number')) {
    throw new RunDirError(`${file}: not a run summary (expected numbers ${numbers.join(', ')})`);
  }
  return value as unknown as TrainSummary;
}

/**
 * Frequencies of the final samples (samples.jsonl: one {"key": ...} per line) per graph node: the K draws of the trained
 * policy are a better estimate than the snapshot's recent training samples. Keys outside the graph are counted in the
 * total (a cut graph does not hold every terminal).
 */
function sampleFrequencies(runDir: string, graph: FlowGraph): number[] | null {
  const index = new Map(graph.nodes.map((n, i) => [n.key, i]));
  const counts = new Array<number>(graph.nodes.length).fill(0);
  let total = 0;
  for (const line of readSamples(runDir)) {
    total++;
    const v = index.get(line.key);
    if (v !== undefined) counts[v]++;
  }
  return total > 0 ? counts.map((c) => c / total) : null;
}

/** Everything the page shows, read and checked from a run directory. */
export function loadRun(runDir: string): PanelData {
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw new RunDirError(`${runDir}: no such run directory`);
  const paths = runPaths(runDir);
  const graphJson = readRunJson(runDir, 'graph');
  if (!graphJson) throw new RunDirError(`${paths.graph}: missing; is ${runDir} the --out directory of \`gfn train\`?`);
  const graph = checkGraph(graphJson.value, graphJson.file);
  const flows = readRunJson(runDir, 'flows');
  let snapshot = flows ? checkSnapshot(flows.value, flows.file, graph, graphJson.file) : null;
  if (snapshot) {
    const freq = sampleFrequencies(runDir, graph);
    if (freq) snapshot = { ...snapshot, sampledFreq: freq };
  }
  const progress = readMetrics(runDir).map((p, i) => {
    if (!isObject(p) || typeof p.iteration !== 'number') throw new RunDirError(`${paths.metrics}:${i + 1}: expected a progress line with an iteration`);
    return p as unknown as TrainProgress;
  });
  const summaryJson = readRunJson(runDir, 'summary');
  const summary = summaryJson ? checkSummary(summaryJson.value, summaryJson.file) : null;
  return { graph, snapshot, progress, summary, source: basename(resolve(runDir)) };
}

/** dist/webview.js, the panel's bundle that a standalone page inlines (gfn report, gfn compare). */
export function findPanelBundle(bundlePath?: string): string {
  const candidates = bundlePath
    ? [bundlePath]
    : [join(__dirname, 'webview.js'), join(__dirname, '..', 'dist', 'webview.js')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new RunDirError(`${candidates[0]}: the panel bundle is missing; run \`npm run build\``);
  return found;
}

export async function reportCommand(argv: string[], io: ReportIo = defaultIo): Promise<number> {
  let args: ReportArgs | 'help';
  try {
    args = parseReportArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(usageErrorText('report', error.message, usageText([REPORT_HELP], false)).trimEnd());
    return 2;
  }
  if (args === 'help') {
    io.out(usageText([REPORT_HELP], false));
    return 0;
  }
  try {
    const data = loadRun(args.runDir);
    const bundle = readFileSync(findPanelBundle(io.bundlePath), 'utf8');
    const title = `${data.graph?.name ?? 'GFlowNet'}: run report`;
    const html = panelHtml({ nonce: makeNonce(), script: { inline: bundle }, title, data });
    if (!existsSync(dirname(resolve(args.out)))) throw new RunDirError(`${args.out}: its folder does not exist`);
    writeFileAtomic(args.out, html);
    const g = data.graph;
    io.out(
      `wrote ${args.out} (${formatKiB(Buffer.byteLength(html))}): ${g?.nodes.length ?? 0} states, ` +
        `${g?.edges.length ?? 0} edges, ${data.progress.length} progress points${data.snapshot ? ', learned flows' : ', exact flows only'}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof RunDirError || error instanceof StoreError) {
      io.err(`gfn report: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
