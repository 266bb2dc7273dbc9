/**
 * `npm run bench -- responsiveness`: what a user waits for, each figure beside its budget; a missed budget sets a
 * failing exit code. The budgets were assertions of `npm test` and `npm run test:vscode`, which a loaded machine failed;
 * the tests now check that these things happen, and this measures how fast. The figure held against a budget is the
 * best of RUNS: load only adds time, so the fastest run estimates what the code costs.
 *   - the report page of HyperGrid 8^4 (4,096 states) in headless Chromium: opening on its top-1000 view, and the
 *     whole graph on demand (test/integration/webview/report-page.test.ts);
 *   - the ranked layout of its 14,336 edges (webview/layout.ts), in Node (test/unit/webview/layout.test.ts);
 *   - the sandbox: a hanging reward stopped under a 500 ms call limit, a validation cancelled 300 ms after its start
 *     (test/integration/sandbox/codes.test.ts), a training run stopped (Stop Training, test/vscode/lifecycle.ts);
 *   - smiley validated as the extension validates a saved file: esbuild-wasm, a warm spare sandbox process
 *     (test/vscode/trusted.ts; the real VS Code's save-to-diagnostics time is its METRIC line).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { reportCommand } from '../cli/report';
import { hypergrid } from '../examples/hypergrid.gfn';
import { useWasmCompiler } from '../src/authoring/compile';
import { explore } from '../src/dag/explore';
import { runSandboxJob, SandboxPool, validateFile } from '../src/sandbox/host';
import { DEFAULT_TRAIN_CONFIG } from '../src/train/config';
import { layeredLayout } from '../webview/layout';
import { launchChromium, openPanelPage } from '../test/ui/chromium.mjs';
import { writeUntrainedRunDir } from '../test/ui/runDir';

const RUNS = 3;
const examples = path.resolve(__dirname, '../examples');

interface Row {
  what: string;
  budgetMs: number;
  ms: number[];
}

/** Calls `run` RUNS times; each call returns its own milliseconds. */
async function measure(what: string, budgetMs: number, run: () => Promise<number> | number): Promise<Row> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(await run());
  return { what, budgetMs, ms: ms.sort((a, b) => a - b) };
}

/** The HyperGrid 8^4 report page: its first draw (the top-1000 view), then all 4,096 states through Top k. */
async function reportPage(browser: Browser, file: string): Promise<{ top: number; whole: number }> {
  const problems: string[] = [];
  const page = await openPanelPage(browser, file, problems, { width: 1400, height: 860 });
  try {
    const drawn = () => page.evaluate(() => ({ ms: Number(document.body.dataset.renderMs), nodes: Number(document.body.dataset.drawnNodes) }));
    const top = await drawn();
    if (top.nodes !== 1000) throw new Error(`the 8^4 report opened on ${top.nodes} states, not its top-1000 view`);
    await page.fill('#topk', '4096');
    await page.press('#topk', 'Enter');
    await page.waitForFunction(() => document.body.dataset.drawnNodes === '4096', null, { timeout: 120_000 });
    const whole = await drawn();
    if (problems.length > 0) throw new Error(`the 8^4 report page: ${problems.join('; ')}`);
    return { top: top.ms, whole: whole.ms };
  } finally {
    await page.close();
  }
}

async function pageRows(): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gfn-bench-page-'));
  const browser = await launchChromium();
  try {
    const runDir = path.join(dir, 'hypergrid');
    writeUntrainedRunDir(hypergrid({ dims: 4, side: 8 }) as never, runDir);
    const file = path.join(runDir, 'report.html');
    const errors: string[] = [];
    const code = await reportCommand([runDir, '--out', file], { out: () => undefined, err: (l) => errors.push(l), bundlePath: path.join(__dirname, 'webview.js') });
    if (code !== 0) throw new Error(`gfn report: ${errors.join('\n')}`);
    const draws: { top: number; whole: number }[] = [];
    for (let i = 0; i < RUNS; i++) draws.push(await reportPage(browser, file));
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    return [
      { what: 'HyperGrid 8^4 report page opens on its top-1000 view (page draw)', budgetMs: 2000, ms: sorted(draws.map((d) => d.top)) },
      { what: 'HyperGrid 8^4 whole graph on demand (page draw)', budgetMs: 6000, ms: sorted(draws.map((d) => d.whole)) },
    ];
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function layoutRow(): Promise<Row> {
  const { dag } = explore(hypergrid({ dims: 4, side: 8 }));
  const source: number[] = [];
  const target: number[] = [];
  for (let s = 0; s < dag.states.length; s++) {
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) {
      source.push(s);
      target.push(dag.edgeChild[e]);
    }
  }
  if (source.length !== 14_336) throw new Error(`HyperGrid 8^4 has ${source.length} edges, not 14,336`);
  return measure('layout of HyperGrid 8^4 (4,096 nodes, 14,336 edges), Node', 1000, () => {
    const t0 = performance.now();
    layeredLayout({ rank: dag.depth, source, target }, { nodeSep: 20 });
    return performance.now() - t0;
  });
}

async function sandboxRows(): Promise<Row[]> {
  const hangs = path.join(examples, 'broken/time-limit.gfn.ts');
  const smiley = path.join(examples, 'smiley.gfn.ts');
  const rows: Row[] = [];
  rows.push(await measure('a hanging reward stopped (call limit 500 ms): validation to its diagnostic', 5000, async () => {
    const t0 = performance.now();
    const result = await validateFile(hangs, { callTimeLimitMs: 500, memoryLimitMb: 256 });
    if (!result.diagnostics.some((d) => d.code === 'time-limit')) throw new Error('no time-limit diagnostic');
    return performance.now() - t0;
  }));
  rows.push(await measure('a validation cancelled 300 ms after its start: start to end of the job', 5000, async () => {
    const controller = new AbortController();
    const t0 = performance.now();
    const timer = setTimeout(() => controller.abort(), 300);
    await runSandboxJob({ type: 'validate', file: hangs }, { onMessage: () => undefined, callTimeLimitMs: 60_000, signal: controller.signal });
    clearTimeout(timer);
    return performance.now() - t0;
  }));
  rows.push(await measure('a training run stopped (Stop Training): abort to end of the job', 2000, async () => {
    const controller = new AbortController();
    let stoppedAt = 0;
    const config = { ...DEFAULT_TRAIN_CONFIG, loss: 'tb' as const, iterations: 1_000_000, reportEvery: 5, seed: 1 };
    await runSandboxJob({ type: 'train', file: smiley, config }, {
      signal: controller.signal,
      onMessage: (m) => {
        if (m.type === 'progress' && m.progress.iteration >= 10 && !controller.signal.aborted) {
          stoppedAt = performance.now();
          controller.abort();
        }
      },
    });
    return performance.now() - stoppedAt;
  }));
  // Last: the extension's compiler stays this process's compiler (useWasmCompiler cannot be undone).
  useWasmCompiler();
  const pool = new SandboxPool();
  try {
    await validateFile(smiley, { pool });
    rows.push(await measure('smiley validated as on save in the extension (esbuild-wasm, warm spare process)', 1000, async () => {
      const t0 = performance.now();
      const result = await validateFile(smiley, { pool });
      if (!result.ok) throw new Error('smiley did not validate');
      return performance.now() - t0;
    }));
  } finally {
    pool.dispose();
  }
  return rows;
}

export async function benchResponsiveness(): Promise<Row[]> {
  const rows = [...(await pageRows()), await layoutRow(), ...(await sandboxRows())];
  console.log(`\nresponsiveness: best and median of ${RUNS}, against the budget`);
  console.log('| what | budget ms | best ms | median ms | |');
  console.log('|---|---:|---:|---:|---|');
  let missed = 0;
  for (const r of rows) {
    const best = r.ms[0];
    const met = best <= r.budgetMs;
    if (!met) missed++;
    console.log(`| ${r.what} | ${r.budgetMs} | ${best.toFixed(0)} | ${r.ms[Math.floor(r.ms.length / 2)].toFixed(0)} | ${met ? 'met' : 'NOT met'} |`);
  }
  console.log(missed === 0 ? 'every budget met' : `${missed} budget(s) NOT met`);
  if (missed > 0) process.exitCode = 1;
  return rows;
}
