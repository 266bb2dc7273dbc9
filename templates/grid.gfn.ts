// Grid: walk right or up on a 6 x 6 grid from the corner (0, 0); every cell is a finished object (canStop), as in
// the HyperGrid of the original GFlowNet paper. R is high near two opposite corners, low elsewhere.
import { defineEnvironment } from 'gflownet-studio';

const side = 6;
type Cell = [number, number];

export default defineEnvironment({
  name: '6 x 6 grid',
  initial: [0, 0] as Cell,
  actionSpace: ['right', 'up'],
  actions: ([x, y]) => [...(x < side - 1 ? ['right'] : []), ...(y < side - 1 ? ['up'] : [])],
  step: ([x, y], move): Cell => (move === 'right' ? [x + 1, y] : [x, y + 1]),
  // Stopping is allowed anywhere: every cell is a terminal object, not only the far corner.
  canStop: () => true,
  reward: ([x, y]) => 0.2 + 2 * Math.exp(-((x - 5) ** 2 + y ** 2) / 2) + 2 * Math.exp(-(x ** 2 + (y - 5) ** 2) / 2),
  encode: ([x, y]) => [x / (side - 1), y / (side - 1), ...Array.from({ length: side }, (_, i) => (x === i ? 1 : 0)), ...Array.from({ length: side }, (_, i) => (y === i ? 1 : 0))],
  render: ([x, y]) => `(${x}, ${y})`,
});
