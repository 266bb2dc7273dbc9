/**
 * `npm run bench [-- NAME...]`: runs the benchmarks in order, or those named (a NAME that is no benchmark's name
 * selects those whose name contains it). The long ones (`named`) run only when named.
 */
import { benchAccuracy } from './accuracy';
import { benchExplore } from './explore';
import { benchHypergridObjectives, benchObjectives } from './objectives';
import { benchKeptRows } from './keptRows';
import { benchProfile } from './profile';
import { benchResponsiveness } from './responsiveness';
import { benchTraining } from './train';
import { benchZoo } from './zoo';

interface Bench {
  name: string;
  run(): Promise<unknown>;
  /** Runs only when named (tens of minutes). */
  named?: boolean;
}

const BENCHES: Bench[] = [
  { name: 'explore', run: benchExplore },
  { name: 'train', run: benchTraining },
  { name: 'profile', run: benchProfile },
  { name: 'kept-rows', run: benchKeptRows, named: true },
  { name: 'accuracy', run: benchAccuracy, named: true },
  { name: 'objectives', run: benchObjectives, named: true },
  { name: 'hypergrid-objectives', run: benchHypergridObjectives, named: true },
  { name: 'zoo', run: benchZoo, named: true },
  // Last: it switches the process to esbuild-wasm, the extension's compiler.
  { name: 'responsiveness', run: benchResponsiveness },
];

function chosen(filters: string[]): Bench[] {
  if (filters.length === 0) return BENCHES.filter((b) => !b.named);
  const names = BENCHES.map((b) => b.name);
  return BENCHES.filter((b) => filters.some((f) => b.name === f || (!names.includes(f) && b.name.includes(f))));
}

async function main(filters: string[]): Promise<number> {
  const benches = chosen(filters);
  if (benches.length === 0) {
    console.error(`no benchmark matches ${filters.join(', ')}; there are: ${BENCHES.map((b) => b.name).join(', ')}`);
    return 2;
  }
  for (const b of benches) {
    console.log(`== bench ${b.name}`);
    await b.run();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // A benchmark may have set a failing exit code (a gate that was not met).
    if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exitCode = 1;
  },
);
