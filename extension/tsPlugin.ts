/**
 * TypeScript server plugin (contributed through `contributes.typescriptServerPlugins`): makes
 * `import { defineEnvironment } from 'gflownet-studio'` resolve to the declaration of the authoring API bundled with
 * the extension (dist/gflownet-studio.d.ts, emitted from src/authoring/api.ts at build time), so a `.gfn.ts` in a folder with
 * no node_modules gets completions and type errors instead of "Cannot find module 'gflownet-studio'".
 * At run time the loader answers the same import with the engine itself, so types and behaviour agree.
 *
 * The import is redirected only when TypeScript's own resolution finds nothing: a project that installs a package of
 * that name keeps it.
 */
import * as path from 'node:path';
import type * as ts from 'typescript/lib/tsserverlibrary';

const API_MODULE = 'gflownet-studio';

/** Beside this bundle: both live in the extension's dist/. */
const declarationFile = path.join(__dirname, 'gflownet-studio.d.ts');

type ResolveLiterals = NonNullable<ts.LanguageServiceHost['resolveModuleNameLiterals']>;
type ResolveNames = NonNullable<ts.LanguageServiceHost['resolveModuleNames']>;

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const typescript = modules.typescript;
  const resolved: ts.ResolvedModuleFull = {
    resolvedFileName: declarationFile,
    extension: typescript.Extension.Dts,
    isExternalLibraryImport: false,
  };

  function create(info: ts.server.PluginCreateInfo): ts.LanguageService {
    const host = info.languageServiceHost;
    const log = (message: string) => info.project.projectService.logger.info(`[gflownet-studio] ${message}`);
    log(`redirecting unresolved '${API_MODULE}' imports to ${declarationFile}`);

    // TypeScript >= 5.0 resolves through resolveModuleNameLiterals; older hosts through resolveModuleNames.
    const literals = host.resolveModuleNameLiterals?.bind(host);
    if (literals) {
      const patched: ResolveLiterals = (names, containingFile, ...rest) =>
        literals(names, containingFile, ...rest).map((result, i) =>
          names[i].text === API_MODULE && !result.resolvedModule ? { resolvedModule: resolved } : result,
        );
      host.resolveModuleNameLiterals = patched;
    }
    const names = host.resolveModuleNames?.bind(host);
    if (names) {
      const patched: ResolveNames = (moduleNames, containingFile, ...rest) =>
        names(moduleNames, containingFile, ...rest).map((result, i) =>
          moduleNames[i] === API_MODULE && !result ? resolved : result,
        );
      host.resolveModuleNames = patched;
    }
    return info.languageService;
  }

  return { create };
}

// tsserver requires the plugin as CommonJS and calls the exported function.
module.exports = init;
