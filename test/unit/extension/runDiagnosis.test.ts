/** The runs view names a stored run's training diagnosis (extension/runDescription.ts): first in its description, in full in its tooltip. */
import { describe, expect, it } from 'vitest';
import { describeRun, runTooltip, type StoredRun } from '../../../extension/runDescription';
import { resolveTrainConfig } from '../../../src/train/config';
import type { Diagnosis } from '../../../shared/diagnosis';
import type { TrainSummary } from '../../../shared/trainSummary';

const logZ: Diagnosis = {
  code: 'log-z', message: 'the learned log Z -426.4 is 4.59 nats below the true -421.8 (Z learned / Z = 0.0102)',
  evidence: { learned: -426.4, true: -421.8 }, suggestion: [], iteration: 400,
};
const summary = {
  loss: 'tb', iterations: 400, trajectories: 6400, seconds: 5, trajectoriesPerSecond: 1280, backend: 'wasm', backendName: 'wasm', threads: 1,
  logZ: -426.4, trueLogZ: -421.8, tv: 0.989, jsd: 0.66, finalLoss: 0.03, empiricalTv: 0.99, modesFound: 2, modes: 8, states: 543,
  terminals: 543, expandedOnDemand: false, logRewardFloor: -1e9, config: resolveTrainConfig({ iterations: 400 }), diagnosis: [logZ],
} satisfies TrainSummary;

describe('a stored run with a diagnosis in the runs view', () => {
  const at = new Date('2026-12-07T08:00:00Z');
  const run: StoredRun = { dir: '/runs/x', name: '20261207-075900-tb', summary, environment: null, time: new Date('2026-12-07T07:59:00Z') };

  it('says the codes first in the description and the messages in the tooltip', () => {
    expect(describeRun(run, at).description).toBe('⚠ log-z · 400 iterations · 1 min ago');
    expect(runTooltip(run)).toContain(`Diagnosis log-z: ${logZ.message}.`);
  });

  it('says nothing for a run without one (none held, or stored before diagnoses existed)', () => {
    expect(describeRun({ ...run, summary: { ...summary, diagnosis: [] } }, at).description).toBe('400 iterations · 1 min ago');
    const { diagnosis: _, ...old } = summary;
    expect(runTooltip({ ...run, summary: old })).not.toContain('Diagnosis');
  });
});
