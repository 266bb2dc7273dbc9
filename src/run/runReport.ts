/**
 * A finished run as the flow graph page shows it: the run directory read through runStore.ts and checked file by
 * file (the flow graph is required; the last flow snapshot, the progress lines, the summary and the final samples are
 * optional), and the standalone page of `gfn report` built from it. Both faces use it: `gfn report` (cli/report.ts)
 * and the extension's runs view (open in the panel, open the report), so the page is the same wherever it is made.
 * Every file is checked before use, so a damaged run is a message naming the file, never a broken page or a crash.
 */
import { curvePoints } from '../../shared/curvePoints';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { FlowGraph } from '../../shared/flowGraph';
import type { FlowSnapshot } from '../../shared/flowSnapshot';
import type { TrainProgress } from '../../shared/trainProgress';
import type { TrainSummary } from '../../shared/trainSummary';
import { makeNonce, panelHtml } from '../../shared/pageShell';
import type { PanelData } from '../../shared/panelData';
import { writeFileAtomic } from './atomicFile';
import { readMetrics, readRunJson, readSamples, runPaths } from './runStore';

/** A problem with the user's files: `gfn report` prints it as `gfn report: <file>[:line]: <message>`, exit 1. */
export class RunDirError extends Error {}

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
  checkDiagnosis(value.diagnosis, file);
  checkRewardDistribution(value.rewardDistribution, file);
  return value as unknown as TrainSummary;
}

/** summary.json's `rewardDistribution` (src/train/rewardDistribution.ts), when present: the page charts its shares per bin. */
function checkRewardDistribution(value: unknown, file: string): void {
  if (value === undefined) return;
  const numbers = (a: unknown, n?: number) => Array.isArray(a) && (n === undefined || a.length === n) && a.every((x) => typeof x === 'number');
  const whole = isObject(value) && numbers(value.sampled) && numbers(value.edges) && typeof value.samples === 'number' &&
    (value.target === null || numbers(value.target, (value.sampled as number[]).length)) && (value.source === 'final' || value.source === 'training') &&
    (value.edges as number[]).length === (value.sampled as number[]).length + (value.levels ? 0 : 1);
  if (!whole) throw new RunDirError(`${file}: rewardDistribution lacks its bins, shares, sample count or source`);
}

/** summary.json's `diagnosis` (src/train/diagnosis.ts), when present: the page words each entry, so each must be whole. */
function checkDiagnosis(value: unknown, file: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new RunDirError(`${file}: diagnosis is not a list`);
  value.forEach((d: unknown, i: number) => {
    const whole = isObject(d) && typeof d.code === 'string' && typeof d.message === 'string' && Array.isArray(d.suggestion) &&
      d.suggestion.every((s: unknown) => isObject(s) && typeof s.measured === 'string' && Array.isArray(s.settings));
    if (!whole) throw new RunDirError(`${file}: diagnosis ${i} lacks a code, a message or a list of suggestions`);
  });
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
  // The curves as the live panel keeps them (bounded, evenly sampled): a long run's page stays small.
  const progress = curvePoints(
    readMetrics(runDir).map((p, i) => {
      if (!isObject(p) || typeof p.iteration !== 'number') throw new RunDirError(`${paths.metrics}:${i + 1}: expected a progress line with an iteration`);
      return p as unknown as TrainProgress;
    }),
  );
  const summaryJson = readRunJson(runDir, 'summary');
  const summary = summaryJson ? checkSummary(summaryJson.value, summaryJson.file) : null;
  return { graph, snapshot, progress, summary, source: basename(resolve(runDir)) };
}

/** The standalone page of a run: the panel's bundle inlined (`bundle` is the text of dist/webview.js), the data embedded. */
export function reportHtml(data: PanelData, bundle: string): string {
  const title = `${data.graph?.name ?? 'GFlowNet'}: run report`;
  return panelHtml({ nonce: makeNonce(), script: { inline: bundle }, title, data });
}

/** Reads and checks `runDir`, writes its page to `out` atomically; returns what was written. */
export function writeReport(runDir: string, out: string, bundle: string): { data: PanelData; bytes: number } {
  const data = loadRun(runDir);
  const html = reportHtml(data, bundle);
  if (!existsSync(dirname(resolve(out)))) throw new RunDirError(`${out}: its folder does not exist`);
  writeFileAtomic(out, html);
  return { data, bytes: Buffer.byteLength(html) };
}
