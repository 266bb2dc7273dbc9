/**
 * Finds where things are declared in a `.gfn.ts`, with a real parser and without shipping the TypeScript compiler:
 * acorn parses esbuild's JavaScript output (src/authoring/compile.ts), and each position is mapped back to the
 * `.gfn.ts` through esbuild's source map, which marks every property key. It records the object literal passed to
 * `defineEnvironment(...)` with the position of each of its top-level properties (`reward`, `step`, ...), and the
 * `export default` statement. Diagnostics about a user function are placed on its property.
 * Comments, strings, template literals and regular expression literals (`/"/`) are the parser's business: no text
 * search can be misled by them.
 */
import { parse, type CallExpression, type Expression, type Node, type ObjectExpression, type Program, type Property } from 'acorn';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import type { CompiledFile } from './compile';
import type { SourceLocation } from '../../shared/diagnostics';

export interface SourceOutline {
  /** Top-level properties of the first `defineEnvironment({...})` object literal, by name. */
  properties: Map<string, SourceLocation>;
  /** The `defineEnvironment` call, when found. */
  defineCall?: SourceLocation;
  /** The `export default` statement, when found. */
  defaultExport?: SourceLocation;
}

const FIRST_LINE: SourceLocation = { line: 1, column: 1 };

/** Maps positions of esbuild's output to 1-based places in the `.gfn.ts` (not in files it imports). */
class OriginalPositions {
  private readonly map: SourceMap;
  private readonly lineStarts: number[] = [0];
  constructor(private readonly compiled: CompiledFile) {
    this.map = new SourceMap(compiled.map);
    const text = compiled.source;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** Where the generated node starts in the `.gfn.ts`, spanning `length` characters; undefined outside it. */
  of(node: Node, length = 0): SourceLocation | undefined {
    const start = node.loc?.start;
    if (!start) return undefined;
    const entry = this.map.findEntry(start.line - 1, start.column) as Partial<{
      generatedLine: number;
      generatedColumn: number;
      originalSource: string;
      originalLine: number;
      originalColumn: number;
    }>;
    // Only a mapping of this very position: a nearby one would name the wrong token.
    if (entry.generatedLine !== start.line - 1 || entry.generatedColumn !== start.column) return undefined;
    if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
    const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : entry.originalSource;
    if (path.resolve(this.compiled.mapDir, source) !== this.compiled.file) return undefined;
    const line = entry.originalLine + 1;
    const column = entry.originalColumn + 1;
    return length > 0 ? { line, column, endLine: line, endColumn: column + length } : { line, column };
  }

  /** The offset in the `.gfn.ts` of a 1-based place. */
  offset(at: SourceLocation): number {
    return (this.lineStarts[at.line - 1] ?? 0) + at.column - 1;
  }

  /** The 1-based place of an offset in the `.gfn.ts`. */
  at(offset: number, length: number): SourceLocation {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= offset) line++;
    const column = offset - this.lineStarts[line] + 1;
    return { line: line + 1, column, endLine: line + 1, endColumn: column + length };
  }
}

/** Every node of the tree, in source order (parents before children). */
function* nodes(node: Node): Generator<Node> {
  yield node;
  for (const value of Object.values(node) as unknown[]) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) yield* nodes(item);
    } else if (isNode(value)) yield* nodes(value);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && typeof (value as { start?: unknown }).start === 'number';
}

/**
 * The callee of a call of `defineEnvironment(...)`, or of esbuild's `(0, import_x.defineEnvironment)(...)`: the
 * member expression `import_x.defineEnvironment`, which esbuild maps to `defineEnvironment` in the source.
 */
function defineEnvironmentCallee(call: CallExpression): Node | undefined {
  let callee = call.callee as Expression;
  if (callee.type === 'SequenceExpression') callee = callee.expressions[callee.expressions.length - 1];
  if (callee.type === 'Identifier') return callee.name === 'defineEnvironment' ? callee : undefined;
  const member = callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === 'defineEnvironment';
  return member ? callee : undefined;
}

/** A property's name as written (`step`, `'step'`, `step() {}`, `get step()`); undefined for computed keys. */
function propertyName(p: Property): { name: string; length: number } | undefined {
  if (p.computed) return undefined;
  if (p.key.type === 'Identifier') return { name: p.key.name, length: p.key.name.length };
  if (p.key.type === 'Literal' && (typeof p.key.value === 'string' || typeof p.key.value === 'number')) return { name: String(p.key.value), length: p.key.end - p.key.start };
  return undefined;
}

/** The name esbuild gives the default export: `__export(x_exports, { default: () => NAME })`. */
function defaultExportName(program: Program): string | undefined {
  for (const node of nodes(program)) {
    if (node.type !== 'CallExpression') continue;
    const call = node as CallExpression;
    const [, table] = call.arguments;
    if (call.callee.type !== 'Identifier' || call.callee.name !== '__export' || table?.type !== 'ObjectExpression') continue;
    for (const p of table.properties) {
      if (p.type !== 'Property' || propertyName(p)?.name !== 'default') continue;
      const value = p.value;
      if (value.type === 'ArrowFunctionExpression' && value.body.type === 'Identifier') return value.body.name;
    }
  }
  return undefined;
}

/** The `export default` statement: esbuild maps the declaration of the export's name to `default` (or to the function). */
function findDefaultExport(program: Program, places: OriginalPositions, source: string): SourceLocation | undefined {
  const name = defaultExportName(program);
  if (name === undefined) return undefined;
  for (const node of nodes(program)) {
    let id: Node | undefined;
    if (node.type === 'VariableDeclarator' || node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') {
      const declared = (node as unknown as { id: Node | null }).id;
      if (declared?.type === 'Identifier' && (declared as unknown as { name: string }).name === name) id = node.type === 'VariableDeclarator' ? declared : node;
    }
    if (!id) continue;
    const at = places.of(id);
    if (!at) return undefined;
    // The mapped token follows `export` (and `default` for a declaration): the statement starts at `export`.
    const offset = places.offset(at);
    const before = /\bexport\s+(?:default\s+)?$/.exec(source.slice(Math.max(0, offset - 200), offset));
    return before ? places.at(offset - before[0].length, 'export default'.length) : at;
  }
  return undefined;
}

/** The outline of a compiled `.gfn.ts`: see {@link SourceOutline}. Never throws (an empty outline when parsing fails). */
export function outlineCompiled(compiled: CompiledFile): SourceOutline {
  const properties = new Map<string, SourceLocation>();
  const outline: SourceOutline = { properties };
  let program: Program;
  try {
    program = parse(compiled.code, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowReturnOutsideFunction: true, allowHashBang: true });
  } catch {
    return outline;
  }
  const places = new OriginalPositions(compiled);
  const exported = findDefaultExport(program, places, compiled.source);
  if (exported) outline.defaultExport = exported;
  for (const node of nodes(program)) {
    if (node.type !== 'CallExpression') continue;
    const call = node as CallExpression;
    const [spec] = call.arguments;
    const callee = defineEnvironmentCallee(call);
    if (!callee || spec?.type !== 'ObjectExpression') continue;
    const where = places.of(callee, 'defineEnvironment'.length);
    if (!where) continue; // a call in a file the .gfn.ts imports
    outline.defineCall = where;
    collectProperties(spec, places, properties);
    break;
  }
  return outline;
}

function collectProperties(spec: ObjectExpression, places: OriginalPositions, properties: Map<string, SourceLocation>): void {
  for (const p of spec.properties) {
    if (p.type !== 'Property') continue;
    const key = propertyName(p);
    if (!key || properties.has(key.name)) continue;
    const at = places.of(p.key, key.length);
    if (at) properties.set(key.name, at);
  }
}

/** Where a diagnostic about property `name` goes: the property, else the defineEnvironment call, else line 1. */
export function propertyLocation(outline: SourceOutline, name: string): SourceLocation {
  return outline.properties.get(name) ?? outline.defineCall ?? outline.defaultExport ?? FIRST_LINE;
}

/** Where diagnostics about the environment as a whole go. */
export function environmentLocation(outline: SourceOutline): SourceLocation {
  return outline.defaultExport ?? outline.defineCall ?? FIRST_LINE;
}
