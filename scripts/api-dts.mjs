// Emits dist/gflownet-studio.d.ts, the declaration of the authoring API (src/authoring/api.ts) that the TypeScript server
// plugin (extension/tsPlugin.ts) gives to `import ... from 'gflownet-studio'` in .gfn.ts files.
import ts from 'typescript';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function emitApiDeclaration(root) {
  const source = join(root, 'src', 'authoring', 'api.ts');
  let text = null;
  const program = ts.createProgram([source], {
    declaration: true,
    emitDeclarationOnly: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const result = program.emit(undefined, (name, data) => {
    if (name.endsWith('api.d.ts')) text = data;
  });
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics);
  if (errors.length > 0 || text === null) {
    const message = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    });
    throw new Error(`cannot emit the declaration of src/authoring/api.ts:\n${message}`);
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(
    join(root, 'dist', 'gflownet-studio.d.ts'),
    `// The authoring API of GFlowNet Studio ('gflownet-studio'), generated from src/authoring/api.ts.\n${text}`,
  );
}
