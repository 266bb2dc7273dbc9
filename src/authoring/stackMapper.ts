/**
 * Stack frames of user code mapped back to the `.gfn.ts`: the loader (src/userCode/loader.ts) evaluates compiled
 * code under a virtual filename, and diagnostics (src/userCode/failures.ts) place a failure at its throw site.
 */
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import type { CompiledFile } from './compile';
import type { SourceLocation } from '../../shared/diagnostics';

/** Maps stack frames of the evaluated code back to the `.gfn.ts`. */
export class StackMapper {
  private readonly map: SourceMap;
  constructor(
    private readonly compiled: CompiledFile,
    readonly virtualName: string,
  ) {
    this.map = new SourceMap(compiled.map);
  }

  /** The first stack frame of a stack text that lies in the `.gfn.ts` itself, as a 1-based location. */
  throwSite(stack: string | undefined): SourceLocation | undefined {
    if (typeof stack !== 'string') return undefined;
    for (const line of stack.split('\n')) {
      const m = /^\s*at (?:.*? \()?(.*):(\d+):(\d+)\)?$/.exec(line);
      if (!m || m[1] !== this.virtualName) continue;
      const entry = this.map.findEntry(Number(m[2]) - 1, Number(m[3]) - 1) as Partial<{
        originalSource: string;
        originalLine: number;
        originalColumn: number;
      }>;
      if (entry.originalSource === undefined || entry.originalLine === undefined) continue;
      const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : entry.originalSource;
      if (path.resolve(this.compiled.mapDir, source) !== this.compiled.file) continue;
      return { line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
    }
    return undefined;
  }
}
