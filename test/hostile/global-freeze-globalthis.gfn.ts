// hostile globals: after the default export, the global object (where the realm allows it) and every global value are frozen; log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };

export default defineEnvironment({
  name: 'frozen global object',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});

const g = globalThis as unknown as Record<string, unknown>;
for (const name of Object.getOwnPropertyNames(g)) {
  const value = g[name];
  if (value === globalThis || !((typeof value === 'object' && value !== null) || typeof value === 'function')) continue;
  try {
    Object.freeze(value);
    if (typeof value === 'function' && value.prototype) Object.freeze(value.prototype);
  } catch {
    // A value the realm will not let freeze (an exotic object): leave it.
  }
}
try {
  Object.freeze(globalThis); // a vm context's global cannot be frozen: V8 throws "Cannot freeze" there
} catch {
  // Refused by the realm: the values above are frozen all the same.
}
