/**
 * Finds where things are declared in a `.gfn.ts` source without shipping the TypeScript compiler: a small scanner
 * that skips comments, strings and template literals, finds the object literal passed to `defineEnvironment(...)`
 * and records the position of each of its top-level properties (`reward`, `step`, ...), plus `export default`.
 * Diagnostics about a user function are placed on its property.
 */
import type { SourceLocation } from '../../shared/protocol';

export interface SourceOutline {
  /** Top-level properties of the first `defineEnvironment({...})` object literal, by name. */
  properties: Map<string, SourceLocation>;
  /** The `defineEnvironment` call, when found. */
  defineCall?: SourceLocation;
  /** The `export default` statement, when found. */
  defaultExport?: SourceLocation;
}

const FIRST_LINE: SourceLocation = { line: 1, column: 1 };

/** Maps character offsets to 1-based line/column. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number, length = 0): SourceLocation {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const line = lo + 1;
    const column = offset - this.starts[lo] + 1;
    return length > 0 ? { line, column, endLine: line, endColumn: column + length } : { line, column };
  }
}

/**
 * The code of `text` with comments, string contents and template literal text blanked out (replaced by spaces,
 * newlines kept), so that offsets are unchanged and a plain search for identifiers and brackets is safe.
 * Template substitutions `${...}` stay code. Regular expression literals are not recognised (rare in environments).
 */
export function blankNonCode(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // Stack of brace depths at which a template substitution started: `}` at that depth resumes the template.
  const templateStack: number[] = [];
  let depth = 0;
  let i = 0;
  const scanTemplate = (start: number): number => {
    // start is just after a backtick or a substitution's closing brace; returns the index after the template part.
    let k = start;
    while (k < text.length) {
      const c = text[k];
      if (c === '\\') k += 2;
      else if (c === '`') {
        blank(start, k);
        return k + 1;
      } else if (c === '$' && text[k + 1] === '{') {
        blank(start, k);
        templateStack.push(depth);
        depth++;
        return k + 2;
      } else k++;
    }
    blank(start, text.length);
    return text.length;
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < text.length && text[k] !== c && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(k, text.length));
      i = k + 1;
    } else if (c === '`') {
      i = scanTemplate(i + 1);
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (templateStack.length && templateStack[templateStack.length - 1] === depth) {
        templateStack.pop();
        i = scanTemplate(i + 1);
      } else i++;
    } else i++;
  }
  return out.join('');
}

const IDENT = /[A-Za-z_$][\w$]*/y;

/** The outline of a `.gfn.ts` source: see {@link SourceOutline}. Never throws. */
export function outlineSource(text: string): SourceOutline {
  const code = blankNonCode(text);
  const lines = new LineIndex(text);
  const properties = new Map<string, SourceLocation>();
  const outline: SourceOutline = { properties };

  const exportMatch = /\bexport\s+default\b/.exec(code);
  if (exportMatch) outline.defaultExport = lines.at(exportMatch.index, 'export default'.length);

  const callRe = /\bdefineEnvironment\s*(<)?/g;
  for (let m = callRe.exec(code); m; m = callRe.exec(code)) {
    let k = m.index + m[0].length;
    if (m[1]) k = skipBalanced(code, k - 1, '<', '>');
    k = skipSpace(code, k);
    if (code[k] !== '(') continue;
    k = skipSpace(code, k + 1);
    if (code[k] !== '{') continue;
    outline.defineCall = lines.at(m.index, 'defineEnvironment'.length);
    collectProperties(code, k, (name, offset) => {
      if (!properties.has(name)) properties.set(name, lines.at(offset, name.length));
    });
    break;
  }
  return outline;
}

/** Calls `found` for each property name at depth 1 of the object literal whose `{` is at `open`. */
function collectProperties(code: string, open: number, found: (name: string, offset: number) => void): void {
  let depth = 0;
  let expectName = true;
  for (let k = open; k < code.length; k++) {
    const c = code[k];
    if (c === '{' || c === '(' || c === '[') {
      depth++;
      if (depth === 1) expectName = true;
      continue;
    }
    if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return;
      continue;
    }
    if (depth !== 1) continue;
    if (c === ',') {
      expectName = true;
      continue;
    }
    if (!expectName || /\s/.test(c)) continue;
    IDENT.lastIndex = k;
    let m = IDENT.exec(code);
    // Method modifiers: `async reward(x) {...}`, `get name() {...}`.
    if (m && (m[0] === 'async' || m[0] === 'get' || m[0] === 'set')) {
      const after = skipSpace(code, k + m[0].length);
      IDENT.lastIndex = after;
      const m2 = IDENT.exec(code);
      if (m2 && after > k + m[0].length) {
        k = after;
        m = m2;
      }
    }
    if (m) {
      found(m[0], k);
      k += m[0].length - 1;
    }
    expectName = false;
  }
}

function skipSpace(code: string, k: number): number {
  while (k < code.length && /\s/.test(code[k])) k++;
  return k;
}

function skipBalanced(code: string, k: number, open: string, close: string): number {
  let depth = 0;
  for (; k < code.length; k++) {
    if (code[k] === open) depth++;
    else if (code[k] === close && --depth === 0) return k + 1;
  }
  return k;
}

/** Where a diagnostic about property `name` goes: the property, else the defineEnvironment call, else line 1. */
export function propertyLocation(outline: SourceOutline, name: string): SourceLocation {
  return outline.properties.get(name) ?? outline.defineCall ?? outline.defaultExport ?? FIRST_LINE;
}

/** Where diagnostics about the environment as a whole go. */
export function environmentLocation(outline: SourceOutline): SourceLocation {
  return outline.defaultExport ?? outline.defineCall ?? FIRST_LINE;
}
