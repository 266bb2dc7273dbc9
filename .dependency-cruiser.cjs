// The layering of the code and import cycles, checked by `npm run lint` (depcruise, after eslint).
//
//   src/       the engine: imports src/, shared/ and packages; nothing of the front ends, the benchmarks, the examples,
//              the tests or vscode. Inside it, src/sandbox/ (the processes user code runs in) sits on top: only
//              src/compare/ and the faces start jobs there; src/userCode/ (the guard of every user value, the realm,
//              the loader) sits below what uses it and imports only src/authoring/, src/dag/ and shared/
//   shared/    code used by the engine, the front ends and the webview: imports only shared/ (no Node module, no
//              package), so that it runs in the browser panel as well as in Node
//   webview/   the browser panel: imports only webview/, shared/ and browser packages (cytoscape, dompurify); no Node module
//   cli/, extension/  front ends on top of src/; bench/ may import src/, examples/ and the page helpers of test/ui/
//
// Type-only imports count (tsPreCompilationDeps): a type cycle is a cycle, and a type from a front end in the engine
// is a dependency on that front end.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycle (type-only imports included): move what both sides need into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-not-on-front-ends',
      severity: 'error',
      comment: 'src/ is the engine: it may not import the front ends, the webview, the benchmarks, the examples, the tests or the scripts.',
      from: { path: '^src/' },
      to: { path: '^(cli|extension|webview|bench|examples|test|scripts)/' },
    },
    {
      name: 'engine-not-on-vscode',
      severity: 'error',
      comment: 'src/ is the engine, shared by the CLI and the extension: only extension/ may import vscode.',
      from: { path: '^(src|shared|webview|cli)/' },
      to: { path: '^(vscode|node_modules/@types/vscode/)' },
    },
    {
      name: 'sandbox-only-from-the-top',
      severity: 'error',
      comment: 'src/sandbox/ owns the processes user code runs in: inside the engine only src/compare/ starts jobs there. Touch user values through src/userCode/.',
      from: { path: '^src/', pathNot: '^src/(sandbox|compare)/' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'user-code-below-its-users',
      severity: 'error',
      comment: 'src/userCode/ is the guard of every user value: it sits below the explorer, validation, training and the processes, and imports only src/authoring/, src/dag/, shared/ and Node.',
      from: { path: '^src/userCode/' },
      to: { path: '^src/(sandbox|train|validate|flowGraph|run|compare)/' },
    },
    {
      name: 'webview-only-shared',
      severity: 'error',
      comment: 'webview/ runs in the browser panel: it imports only webview/, shared/ and browser packages.',
      from: { path: '^webview/' },
      to: { path: '^(src|cli|extension|bench|examples|test|scripts)/' },
    },
    {
      name: 'webview-not-node',
      severity: 'error',
      comment: 'webview/ runs in the browser panel: no Node module.',
      from: { path: '^webview/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-only-shared',
      severity: 'error',
      comment: 'shared/ runs in the engine, the front ends and the browser panel: it imports only shared/ (no Node module, no package).',
      from: { path: '^shared/' },
      to: { pathNot: '^shared/' },
    },
    {
      name: 'tests-not-in-product',
      severity: 'error',
      comment: 'Only the tests and the scripts that run them import test/ (and the benchmarks test/ui/).',
      from: { pathNot: '^(test|scripts|bench)/' },
      to: { path: '^test/' },
    },
    {
      name: 'bench-only-test-ui',
      severity: 'error',
      comment: 'bench/ times what the page tests open (Chromium, run directories) with their helpers in test/ui/, nothing else of test/.',
      from: { path: '^bench/' },
      to: { path: '^test/', pathNot: '^test/ui/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test-results|examples/broken|test/hostile)/' },
    moduleSystems: ['es6', 'cjs'],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.mts', '.d.ts', '.d.mts', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
