/**
 * Benchmark: explore + validate HyperGrid 20^4 (160,000 states, R0 = 1e-3) three ways, to see what the sandbox
 * costs: exploration alone in-process, the whole pipeline in-process (compile, guarded functions, validation),
 * and the real path (validateFile: a sandbox process with limits). Goal: the real path under 2 s.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hypergrid } from '../examples/hypergrid.gfn';
import { logPartitionFunction } from '../src/dag/exact';
import { explore } from '../src/dag/explore';
import { Guard } from '../src/userCode/guard';
import { validateFile } from '../src/sandbox/host';
import { compileAndValidate } from '../src/sandbox/pipeline';
import { createSharedState } from '../src/userCode/slots';

const RUNS = 3;
const EXPECTED_STATES = 160_000;
const EXPECTED_LOG_Z = 8.643297;

export interface BenchRow {
  what: string;
  bestMs: number;
  medianMs: number;
}

async function time(what: string, run: () => Promise<void> | void): Promise<BenchRow> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { what, bestMs: ms[0], medianMs: ms[Math.floor(ms.length / 2)] };
}

/** A .gfn.ts outside the repository that builds the 20^4 grid from the example (as a user's file would). */
function writeBenchFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gfn-bench-'));
  const example = path.resolve(__dirname, '../examples/hypergrid.gfn.ts');
  const file = path.join(dir, 'hypergrid-20x4.gfn.ts');
  writeFileSync(file, `import { hypergrid } from ${JSON.stringify(example.replace(/\.ts$/, ''))};\nexport default hypergrid({ dims: 4, side: 20, r0: 1e-3 });\n`);
  return file;
}

function check(states: number | undefined, logZ: number | null | undefined): void {
  if (states !== EXPECTED_STATES || logZ === null || logZ === undefined || Math.abs(logZ - EXPECTED_LOG_Z) > 1e-5) {
    throw new Error(`HyperGrid 20^4 came out wrong: ${states} states, log Z ${logZ} (expected ${EXPECTED_STATES}, ${EXPECTED_LOG_Z})`);
  }
}

export async function benchExplore(): Promise<BenchRow[]> {
  const file = writeBenchFile();
  const rows: BenchRow[] = [];
  rows.push(await time('explore only, in-process', () => {
    const { dag } = explore(hypergrid({ dims: 4, side: 20, r0: 1e-3 }));
    check(dag.states.length, logPartitionFunction(dag));
  }));
  rows.push(await time('compile + explore + validate, in-process', async () => {
    const { result } = await compileAndValidate(file, new Guard(createSharedState()));
    check(result.summary?.states, result.summary?.logZ);
  }));
  let edges = 0;
  rows.push(await time('validateFile (sandbox process, limits): the real path', async () => {
    const result = await validateFile(file);
    check(result.summary?.states, result.summary?.logZ);
    edges = result.summary?.edges ?? 0;
  }));
  console.log(`\nexplore + validate HyperGrid 20^4 (${EXPECTED_STATES} states, ${edges} edges), best and median of ${RUNS}`);
  console.log('| what | best ms | median ms |');
  console.log('|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.what} | ${r.bestMs.toFixed(0)} | ${r.medianMs.toFixed(0)} |`);
  const real = rows[rows.length - 1].medianMs;
  console.log(`goal: real path under 2000 ms: ${real < 2000 ? 'met' : 'NOT met'} (${real.toFixed(0)} ms)`);
  return rows;
}
