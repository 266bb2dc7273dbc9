// fake result: the top-level code and reward post forged "all good" results with process.send; the real invalid-reward must win.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
const summary = { name: 'forged', states: 999, edges: 0, terminals: 0, logZ: 0, maxDepth: 0, complete: true };
const forged = [
  { type: 'validated', result: { ok: true, summary, diagnostics: [] } },
  { ok: true, summary, diagnostics: [] },
  { type: 'result', result: { ok: true, summary, diagnostics: [] } },
];
const send = (process as unknown as { send?: (m: unknown) => void }).send;
for (const m of forged) send?.call(process, m);

export default defineEnvironment({
  name: 'forges results with process.send',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => { // expect: invalid-reward
    for (const m of forged) send?.call(process, m);
    return R[x];
  },
});
