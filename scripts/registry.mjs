// `npm run registry`: writes what is generated from the declarations of the settings: package.json's gflownet.*
// settings (contributes.configuration), the training ones from the objective registry (shared/objectives.ts) and the
// training configuration (src/train/config.ts), the others from extension/settingDeclarations.ts; and the objectives
// table of docs/objectives.md. test/unit/train/registry.test.ts and test/integration/shared/settings.test.ts fail until they
// agree. Only those parts of the two files change; everything else in them is kept as it is.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = await esbuild.build({
  stdin: {
    contents: "export { trainSettingsSchema } from './extension/trainSettings'; export { settingsSchema } from './extension/settingDeclarations'; export { objectivesTable, TABLE_START, TABLE_END } from './shared/objectives';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  logLevel: 'warning',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
const { trainSettingsSchema, settingsSchema, objectivesTable, TABLE_START, TABLE_END } = module.exports;

// package.json: the gflownet.* settings replace the old ones where the first of them was, other settings stay.
const packagePath = join(root, 'package.json');
const packageText = readFileSync(packagePath, 'utf8');
const pkg = JSON.parse(packageText);
const old = pkg.contributes.configuration.properties;
const generated = { ...trainSettingsSchema(), ...settingsSchema() };
const properties = {};
let placed = false;
for (const [key, value] of Object.entries(old)) {
  if (key.startsWith('gflownet.')) {
    if (!placed) Object.assign(properties, generated);
    placed = true;
  } else {
    properties[key] = value;
  }
}
pkg.contributes.configuration.properties = placed ? properties : { ...generated, ...properties };
const packageOut = `${JSON.stringify(pkg, null, 2)}\n`;
if (packageOut !== packageText) writeFileSync(packagePath, packageOut);
console.log(`package.json: ${Object.keys(generated).length} gflownet.* settings${packageOut === packageText ? ', unchanged' : ' written'}`);

// docs/objectives.md: the table between its markers.
const docsPath = join(root, 'docs/objectives.md');
const docsText = readFileSync(docsPath, 'utf8');
const start = docsText.indexOf(TABLE_START);
const end = docsText.indexOf(TABLE_END);
if (start < 0 || end < start) throw new Error(`docs/objectives.md: the markers ${TABLE_START} and ${TABLE_END} are missing`);
const docsOut = `${docsText.slice(0, start + TABLE_START.length)}\n${objectivesTable()}\n${docsText.slice(end)}`;
if (docsOut !== docsText) writeFileSync(docsPath, docsOut);
console.log(`docs/objectives.md: the objectives table${docsOut === docsText ? ', unchanged' : ' written'}`);
