/**
 * A run trained in process into a directory and its `gfn report` page written beside it: what the report-page tests
 * (diagnosis-page, rewards-page) open in Chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { reportCommand } from '../../../cli/report';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import { buildFlowGraph } from '../../../src/flowGraph/graph';
import { runTraining } from '../../../src/train/session';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainConfig } from '../../../shared/trainConfig';
import type { TrainSummary } from '../../../shared/trainSummary';
import { root } from './pageTest';

/** The panel's bundle the report page inlines. */
export const bundlePath = join(root, 'dist/webview.js');

/** Trains in process into DIR/name and writes its report; returns the page, the summary and what gfn report printed. */
export async function trainedReport<S, A>(dir: string, env: EnvironmentSpec<S, A>, name: string, config: TrainConfig): Promise<{ page: string; summary: TrainSummary; printed: string[] }> {
  const { dag } = explore(env);
  const runDir = join(dir, name);
  const messages: FromSandbox[] = [];
  await runTraining(env, dag, { type: 'train', file: `${name}.gfn.ts`, config, outDir: runDir }, { post: (m) => messages.push(m), isCancelled: () => false }, buildFlowGraph(env, dag));
  expect(messages.find((m) => m.type === 'error')).toBeUndefined();
  const out = join(runDir, 'report.html');
  const printed: string[] = [];
  expect(await reportCommand([runDir, '--out', out], { out: (l) => printed.push(l), err: (l) => printed.push(l), bundlePath })).toBe(0);
  return { page: out, summary: JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as TrainSummary, printed };
}
