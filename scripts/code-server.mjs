// Installs code-server 4.100.3 (VS Code 1.100.3, the last release that runs on Node 20) into a cache folder outside
// the repository and checks Debian's chromium, so the tests in test/vscode/ can drive a real VS Code offline.
// Each step below says why it is needed (the Debian packages it checks for, ripgrep's cached tarball, --unsafe-perm).
//
//   node scripts/code-server.mjs          installs when missing, prints the path of the code-server entry point
//   import { ensureCodeServer } from ...  the same from the test runner
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
/** @vscode/ripgrep 1.15.11 looks for this tarball before it tries GitHub (its postinstall, lib/download.js). */
const RIPGREP_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
import { CHROMIUM } from '../test/ui/chromium.mjs';
export { CHROMIUM };

/** Outside the repo tree, so `npm ci` and git never see it; GFN_CODE_SERVER_CACHE overrides. */
export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return process.env.GFN_CODE_SERVER_CACHE ?? join(base, 'gflownet-studio', `code-server-${CODE_SERVER_VERSION}`);
}

function installedVersion(dir) {
  const pkg = join(dir, 'node_modules', 'code-server', 'package.json');
  if (!existsSync(pkg)) return null;
  try {
    return JSON.parse(readFileSync(pkg, 'utf8')).version;
  } catch {
    return null;
  }
}

/** The path of code-server's entry script (run it with `node`), or null when not installed. */
export function codeServerEntry(dir = cacheDir()) {
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  // The marker is written only after a complete install, so a half-finished one is redone.
  return installedVersion(dir) === CODE_SERVER_VERSION && existsSync(entry) && existsSync(join(dir, '.complete'))
    ? entry
    : null;
}

function fail(message) {
  throw new Error(`code-server setup: ${message}`);
}

function checkDebianPrerequisites() {
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} not found. Install Debian's chromium: apt-get install -y chromium`);
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) fail('ripgrep not found (code-server needs rg). Install it: apt-get install -y ripgrep');
  // kerberos (a code-server dependency) compiles against the GSSAPI headers.
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h'))
    fail('GSSAPI headers not found (kerberos needs them). Install them: apt-get install -y libkrb5-dev');
  return rg;
}

/** @vscode/ripgrep downloads rg from GitHub unless this cached tarball exists: build it from Debian's rg. */
function seedRipgrepCache(rg) {
  if (existsSync(RIPGREP_CACHE)) return;
  mkdirSync(join(RIPGREP_CACHE, '..'), { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'gfn-rg-'));
  copyFileSync(rg, join(stage, 'rg'));
  execFileSync('tar', ['czf', RIPGREP_CACHE, '-C', stage, 'rg']);
  rmSync(stage, { recursive: true, force: true });
}

/** Installs code-server when missing and returns its entry script. Takes 1-2 minutes the first time. */
export function ensureCodeServer({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const dir = cacheDir();
  const rg = checkDebianPrerequisites();
  const cached = codeServerEntry(dir);
  if (cached) return cached;

  log(`code-server ${CODE_SERVER_VERSION}: installing into ${dir} (once; about 1-2 minutes)`);
  seedRipgrepCache(rg);
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, '.complete'), { force: true });
  if (!existsSync(join(dir, 'package.json')))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'gfn-code-server-cache', private: true }, null, 2));
  const result = spawnSync(
    'npm',
    [
      'install',
      '--unsafe-perm',
      '--no-audit',
      '--no-fund',
      // No --allow-scripts: npm 11 refuses it in a folder with a package.json (EALLOWSCRIPTS), and its allowScripts
      // policy is advisory in this release: code-server's postinstall (VS Code's own lib/vscode/node_modules) runs,
      // as the check below makes sure.
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
      // node-pty's install runs `npx node-gyp`: yes answers npx's prompt. code-server's postinstall demands
      // --unsafe-perm when run as root.
      env: { ...process.env, npm_config_yes: 'true', npm_config_ignore_scripts: 'false' },
    },
  );
  if (result.status !== 0) fail(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${result.status}) in ${dir}`);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) fail(`install finished but ${entry} is missing`);
  // The postinstall builds VS Code's own node_modules (lib/vscode); without them the server cannot start.
  if (!existsSync(join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules')))
    fail('code-server postinstall did not install lib/vscode/node_modules (were install scripts blocked?)');
  writeFileSync(join(dir, '.complete'), `${CODE_SERVER_VERSION}\n`);
  return entry;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(`${ensureCodeServer()}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
