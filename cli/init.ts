/**
 * `gfn init [--template NAME] FILE`: writes a new environment from a template (src/authoring/templates.ts), the
 * same files as the extension's "GFlowNet: New Environment". An existing file is never overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_TEMPLATE, environmentFileName, templateText, TEMPLATES } from '../src/authoring/templates';
import { parseCommandArgs, UsageError } from './args';

const nameWidth = Math.max(...TEMPLATES.map((t) => t.name.length));

export const INIT_HELP = `init [--template NAME] FILE
      Write a new environment FILE (.gfn.ts is added when missing) from a template, then validate or train it.
      --template NAME  one of these (default ${DEFAULT_TEMPLATE}):
${TEMPLATES.map((t) => `        ${t.name.padEnd(nameWidth)} ${t.description}`).join('\n')}
      An existing FILE is never overwritten (exit 1).`;

export function initCommand(argv: string[], usage: () => string): number {
  const args = parseCommandArgs('init', argv, { template: { type: 'string', needs: 'a template name' } });
  if (args.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'init needs a FILE to write' : `init takes one FILE, got ${args.positionals.length}`);
  const template = args.options.find((o) => o.name === 'template')?.value ?? DEFAULT_TEMPLATE;
  if (!TEMPLATES.some((t) => t.name === template)) throw new UsageError(`--template must be one of ${TEMPLATES.map((t) => t.name).join('|')}, got '${template}'`);
  const file = path.resolve(environmentFileName(args.positionals[0]));
  if (fs.existsSync(file)) {
    process.stderr.write(`gfn init: ${file} exists: choose another name (an existing file is never overwritten)\n`);
    return 1;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // 'wx': fails rather than overwrite a file created since the check.
  fs.writeFileSync(file, templateText(template), { flag: 'wx' });
  process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file} (template ${template}); next: gfn validate ${path.relative(process.cwd(), file) || file}\n`);
  return 0;
}
