/**
 * The templates a new environment starts from (templates/*.gfn.ts, copied beside the bundles into dist/templates by
 * scripts/build.mjs): `gfn init` and the extension's "GFlowNet: New Environment" write one into the user's folder.
 * Each validates clean and trains (test/unit/authoring/templates.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Template {
  name: string;
  title: string;
  description: string;
}

export const TEMPLATES: readonly Template[] = [
  { name: 'skeleton', title: 'Empty skeleton', description: 'the five required fields, every optional field commented with what it is for' },
  { name: 'sets', title: 'Sets', description: 'choose 3 of 6 items: many parents per state' },
  { name: 'sequences', title: 'Sequences', description: 'words of 4 letters written left to right: a tree' },
  { name: 'grid', title: 'Grid', description: 'walk right or up on a 6 x 6 grid, stop anywhere (HyperGrid)' },
  { name: 'graph', title: 'Graph building', description: 'add edges to a graph on 4 nodes, stop anywhere' },
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
