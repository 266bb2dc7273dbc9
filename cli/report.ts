/**
 * `gfn report RUN_DIR [--out report.html]`: a standalone HTML page of a finished run, with the flow graph panel's own
 * bundle (dist/webview.js) inlined and the run's data embedded, so the page opens offline from a file. Reading and
 * checking the run directory and building the page are src/run/runReport.ts's (the extension's runs view makes the
 * same page); this file parses the arguments, finds the bundle and prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatKiB } from '../shared/format';
import { RunDirError, writeReport } from '../src/run/runReport';
import { rewardMeanText } from '../shared/rewardDistributionText';

import { runPaths, StoreError } from '../src/run/runStore';
import { parseCommandArgs, UsageError, usageErrorText, usageText } from './args';

export interface ReportIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** dist/webview.js; found beside the CLI bundle (or under dist/ when run from source) when omitted. */
  bundlePath?: string;
}

const defaultIo: ReportIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** The entry of `gfn --help`. */
export const REPORT_HELP = `report RUN_DIR [--out FILE.html]
      Write a standalone HTML page of a finished run (the directory of \`gfn train --out\`): flow graph, curves,
      histogram. Opens offline; default output RUN_DIR/report.html.`;

interface ReportArgs {
  runDir: string;
  out: string;
}

function parseReportArgs(argv: string[]): ReportArgs | 'help' {
  const parsed = parseCommandArgs('report', argv, { out: { type: 'string', short: 'o', needs: 'a file name', noDashValue: true } });
  if (parsed.help) return 'help';
  const out = parsed.options.filter((o) => o.name === 'out').at(-1)?.value;
  const [runDir, ...extra] = parsed.positionals;
  if (runDir === undefined) throw new UsageError('report needs a RUN_DIR (the --out directory of gfn train)');
  if (extra.length > 0) throw new UsageError(`report takes one RUN_DIR, got ${parsed.positionals.join(' ')}`);
  return { runDir, out: out ?? runPaths(runDir).report };
}

/** dist/webview.js, the panel's bundle that a standalone page inlines (gfn report, gfn compare). */
export function findPanelBundle(bundlePath?: string): string {
  const candidates = bundlePath
    ? [bundlePath]
    : [join(__dirname, 'webview.js'), join(__dirname, '..', 'dist', 'webview.js')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new RunDirError(`${candidates[0]}: the panel bundle is missing; run \`npm run build\``);
  return found;
}

export async function reportCommand(argv: string[], io: ReportIo = defaultIo): Promise<number> {
  let args: ReportArgs | 'help';
  try {
    args = parseReportArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(usageErrorText('report', error.message, usageText([REPORT_HELP], false)).trimEnd());
    return 2;
  }
  if (args === 'help') {
    io.out(usageText([REPORT_HELP], false));
    return 0;
  }
  try {
    const { data, bytes } = writeReport(args.runDir, args.out, readFileSync(findPanelBundle(io.bundlePath), 'utf8'));
    const g = data.graph;
    io.out(
      `wrote ${args.out} (${formatKiB(bytes)}): ${g?.nodes.length ?? 0} states, ` +
        `${g?.edges.length ?? 0} edges, ${data.progress.length} progress points${data.snapshot ? ', learned flows' : ', exact flows only'}`,
    );
    const rewards = data.summary?.rewardDistribution;
    if (rewards) io.out(`reward of samples: ${rewardMeanText(rewards)} (the page's side column charts it)`);
    const diagnosis = data.summary?.diagnosis ?? [];
    if (diagnosis.length > 0) io.out(`diagnosis: ${diagnosis.map((d) => d.code).join(', ')} (the page's side column has the numbers and what to try)`);
    return 0;
  } catch (error) {
    if (error instanceof RunDirError || error instanceof StoreError) {
      io.err(`gfn report: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
