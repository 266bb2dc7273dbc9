// A new GFlowNet environment. Fill in the five required fields; the optional ones are below, commented out.
// Docs: docs/authoring.md (fields, diagnostics, state identity). Train it with "GFlowNet: Train" or `gfn train`.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  // Shown in the CodeLens, the panel and reports.
  name: 'my environment',
  // The initial state s0: a string, a number, an array, an object, a Set, a Map...
  initial: '',
  // The allowed actions in state s. An empty list makes s a finished object (a terminal sink).
  actions: (s) => (s.length < 3 ? ['0', '1'] : []),
  // The child of s by action a. Deterministic; return a new value, never change s.
  step: (s, a) => s + a,
  // R(x) >= 0 for every finished object x: the GFlowNet samples x with probability R(x) / Z.
  reward: (x) => 1 + x.split('').filter((bit) => bit === '1').length,

  // Optional: s may also stop while it still has actions (every state is then a finished object, as in a grid).
  // canStop: (s) => true,
  // Optional: which states are the same (the default compares contents: arrays, objects, Sets, Maps...).
  // key: (s) => s,
  // Optional: every action, the output layer of the policy network (default: the actions seen while exploring).
  // actionSpace: ['0', '1'],
  // Optional: fixed-length features for the policy network (default: one-hot of the explored state).
  // encode: (s) => [s.length, ...[0, 1, 2].map((i) => (s[i] === '1' ? 1 : 0))],
  // Optional: a label for the flow graph (plain text, or an SVG document starting with <svg).
  // render: (s) => s || '(empty)',
  // Optional, for spaces too large to explore: every (parent, action) with step(parent, action) = s.
  // parents: (s) => (s === '' ? [] : [{ state: s.slice(0, -1), action: s.slice(-1) }]),
  // Optional: x is a mode of the task (true or false); training reports the modes it has found.
  // isMode: (x) => x === '111',
});
