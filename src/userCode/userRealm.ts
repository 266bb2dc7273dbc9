/**
 * The realm user code runs in: a `vm` context of its own, so that what a `.gfn.ts` does to its globals (replacing
 * Math.log, JSON.stringify, Array.prototype.some, Object.prototype.toJSON, Atomics...) changes its own builtins and
 * never the engine's. It gets the globals a Node module expects (console, process, Buffer, timers, URL, require...).
 *
 * `process.exit`, `process.abort`, `process.reallyExit` and `process.kill` of the sandbox itself or of its host end
 * the user's call with an ExitAttempt (reported as a `process-exit` diagnostic at the call) instead of the process.
 * Timer callbacks run guarded as 'timer', so a loop in one is stopped by the time limit like any user call.
 * Its clocks and random sources (Math.random, Date, performance.now, crypto) are watched: a call from a function that
 * must be deterministic is recorded for validation (src/userCode/nondeterminism.ts).
 *
 * This is a boundary against bugs, not against malice: user code still reaches this realm's objects (require('fs')
 * is the engine's fs), and a trusted workspace is required. What it cannot do is corrupt the host: the sandbox is a
 * child process that the host ends (src/sandbox/host.ts).
 */
import { Console } from 'node:console';
import type * as NodeCrypto from 'node:crypto';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as api from '../authoring/api';
import { API_MODULE } from '../authoring/apiModule';
import type { Guard } from './guard';
import { watchedCrypto, watchedPerformance, watchRealmClocks } from './nondeterminism';

export interface UserRealm {
  context: vm.Context;
  require: NodeJS.Require;
}

type Timer = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;

/** An exit code as messages show it, without running user code (an object's toString could throw or loop). */
function exitCodeText(code: unknown): string {
  switch (typeof code) {
    case 'undefined':
      return '';
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'symbol':
      return String(code);
    default:
      return code === null ? 'null' : `<${typeof code}>`;
  }
}

/** `process` as user code sees it: the real one, except the calls that would end the sandbox or its host. */
function sandboxProcess(guard: Guard): NodeJS.Process {
  const own = new Set([process.pid, 0, -process.pid, process.ppid]);
  const replaced: Record<string, unknown> = {
    exit: (code?: unknown) => guard.exitAttempt(`process.exit(${exitCodeText(code)})`),
    reallyExit: () => guard.exitAttempt('process.reallyExit()'),
    abort: () => guard.exitAttempt('process.abort()'),
    kill: (pid: number, signal?: string | number) => {
      if (own.has(Number(pid))) return guard.exitAttempt(`process.kill(${pid}${signal === undefined ? '' : `, ${JSON.stringify(signal)}`})`);
      return process.kill(pid, signal);
    },
  };
  return new Proxy(process, {
    get(target, property) {
      if (typeof property === 'string' && Object.hasOwn(replaced, property)) return replaced[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function guardedTimer(guard: Guard, timer: Timer): Timer {
  return (callback, ms, ...args) =>
    timer(() => {
      try {
        guard.run('timer', () => (typeof callback === 'function' ? callback(...args) : undefined));
      } catch {
        // A throwing timer callback is the user's business: it must not end the sandbox.
      }
    }, ms);
}

export function createUserRealm(file: string, guard: Guard): UserRealm {
  const userProcess = sandboxProcess(guard);
  const nodeRequire = createRequire(file);
  const apiModule = { __esModule: true, ...api };
  const userCrypto = watchedCrypto(guard.nondeterminism, nodeRequire('node:crypto') as typeof NodeCrypto);
  const userRequire = Object.assign((id: string): unknown => {
    if (id === API_MODULE) return apiModule;
    if (id === 'process' || id === 'node:process') return userProcess;
    if (id === 'crypto' || id === 'node:crypto') return userCrypto;
    return nodeRequire(id);
  }, nodeRequire) as NodeJS.Require;
  const globals: Record<string, unknown> = {
    console: new Console({ stdout: process.stdout, stderr: process.stderr }),
    process: userProcess,
    Buffer,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
    Event,
    EventTarget,
    performance: watchedPerformance(guard.nondeterminism, performance),
    crypto: watchedCrypto(guard.nondeterminism, globalThis.crypto),
    structuredClone,
    atob,
    btoa,
    setTimeout: guardedTimer(guard, setTimeout),
    setInterval: guardedTimer(guard, setInterval),
    setImmediate: (callback: (...a: unknown[]) => void, ...args: unknown[]) => guardedTimer(guard, (cb) => setImmediate(cb))(callback, 0, ...args),
    queueMicrotask: (callback: () => void) => guardedTimer(guard, (cb) => queueMicrotask(cb))(callback),
    clearTimeout,
    clearInterval,
    clearImmediate,
  };
  const context = vm.createContext(globals, { name: `gfn user code: ${path.basename(file)}` });
  vm.runInContext('globalThis.global = globalThis;', context);
  watchRealmClocks(context, guard.nondeterminism);
  return { context, require: userRequire };
}
