/**
 * The page's link to whoever shows it: the VS Code panel host (acquireVsCodeApi: postMessage and persisted state),
 * or nobody, in the standalone report (exports then become downloads and state is kept only in memory).
 */
import type { FromWebview } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Defined by VS Code inside webviews only.
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

export interface Host {
  /** True inside VS Code. */
  readonly inVsCode: boolean;
  post(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export function connectHost(): Host {
  if (typeof globalThis.acquireVsCodeApi === 'function') {
    const api = globalThis.acquireVsCodeApi();
    return {
      inVsCode: true,
      post: (m) => api.postMessage(m),
      getState: () => api.getState(),
      setState: (s) => api.setState(s),
    };
  }
  let state: unknown;
  return {
    inVsCode: false,
    post: () => undefined,
    getState: () => state,
    setState: (s) => (state = s),
  };
}

/** Save a file in the standalone page: an anchor with `download` (no host to ask). */
export function download(fileName: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
}
