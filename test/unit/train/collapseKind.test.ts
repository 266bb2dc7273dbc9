/**
 * The two kinds of collapse (src/train/diagnosis.ts collapseKind, src/train/rewardBasins.ts): onto one of the reward's
 * separated modes (the 3x3 Ising model at coupling 0.4, TB at epsilon 0 draws one of its two modes) against onto the
 * wrong depth (structure learning, in diagnosis.test.ts), each with its measured suggestion. The basins, the missed
 * mass and the saddle are checked against a brute force over the 512 spin configurations with single-spin flips as
 * neighbours, written without the DAG.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ising } from '../../../examples/ising.gfn';
import { explore } from '../../../src/dag/explore';
import type { Diagnosis } from '../../../shared/diagnosis';
import type { FromSandbox } from '../../../shared/protocol';
import { initBackend } from '../../../src/train/backend';
import { resolveTrainConfig } from '../../../src/train/config';
import { diagnose, type ReportPoint } from '../../../src/train/diagnosis';
import { collapseKind, missedModes } from '../../../src/train/collapseKind';
import { rewardBasins, saddleLogReward } from '../../../src/train/rewardBasins';
import { diagnosisLine, noticeText } from '../../../shared/diagnosisText';
import { formatNumber, formatPercent } from '../../../shared/format';
import { isingObjects } from './isingTruth';
import { runInProcess, trainConfig } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

type Done = Extract<FromSandbox, { type: 'done' }>;
type Flows = Extract<FromSandbox, { type: 'flows' }>;

/** isingTruth's configurations are at coupling 0.2: at 0.4 every log R doubles. */
const COUPLING_RATIO = 2;

/** Single-flip neighbours of configuration key k ('+'/'-' per site). */
function flips(key: string): string[] {
  return Array.from({ length: key.length }, (_, i) => key.slice(0, i) + (key[i] === '+' ? '-' : '+') + key.slice(i + 1));
}

describe('reward basins on the 3x3 Ising model', () => {
  const env = ising({ side: 3, coupling: 0.4 });
  const { dag } = explore(env);
  const keys = Array.from(dag.terminals, (x) => dag.keys[x]);
  const position = new Map(keys.map((k, i) => [k, i]));
  const logR = new Map(isingObjects().map((o) => [o.key, COUPLING_RATIO * o.logReward]));

  it('neighbours are the single-spin flips, and steepest ascent ends where a brute force over flips ends', () => {
    const basins = rewardBasins(dag);
    for (let i = 0; i < keys.length; i++) {
      expect(basins.neighbours(i).map((j) => keys[j]).sort()).toEqual(flips(keys[i]).sort());
    }
    // Brute force: climb to the flip of the largest reward while it is strictly larger (ties: the first in DAG order).
    const climb = (k: string): string => {
      for (;;) {
        let best = k;
        for (const f of [...flips(k)].sort((a, b) => position.get(a)! - position.get(b)!)) if (logR.get(f)! > logR.get(best)!) best = f;
        if (best === k) return k;
        k = best;
      }
    };
    for (let i = 0; i < keys.length; i++) expect(keys[basins.peakOf[i]]).toBe(climb(keys[i]));
    const peaks = basins.peaks.map((i) => keys[i]);
    expect(peaks).toContain('+++++++++');
    expect(peaks).toContain('---------');
  });

  it('the saddle between the two modes is the largest reward level at which flips join them (brute force)', () => {
    const basins = rewardBasins(dag);
    const up = position.get('+++++++++')!;
    const down = position.get('---------')!;
    const saddle = saddleLogReward(basins, new Set([basins.peakOf[down]]), new Set([basins.peakOf[up]]));
    // Brute force: the largest level L such that all-down reaches all-up through flips of log R >= L.
    const levels = [...new Set(logR.values())].sort((a, b) => b - a);
    const joinedAt = levels.find((level) => {
      const seen = new Set(['---------']);
      const queue = ['---------'];
      while (queue.length > 0) for (const f of flips(queue.pop()!)) if (!seen.has(f) && logR.get(f)! >= level) { seen.add(f); queue.push(f); }
      return seen.has('+++++++++');
    });
    expect(saddle).toBeCloseTo(joinedAt!, 10);
    expect(saddle).toBeLessThan(logR.get('+++++++++')! - 10);
  });
});

describe('collapseKind on hand-built cases', () => {
  it('depth first (the depth TV is half the TV or more), then whole modes holding half the missed mass, else support', () => {
    expect(collapseKind(0.99, 0.7, 0.9, { targetMass: 0.9 })).toBe('depth');
    expect(collapseKind(0.5, 0, 0.5, { targetMass: 0.49 })).toBe('modes');
    expect(collapseKind(0.5, 0, 0.5, { targetMass: 0.2 })).toBe('support');
    expect(collapseKind(0.5, 0.1, 0.5, null)).toBe('support');
  });

  it('a mode counts as missed only when the policy gives its whole basin under 1% of the basin target', () => {
    // Four objects on a path a-b-c-d with R 4,1,1,4: two basins {a,b} and {c,d}.
    const logR = [4, 1, 1, 4].map(Math.log);
    const nb = [[1], [0, 2], [1, 3], [2]];
    const basins = { peakOf: Int32Array.from([0, 0, 3, 3]), peaks: [0, 3], neighbours: (i: number) => nb[i], logReward: (i: number) => logR[i] };
    const target = [0.4, 0.1, 0.1, 0.4];
    const found = missedModes(basins, target, [0.8, 0.2 - 2e-3, 2e-3, 0]);
    // The peak d gets nothing, but its basin gets 0.002 of its 0.5: under 1%.
    expect(found).toMatchObject({ modes: 2, missed: 1, peakIndex: 3, saddleLogReward: 0 });
    expect(found!.targetMass).toBeCloseTo(0.5, 12);
    // The policy reaches c often: the basin is not missed, though its peak is.
    expect(missedModes(basins, target, [0.7, 0.2, 0.1, 0])).toBeNull();
  });
});

describe('a forced collapse onto one of two separated modes: TB, epsilon 0 on the 3x3 Ising model at coupling 0.4', () => {
  const env = ising({ side: 3, coupling: 0.4 });
  let messages: FromSandbox[];
  beforeAll(async () => {
    messages = await runInProcess(env, trainConfig({ hidden: 64, iterations: 500, reportEvery: 50 }));
  }, 120_000);

  it('raises collapse of the modes kind, with the missed basin mass, peak and saddle of a brute force, and suggests the temperature', () => {
    const done = messages.at(-1) as Done;
    expect(done.type).toBe('done');
    const collapse = done.summary.diagnosis!.find((d): d is Extract<Diagnosis, { code: 'collapse' }> => d.code === 'collapse');
    expect(collapse, JSON.stringify(done.summary.diagnosis?.map((d) => d.code))).toBeDefined();
    const { evidence } = collapse!;
    expect(evidence.kind).toBe('modes');
    // Every object has depth 9: the depth explains nothing (up to the float32 sum of the learned mass).
    expect(evidence.depthTv!).toBeLessThan(1e-6);

    const { dag } = explore(env);
    const keys = Array.from(dag.terminals, (x) => dag.keys[x]);
    const last = messages.filter((m): m is Flows => m.type === 'flows').at(-1)!.snapshot;
    const learned = new Map(keys.map((k, i) => [k, last.terminalProb[dag.terminals[i]]]));
    const objects = isingObjects();
    const z = objects.reduce((s, o) => s + Math.exp(COUPLING_RATIO * o.logReward), 0);
    const target = new Map(objects.map((o) => [o.key, Math.exp(COUPLING_RATIO * o.logReward) / z]));
    // The policy keeps one of the two modes: the other is the missed peak.
    const kept = learned.get('+++++++++')! > learned.get('---------')! ? '+++++++++' : '---------';
    const lost = kept === '+++++++++' ? '---------' : '+++++++++';
    expect(learned.get(lost)!).toBeLessThan(1e-4);
    expect(evidence.modes!.peak.key).toBe(lost);
    expect(evidence.modes!.peak.target).toBeCloseTo(target.get(lost)!, 10);

    // The missed mass over the basins the engine flags, summed by brute force from the flips (a basin is missed when its
    // peak gets < 1e-4 and the basin < 1% of its target).
    const logR = new Map(objects.map((o) => [o.key, COUPLING_RATIO * o.logReward]));
    const order = new Map(keys.map((k, i) => [k, i]));
    const peakOf = (k: string): string => {
      for (;;) {
        let best = k;
        for (const f of [...flips(k)].sort((a, b) => order.get(a)! - order.get(b)!)) if (logR.get(f)! > logR.get(best)!) best = f;
        if (best === k) return k;
        k = best;
      }
    };
    const basinTarget = new Map<string, number>();
    const basinLearned = new Map<string, number>();
    for (const k of keys) {
      const p = peakOf(k);
      basinTarget.set(p, (basinTarget.get(p) ?? 0) + target.get(k)!);
      basinLearned.set(p, (basinLearned.get(p) ?? 0) + learned.get(k)!);
    }
    const missed = [...basinTarget.keys()].filter((p) => learned.get(p)! < 1e-4 && basinLearned.get(p)! < 0.01 * basinTarget.get(p)!);
    expect(evidence.modes!.modes).toBe(basinTarget.size);
    expect(evidence.modes!.missed).toBe(missed.length);
    expect(evidence.modes!.targetMass).toBeCloseTo(missed.reduce((s, p) => s + basinTarget.get(p)!, 0), 8);
    expect(evidence.modes!.targetMass).toBeGreaterThan(0.45);
    expect(evidence.modes!.peakLogReward).toBeCloseTo(logR.get(lost)!, 10);
    expect(evidence.modes!.saddleLogReward!).toBeLessThan(logR.get(lost)! - 5);

    expect(collapse!.message).toMatch(/collapse onto some of the reward's modes: the policy misses whole modes .* holding (4[5-9]|50)(\.\d)?% of the target/);
    expect(collapse!.message).toContain(`the largest around ${lost} (R `);
    // Its suggestions are those measured on this model, not structure learning's.
    expect(collapse!.suggestion.map((s) => s.settings.map((x) => `${x.key}=${x.value}`).join(' '))).toEqual(['temperature=2', 'epsilon=0.25']);
    expect(diagnosisLine(collapse!, 'flag')).toMatch(/Try --temperature 2: on the 3x3 Ising model at --beta 2 .* to the end \(exact TV 0.500\), it took the exact TV at the end to 0.005/);
    expect(diagnosisLine(collapse!, 'flag')).not.toContain('structure learning');
    // The notification: what and what to try in one short line; the numbers' detail is the panel's.
    const notice = noticeText('ising-strong', collapse!, []);
    expect(notice).toBe(`ising-strong collapse: whole modes missed, ${formatPercent(evidence.modes!.targetMass)} of the target never drawn ` +
      `(TV ${formatNumber(evidence.tv, 3)}). Try gflownet.train.temperature: 2.`);
    expect(notice.length).toBeLessThan(160);
  });

  it('the same history with a depth TV of half the TV is a collapse onto the wrong depth, with structure learning\'s remedies', () => {
    const history: ReportPoint[] = [100, 200, 300, 400].map((iteration, i) => ({ iteration, tv: 0.9, loss: 10 - 3 * i, logZ: 0, depthTv: 0.6, modesLost: 0 }));
    const found = diagnose({
      config: resolveTrainConfig({ epsilon: 0, stopLogit: 'free' }), history, target: [0.3, 0.7], learned: [1, 0],
      objectOf: (i) => ({ key: `x${i}` }), depth: [], trueLogZ: null, foundModes: [],
      basins: () => { throw new Error('a depth collapse needs no basins'); },
    });
    const collapse = found.find((d) => d.code === 'collapse')!;
    expect(collapse.code === 'collapse' && collapse.evidence.kind).toBe('depth');
    expect(collapse.message).toContain('collapse onto the wrong depth (stop-depth)');
    expect(diagnosisLine(collapse, 'flag')).toContain('Try --stop-logit reward --epsilon 0.1: on structure learning');
  });
});
