// `npm run package [-- --target T]`: builds dist/ for production and packs the VSIX with vsce.
// Without --target: the universal VSIX (gflownet-studio.vsix), native-free: training runs on TensorFlow.js's wasm
// (the native engine falls back to it, saying why). With --target linux-x64 | linux-arm64 | win32-x64 | win32-arm64 |
// darwin-arm64: a platform VSIX (gflownet-studio-T.vsix) that also carries onnxruntime-node with that platform's
// binaries only (src/train/engine/onnxRuntime.ts loads it from the node_modules beside dist/). onnxruntime-node 1.30
// ships no binary for other targets (darwin-x64, alpine-*, linux-armhf, web): they get the universal VSIX.
// Then `node scripts/check-vsix.mjs FILE [--target T]` checks what went in.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** vsce's targets that onnxruntime-node has binaries for, and the folder under bin/napi-v6/ holding them. */
export const NATIVE_TARGETS = { 'linux-x64': 'linux/x64', 'linux-arm64': 'linux/arm64', 'win32-x64': 'win32/x64', 'win32-arm64': 'win32/arm64', 'darwin-arm64': 'darwin/arm64' };

const args = process.argv.slice(2);
const at = args.indexOf('--target');
const target = at >= 0 ? args[at + 1] : null;
if (at >= 0 && !(target in NATIVE_TARGETS)) {
  console.error(`package: --target ${target ?? '(missing)'}: onnxruntime-node has binaries for ${Object.keys(NATIVE_TARGETS).join(', ')}; other platforms use the universal VSIX (npm run package)`);
  process.exit(2);
}

const run = (cmd, argv) => execFileSync(cmd, argv, { cwd: root, stdio: 'inherit' });
run(process.execPath, ['scripts/build.mjs', '--production']);
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
if (!target) {
  run(process.execPath, [vsce, 'package', '--no-rewrite-relative-links', '--out', 'gflownet-studio.vsix']);
} else {
  // The allowlist of .vscodeignore, plus onnxruntime-node's JS, its one platform's binaries and onnxruntime-common.
  const ignore = join(root, `.vscodeignore.${target}`);
  writeFileSync(ignore, `${readFileSync(join(root, '.vscodeignore'), 'utf8')}
# The native engine of a ${target} VSIX (scripts/package.mjs).
!node_modules/onnxruntime-node/package.json
!node_modules/onnxruntime-node/LICENSE
!node_modules/onnxruntime-node/dist/*.js
!node_modules/onnxruntime-node/bin/napi-v6/${NATIVE_TARGETS[target]}/*
!node_modules/onnxruntime-common/package.json
!node_modules/onnxruntime-common/dist/cjs/**
`);
  try {
    run(process.execPath, [vsce, 'package', '--no-rewrite-relative-links', '--target', target, '--ignoreFile', ignore, '--out', `gflownet-studio-${target}.vsix`]);
  } finally {
    rmSync(ignore, { force: true });
  }
}
