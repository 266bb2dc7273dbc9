/**
 * The texts of a sandbox message worded for its face: runSandboxJob (src/sandbox/host.ts) passes every message of a
 * job through `wordMessage` with the caller's naming of options (shared/optionRefs.ts), so that an error inside VS
 * Code names a setting and the same error in a terminal a flag.
 */
import type { Diagnostic } from '../../shared/diagnostics';
import type { FromSandbox } from '../../shared/protocol';
import { wordOptions, type OptionNamer } from '../../shared/optionRefs';

function wordDiagnostic(d: Diagnostic, name: OptionNamer): Diagnostic {
  return { ...d, message: wordOptions(d.message, name), ...(d.related ? { related: d.related.map((r) => ({ ...r, message: wordOptions(r.message, name) })) } : {}) };
}

/** A sandbox message with its texts (error, log, diagnostics) worded; other messages as they are. */
export function wordMessage(m: FromSandbox, name: OptionNamer): FromSandbox {
  switch (m.type) {
    case 'error':
      return { ...m, message: wordOptions(m.message, name), ...(m.diagnostics ? { diagnostics: m.diagnostics.map((d) => wordDiagnostic(d, name)) } : {}) };
    case 'log':
      return { ...m, message: wordOptions(m.message, name) };
    case 'validated':
      return { ...m, result: { ...m.result, diagnostics: m.result.diagnostics.map((d) => wordDiagnostic(d, name)) } };
    default:
      return m;
  }
}
