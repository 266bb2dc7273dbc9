// One VSIX for every platform: checks that the built VSIX (a zip) holds no native executable or library; with
// --target T, a platform VSIX (scripts/package.mjs): native files only in onnxruntime-node's folder for T, and its
// binding there. Reads the
// zip's central directory itself (no unzip needed), inflates each file's first bytes and refuses ELF (\x7fELF),
// Mach-O (feedface/feedfacf in either byte order, and fat/universal cafebabe) and PE (MZ) magic. Also checks that
// esbuild-wasm's run-time files are in it and no @esbuild/<platform> package is.
// Usage: node scripts/check-vsix.mjs [gflownet-studio.vsix] [--target T]   (.ci/run runs it after `npm run package`)
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const argv = process.argv.slice(2);
const at = argv.indexOf('--target');
const target = at >= 0 ? argv[at + 1] : null;
const file = argv.find((a, i) => !a.startsWith('--') && i !== at + 1) ?? (target ? `gflownet-studio-${target}.vsix` : 'gflownet-studio.vsix');
/** The one folder of a platform VSIX where native files belong (scripts/package.mjs NATIVE_TARGETS). */
const nativeDir = target ? `extension/node_modules/onnxruntime-node/bin/napi-v6/${target.replace('-', '/')}/` : null;
const zip = readFileSync(file);

/** The entries of a zip from its central directory: name, method, sizes, offset of the local header. */
function entries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    out.push({ name, method, compressed, size, local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function head(buf, e, n = 8) {
  const lp = e.local;
  if (buf.readUInt32LE(lp) !== 0x04034b50) throw new Error(`${file}: bad local header for ${e.name}`);
  const start = lp + 30 + buf.readUInt16LE(lp + 26) + buf.readUInt16LE(lp + 28);
  const data = buf.subarray(start, start + e.compressed);
  if (e.method === 0) return data.subarray(0, n);
  if (e.method === 8) return inflateRawSync(data).subarray(0, n);
  throw new Error(`${file}: ${e.name}: unknown compression method ${e.method}`);
}

const MAGIC = [
  ['ELF', [0x7f, 0x45, 0x4c, 0x46]],
  ['Mach-O 32-bit', [0xfe, 0xed, 0xfa, 0xce]],
  ['Mach-O 64-bit', [0xfe, 0xed, 0xfa, 0xcf]],
  ['Mach-O 32-bit (little-endian)', [0xce, 0xfa, 0xed, 0xfe]],
  ['Mach-O 64-bit (little-endian)', [0xcf, 0xfa, 0xed, 0xfe]],
  ['Mach-O universal', [0xca, 0xfe, 0xba, 0xbe]],
  ['PE (MZ)', [0x4d, 0x5a]],
];

const all = entries(zip);
const files = all.filter((e) => !e.name.endsWith('/'));
const problems = [];
for (const e of files) {
  const bytes = head(zip, e);
  for (const [kind, magic] of MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b) && !(nativeDir && e.name.startsWith(nativeDir))) problems.push(`${e.name}: ${kind} file`);
  }
  if (/(^|\/)node_modules\/onnxruntime-node\/bin\//.test(e.name) && !(nativeDir && e.name.startsWith(nativeDir))) problems.push(`${e.name}: onnxruntime of another platform`);
  if (/(^|\/)node_modules\/@esbuild\//.test(e.name)) problems.push(`${e.name}: a platform package of esbuild`);
}
const names = new Set(files.map((e) => e.name));
for (const need of ['lib/main.js', 'bin/esbuild', 'esbuild.wasm', 'wasm_exec.js', 'wasm_exec_node.js', 'package.json']) {
  if (!names.has(`extension/node_modules/esbuild-wasm/${need}`)) problems.push(`missing extension/node_modules/esbuild-wasm/${need}`);
}
if (nativeDir) {
  for (const need of [`${nativeDir}onnxruntime_binding.node`, 'extension/node_modules/onnxruntime-node/dist/index.js', 'extension/node_modules/onnxruntime-common/dist/cjs/index.js']) {
    if (!names.has(need)) problems.push(`missing ${need}`);
  }
}
if (problems.length > 0) {
  console.error(`check-vsix: ${file} is not ${target ? `a ${target} VSIX` : 'one file for every platform'}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(target
  ? `check-vsix: ${file}: ${files.length} files, native files only in ${nativeDir}, esbuild-wasm and onnxruntime-node present`
  : `check-vsix: ${file}: ${files.length} files, no ELF, Mach-O or PE file, esbuild-wasm present`);
