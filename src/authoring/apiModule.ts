/** The module name a `.gfn.ts` imports the authoring API from: left external by the compiler, answered by the sandbox. */
export const API_MODULE = 'gflownet-studio';
