/**
 * The templates a new environment starts from (templates/*.gfn.ts, copied beside the bundles into dist/templates by
 * scripts/build.mjs): `gfn init` and the extension's "GFlowNet: New Environment" write one into the user's folder.
 * Each validates clean and trains (test/integration/authoring/templates.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Template {
  name: string;
  title: string;
  description: string;
  /**
   * An environment of a paper (docs/authoring.md, "From the literature"), the same file as examples/<name>.gfn.ts: a
   * benchmark of the trainer, not a starting point promised to train to TV <= 0.02 in 2,000 iterations.
   */
  literature?: boolean;
}

export const TEMPLATES: readonly Template[] = [
  { name: 'skeleton', title: 'Empty skeleton', description: 'the five required fields, every optional field commented with what it is for' },
  { name: 'sets', title: 'Sets', description: 'choose 3 of 6 items: many parents per state' },
  { name: 'sequences', title: 'Sequences', description: 'words of 4 letters written left to right: a tree' },
  { name: 'grid', title: 'Grid', description: 'walk right or up on a 6 x 6 grid, stop anywhere (HyperGrid)' },
  { name: 'graph', title: 'Graph building', description: 'add edges to a graph on 4 nodes, stop anywhere' },
  // From the literature: test/integration/examples/zoo.test.ts keeps each equal to its example.
  { name: 'ising', title: 'Ising model', description: 'set the spins of a 3 x 3 lattice in any order, R = exp(-energy) (Zhang et al. 2022)', literature: true },
  { name: 'bit-sequences', title: 'Bit sequences with modes', description: '8 bits written 2 at a time, R = exp(-distance to the nearest mode) (Malkin et al. 2022)', literature: true },
  { name: 'set-addition', title: 'Set addition', description: 'add up to 5 of 10 items, stop anywhere (torchgfn SetAddition)', literature: true },
  { name: 'perfect-tree', title: 'Perfect binary tree', description: 'one trajectory per leaf, 1,024 leaves (torchgfn PerfectBinaryTree)', literature: true },
  { name: 'graph-building', title: 'Unlabelled graph building', description: 'add nodes and edges up to 6 nodes, isomorphic graphs one state, rings rewarded', literature: true },
  { name: 'structure-learning', title: 'Bayesian structure learning', description: 'DAGs over 4 variables, R = exp(BGe score) of seeded data (DAG-GFlowNet, Deleu et al. 2022)', literature: true },
];

export const DEFAULT_TEMPLATE = 'skeleton';

/** Where the template files are: dist/templates beside the running bundle, or templates/ of the repository. */
export function templatesDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [path.join(here, 'templates'), path.resolve(here, '../../templates'), path.resolve(here, '../templates')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, `${DEFAULT_TEMPLATE}.gfn.ts`))) ?? candidates[0];
}

export function templateText(name: string): string {
  if (!TEMPLATES.some((t) => t.name === name)) throw new Error(`no template '${name}': there are ${TEMPLATES.map((t) => t.name).join(', ')}`);
  return fs.readFileSync(path.join(templatesDir(), `${name}.gfn.ts`), 'utf8');
}

/** The file a new environment goes to: FILE as given when it ends in .gfn.ts, else FILE.gfn.ts. */
export function environmentFileName(file: string): string {
  return file.endsWith('.gfn.ts') ? file : `${file.replace(/\.ts$/, '')}.gfn.ts`;
}
