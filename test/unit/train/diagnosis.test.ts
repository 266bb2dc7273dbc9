/**
 * The training diagnosis (src/train/diagnosis.ts): the detectors on hand-built histories, and whole runs: TB at
 * epsilon 0 with the free stop logit on structure learning collapses onto the complete DAGs (collapse, stop-depth,
 * log-z, with numbers checked against the exact engine and the DAGs' edge counts), a healthy run raises nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import hypergridExample from '../../../examples/hypergrid.gfn';
import smileyExample from '../../../examples/smiley.gfn';
import structureLearning from '../../../examples/structure-learning.gfn';
import { explore } from '../../../src/dag/explore';
import { logPartitionFunction, targetDistribution } from '../../../src/dag/exact';
import type { DepthMass } from '../../../shared/inspection';
import type { Diagnosis } from '../../../shared/diagnosis';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainConfig } from '../../../shared/trainConfig';
import { initBackend } from '../../../src/train/backend';
import { resolveTrainConfig, TRAIN_OPTIONS } from '../../../src/train/config';
import {
  depthTotalVariation, diagnose, heldThroughout, lossFellSince, missedMass, tvStallStart, type DiagnosisInput, type ReportPoint,
} from '../../../src/train/diagnosis';
import { diagnosisLine, noticeText } from '../../../shared/diagnosisText';
import { runInProcess, trainConfig } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

type Done = Extract<FromSandbox, { type: 'done' }>;
type Flows = Extract<FromSandbox, { type: 'flows' }>;
type Progress = Extract<FromSandbox, { type: 'progress' }>;

const point = (iteration: number, tv: number, loss: number, logZ = 0, depthTv = 0, modesLost = 0): ReportPoint => ({ iteration, tv, loss, logZ, depthTv, modesLost });

describe('detectors on hand-built histories', () => {
  it('a TV that stays within 5% for three reports while the loss falls has stalled since its first report', () => {
    const h = [point(100, 0.99, 36.7), point(200, 0.989, 3), point(300, 0.9892, 0.5), point(400, 0.9892, 0.07)];
    expect(tvStallStart(h)).toBe(0);
    expect(lossFellSince(h, 0)).toBe(true);
    // One report short of three after the stall: not yet.
    expect(tvStallStart(h.slice(0, 3))).toBeNull();
  });

  it('a TV still improving by more than 5% is no stall; the stall starts after the last improvement', () => {
    expect(tvStallStart([point(1, 0.9, 1), point(2, 0.8, 1), point(3, 0.7, 1), point(4, 0.6, 1)])).toBeNull();
    const h = [point(100, 0.9, 5), point(200, 0.5, 4), point(300, 0.49, 3), point(400, 0.49, 2), point(500, 0.48, 1)];
    expect(tvStallStart(h)).toBe(1);
    // Three reports but only 60 iterations: an early wait, not yet a stall.
    expect(tvStallStart([point(20, 0.7, 9), point(40, 0.7, 8), point(60, 0.7, 7), point(80, 0.7, 6)])).toBeNull();
    // A loss that did not fall by 10%: not a collapse's signature.
    expect(lossFellSince([point(1, 0.5, 1), point(2, 0.5, 0.95)], 0)).toBe(false);
  });

  it('a condition persists when it held at the last 3 reports and over the last 200 iterations', () => {
    const far = (p: ReportPoint) => p.logZ < -1;
    expect(heldThroughout([point(100, 1, 1, -2), point(200, 1, 1, -2), point(300, 1, 1, -2)], far)).toBe(true);
    expect(heldThroughout([point(100, 1, 1, 0), point(200, 1, 1, -2), point(300, 1, 1, -2)], far)).toBe(false);
    // Reports every 20 iterations: 3 are not enough, the condition must hold over 200 iterations.
    const every20 = Array.from({ length: 12 }, (_, i) => point(20 * (i + 1), 1, 1, i < 3 ? 0 : -2));
    expect(heldThroughout(every20.slice(0, 8), far)).toBe(false);
    expect(heldThroughout(every20.slice(0, 11), far)).toBe(false);
    expect(heldThroughout(every20.slice(0, 12), far)).toBe(false);
    expect(heldThroughout([...every20, point(260, 1, 1, -2), point(280, 1, 1, -2)], far)).toBe(true);
  });

  it('missed mass sums the target on objects the policy gives under 1e-4 and names the largest', () => {
    const { mass, example } = missedMass([0.5, 0.3, 0.2], [0.99995, 0.00005, 0]);
    expect(mass).toBeCloseTo(0.5, 12);
    expect(example).toBe(1);
  });

  it('depth TV is half the L1 distance of the depth distributions', () => {
    const rows: DepthMass[] = [
      { depth: 0, target: 0.5, learned: 0, sampled: 0 },
      { depth: 1, target: 0.5, learned: 1, sampled: 0 },
    ];
    expect(depthTotalVariation(rows)).toBeCloseTo(0.5, 12);
  });

  const input = (over: Partial<DiagnosisInput>): DiagnosisInput => ({
    config: { ...resolveTrainConfig({ epsilon: 0, stopLogit: 'free' }) },
    history: [point(100, 0.99, 36.7, -5, 0.7), point(200, 0.99, 3, -5, 0.7), point(300, 0.99, 0.5, -5, 0.7), point(400, 0.99, 0.07, -5, 0.7)],
    target: [0.27, 0.73],
    learned: [1, 0],
    objectOf: (i) => ({ key: `x${i}` }),
    depth: [
      { depth: 0, target: 0.73, learned: 0, sampled: 0, targetStop: 0.73, learnedStop: 1e-6 },
      { depth: 1, target: 0.27, learned: 1, sampled: 0, targetStop: 1, learnedStop: 1 },
    ],
    trueLogZ: 0,
    foundModes: [],
    ...over,
  });

  it('log-z is a log Z that stopped short, not one still closing on the true one', () => {
    const logZ = (history: ReportPoint[]) => diagnose(input({ history, learned: [0.27, 0.73], depth: [] })).filter((d) => d.code === 'log-z');
    // 3 nats low, climbing 0.2 nats a report (0.6 over the 200 iterations it must hold): learning, nothing to say.
    const climbing = [point(100, 0.3, 1, -3), point(200, 0.3, 1, -2.8), point(300, 0.3, 1, -2.6), point(400, 0.3, 1, -2.4)];
    expect(logZ(climbing)).toEqual([]);
    // Closing by less than 0.25 nats over the window: it has stopped short.
    const stalled = [point(100, 0.3, 1, -3), point(200, 0.3, 1, -2.95), point(300, 0.3, 1, -2.9), point(400, 0.3, 1, -2.85)];
    expect(logZ(stalled).map((d) => d.evidence)).toEqual([{ learned: -2.85, true: 0 }]);
    // Moving away is not closing either.
    expect(logZ(climbing.map((p) => ({ ...p, logZ: -6 - p.logZ })))).toHaveLength(1);
  });

  it('raises modes-lost when a mode sampled earlier has had exact probability < 1e-4 through the window, with the mode', () => {
    const healthy = [point(100, 0.01, 1), point(200, 0.01, 1), point(300, 0.01, 1), point(400, 0.01, 1)];
    const lostHistory = healthy.map((p) => ({ ...p, tv: 0.5, modesLost: 1 }));
    const base = { history: lostHistory, target: [0.5, 0.5], learned: [1, 1e-9], depth: [], trueLogZ: null, config: resolveTrainConfig(), foundModes: [0, 1] };
    const found = diagnose(input(base));
    const lost = found.find((d) => d.code === 'modes-lost');
    expect(lost?.evidence).toMatchObject({ found: 2, lost: 1, example: { key: 'x1', target: 0.5, learned: 1e-9 } });
    expect(lost?.message).toMatch(/^1 of the 2 modes sampled so far is no longer drawn/);
    // What to try, measured: a higher temperature and more exploration, worded per face.
    expect(diagnosisLine(lost!, 'flag')).toMatch(/Try --temperature 2: on the 3x3 Ising model at --beta 2 .* to the end \(exact TV 0.500\), it took the exact TV at the end to 0.005/);
    // Not yet lost through the window (one report), a mode never found, or a mode the policy still draws: nothing.
    expect(diagnose(input({ ...base, history: [...healthy.slice(0, 3), lostHistory[3]] })).some((d) => d.code === 'modes-lost')).toBe(false);
    expect(diagnose(input({ ...base, foundModes: [0] })).some((d) => d.code === 'modes-lost')).toBe(false);
    expect(diagnose(input({ ...base, learned: [0.5, 0.5] })).some((d) => d.code === 'modes-lost')).toBe(false);
  });

  it('raises collapse, stop-depth and log-z on a collapsed history, each with its numbers and what to try', () => {
    const found = diagnose(input({}));
    expect(found.map((d) => d.code)).toEqual(['collapse', 'stop-depth', 'log-z']);
    const [collapse, stop, logZ] = found;
    expect(collapse.code === 'collapse' && collapse.evidence).toMatchObject({ missedMass: 0.73, stalledSince: 100, example: { key: 'x1', target: 0.73, learned: 0 } });
    expect(collapse.message).toContain('73%');
    expect(stop.message).toBe("100% of the policy's objects have depth 1; the target puts 27% there and 73% on shallower ones, where the policy almost never stops (stop probability at most 1e-6; the target stops at depth 0 with probability 0.73)");
    expect(logZ.code === 'log-z' && logZ.evidence).toEqual({ learned: -5, true: 0 });
    // Suggestions name options by key with both faces' names from the option table.
    const first = collapse.suggestion[0];
    expect(first.settings.map((s) => s.key)).toEqual(['stopLogit', 'epsilon']);
    expect(first.settings[1]).toEqual({ key: 'epsilon', value: '0.1', flag: TRAIN_OPTIONS.epsilon.flag, setting: `gflownet.${TRAIN_OPTIONS.epsilon.setting}` });
    expect(diagnosisLine(collapse, 'flag')).toContain('Try --stop-logit reward --epsilon 0.1: on structure learning');
    expect(diagnosisLine(collapse, 'setting')).toContain('Try setting gflownet.train.stopLogit to reward and gflownet.train.epsilon to 0.1: on structure learning');
  });

  it('suggests only what differs from the run: at epsilon 0.1 with the reward stop logit, flow matching and replay', () => {
    const config: TrainConfig = resolveTrainConfig({ epsilon: 0.1, stopLogit: 'reward' });
    const collapse = diagnose(input({ config }))[0];
    expect(collapse.suggestion.map((s) => s.settings.map((x) => `${x.key}=${x.value}`).join(' '))).toEqual(['loss=fm', 'replay=0.25']);
  });

  it('raises nothing on a healthy history, nor on a stalled TV whose missed mass is small, nor before three reports', () => {
    const healthy = input({
      history: [point(100, 0.5, 2, -0.3, 0.1), point(200, 0.2, 1, -0.1, 0.05), point(300, 0.05, 0.5, 0, 0.01), point(400, 0.02, 0.3, 0, 0.01)],
      learned: [0.28, 0.72],
      depth: [{ depth: 0, target: 0.73, learned: 0.72, sampled: 0 }, { depth: 1, target: 0.27, learned: 0.28, sampled: 0 }],
    });
    expect(diagnose(healthy)).toEqual([]);
    // Stalled at a small TV: a converged run, not a collapse.
    expect(diagnose(input({ learned: [0.28, 0.72], history: input({}).history.map((p) => ({ ...p, tv: 0.01, depthTv: 0, logZ: 0 })) }))).toEqual([]);
    expect(diagnose(input({ history: input({}).history.slice(0, 2) }))).toEqual([]);
  });
});

/** The number of edges of a structure-learning state (its key: the parent bit masks of the variables, "8,0,10,2"). */
function edgeCount(key: string): number {
  const parents = key.split(",").map(Number);
  return parents.reduce((n, mask) => n + mask.toString(2).split('').filter((b) => b === '1').length, 0);
}

describe('a forced collapse: TB, epsilon 0, free stop logit on structure learning', () => {
  let messages: FromSandbox[];
  beforeAll(async () => {
    messages = await runInProcess(structureLearning, trainConfig({ epsilon: 0, stopLogit: 'free', hidden: 256, iterations: 400, reportEvery: 50 }));
  }, 120_000);

  it('raises collapse, stop-depth, log-z and modes-lost, once each, and keeps them at the end', () => {
    const progress = messages.filter((m): m is Progress => m.type === 'progress').map((m) => m.progress);
    const codes = progress.at(-1)!.diagnosis!.map((d) => d.code);
    // modes-lost: the first, near-uniform policies sampled some of the near-max DAGs that the collapsed one no longer draws.
    expect(new Set(codes)).toEqual(new Set(['collapse', 'stop-depth', 'log-z', 'modes-lost']));
    expect(codes.length).toBe(4);
    // Not on the first reports: the detectors need three in a row.
    expect(progress[0].diagnosis).toEqual([]);
    const done = messages.at(-1) as Done;
    expect(done.type).toBe('done');
    expect(new Set(done.summary.diagnosis!.map((d) => d.code))).toEqual(new Set(codes));
    // Each notification is one short line, what and what to try (the first remedy, as a VS Code setting).
    for (const d of done.summary.diagnosis!) {
      const notice = noticeText('structure-learning', d, []);
      expect(notice.length, notice).toBeLessThan(160);
      expect(notice.startsWith(`structure-learning ${d.code}: ${d.headline}. Try gflownet.train.`), notice).toBe(true);
    }
    const collapse = done.summary.diagnosis!.find((d) => d.code === 'collapse')!;
    expect(collapse.headline).toMatch(/^wrong stop depth, \d+(\.\d)?% of the target never drawn \(TV 0\.9\d*\)$/);
  });

  it("its numbers agree with the exact engine: missed mass, the example, the TV, and mass and stop per edge count", () => {
    const done = messages.at(-1) as Done;
    const last = messages.filter((m): m is Flows => m.type === 'flows').at(-1)!.snapshot;
    const { dag } = explore(structureLearning);
    const target = targetDistribution(dag);
    // Without a graph, snapshots are indexed by DAG state.
    const learned = Array.from(dag.terminals, (x) => last.terminalProb[x]);
    const byCode = new Map(done.summary.diagnosis!.map((d) => [d.code, d] as [string, Diagnosis]));
    const collapse = byCode.get('collapse')!;
    if (collapse.code !== 'collapse') throw new Error('expected collapse');
    let missed = 0;
    dag.terminals.forEach((_, i) => { if (learned[i] < 1e-4) missed += target[i]; });
    expect(collapse.evidence.missedMass).toBeCloseTo(missed, 10);
    expect(collapse.evidence.missedMass).toBeGreaterThan(0.5);
    expect(collapse.evidence.tv).toBeCloseTo(done.summary.tv!, 12);
    const ex = dag.terminals.findIndex((x) => dag.keys[x] === collapse.evidence.example.key);
    expect(collapse.evidence.example.target).toBeCloseTo(target[ex], 12);
    expect(learned[ex]).toBeLessThan(1e-4);
    // A collapse onto the wrong depth (test/unit/train/collapseKind.test.ts has the other kind): its depth TV is the
    // stop-depth diagnosis's, at least half the TV, and the remedies are structure learning's.
    expect(collapse.evidence.kind).toBe('depth');
    expect(collapse.evidence.depthTv!).toBeGreaterThanOrEqual(0.5 * collapse.evidence.tv);
    expect(collapse.message).toContain('collapse onto the wrong depth (stop-depth)');

    // Mass per number of edges (every path to a DAG with k edges has k steps), independently of dag.depth.
    const stop = byCode.get('stop-depth')!;
    if (stop.code !== 'stop-depth') throw new Error('expected stop-depth');
    const edges = Array.from(dag.terminals, (x) => edgeCount(dag.keys[x]));
    const maxEdges = Math.max(...edges);
    const massAt = (p: ArrayLike<number>) => Array.from({ length: maxEdges + 1 }, (_, k) => edges.reduce((s, e, i) => s + (e === k ? p[i] : 0), 0));
    const t = massAt(target);
    const l = massAt(learned);
    for (const row of stop.evidence.rows) {
      expect(row.target).toBeCloseTo(t[row.depth], 10);
      expect(row.learned).toBeCloseTo(l[row.depth], 10);
      // Graded DAG: P(stop at k | reached k) = mass at k / mass at k or more.
      const tail = (m: number[]) => m.slice(row.depth).reduce((a, b) => a + b, 0);
      expect(row.targetStop!).toBeCloseTo(t[row.depth] / tail(t), 8);
      if (tail(l) > 1e-9) expect(row.learnedStop!).toBeCloseTo(l[row.depth] / tail(l), 6);
    }
    // The policy lives on the complete DAGs (6 edges) while the target puts most of its mass on fewer edges.
    expect(l[maxEdges]).toBeGreaterThan(0.99);
    expect(t.slice(0, maxEdges).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);
    expect(stop.message).toMatch(/of the policy's objects have depth 6; the target puts .* on shallower ones, where the policy almost never stops/);

    expect(collapse.evidence.depthTv).toBeCloseTo(stop.evidence.depthTv, 12);
    const logZ = byCode.get('log-z')!;
    if (logZ.code !== 'log-z') throw new Error('expected log-z');
    expect(logZ.evidence.true).toBeCloseTo(logPartitionFunction(dag), 8);
    expect(logZ.evidence.learned).toBeCloseTo(done.summary.logZ, 8);
  });
});

describe('a healthy run', () => {
  it('smiley at the defaults, reporting every 10 iterations, raises nothing: its log Z climbs 2.5 nats, still closing', async () => {
    // The first run of the first example: log Z starts at 0 and is more than 0.5 nats below log 12 for 300 iterations.
    const config = { ...resolveTrainConfig({ iterations: 1000, reportEvery: 10 }), backend: 'native' as const };
    const messages = await runInProcess(smileyExample, config);
    const done = messages.at(-1) as Done;
    expect(done.type).toBe('done');
    const logZs = messages.flatMap((m) => (m.type === 'progress' ? [m.progress.logZ] : []));
    expect(logZs.filter((z) => Math.abs(z - Math.log(12)) > 0.5).length).toBeGreaterThan(20);
    for (const m of messages) if (m.type === 'progress') expect(m.progress.diagnosis).toEqual([]);
    expect(done.summary.diagnosis).toEqual([]);
  }, 120_000);

  it('hypergrid at the defaults raises nothing', async () => {
    const config = { ...resolveTrainConfig({ iterations: 1000, reportEvery: 100 }), hidden: 64, backend: 'wasm' as const };
    const messages = await runInProcess(hypergridExample, config);
    const done = messages.at(-1) as Done;
    expect(done.type).toBe('done');
    expect(done.summary.tv!).toBeLessThan(0.05);
    expect(done.summary.diagnosis).toEqual([]);
    for (const m of messages) if (m.type === 'progress') expect(m.progress.diagnosis).toEqual([]);
  }, 120_000);
});
