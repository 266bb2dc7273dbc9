/**
 * `npm run bench [-- NAME...]`: runs the benchmarks in order, or only those whose name contains one of NAMEs.
 * Each engine adds its benchmark to BENCHES.
 */
import { benchExplore } from './explore';
import { benchTraining } from './train';

interface Bench {
  name: string;
  run(): Promise<unknown>;
}

const BENCHES: Bench[] = [{ name: 'explore', run: benchExplore }, { name: 'train', run: benchTraining }];

async function main(filters: string[]): Promise<number> {
  const chosen = BENCHES.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
  if (chosen.length === 0) {
    console.error(`no benchmark matches ${filters.join(', ')}; there are: ${BENCHES.map((b) => b.name).join(', ')}`);
    return 2;
  }
  for (const b of chosen) {
    console.log(`== bench ${b.name}`);
    await b.run();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exitCode = 1;
  },
);
