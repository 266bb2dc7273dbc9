/**
 * The limits of the sandbox (src/sandbox/host.ts), declared once: `gfn validate --time-limit / --memory-limit`
 * and the settings gflownet.callTimeLimitMs / gflownet.memoryLimitMb take their default, range and help from here.
 */
import type { NumberSetting } from '../../shared/options';
import { RSS_HEADROOM_MB } from './watchdog';

export const CALL_TIME_LIMIT_OPTION = {
  kind: 'number', key: 'callTimeLimitMs', flag: '--time-limit', metavar: 'MS', setting: 'callTimeLimitMs', integer: true,
  // Below 10 ms a cold JIT's first call of a user function would already be stopped.
  minimum: 10, maximum: 600_000, default: 2000,
  description: 'Wall-time limit in milliseconds of one call of a user function (actions, step, reward...) or of the file\'s top-level code.',
} as const satisfies NumberSetting<'callTimeLimitMs'>;

export const MEMORY_LIMIT_OPTION = {
  kind: 'number', key: 'memoryLimitMb', flag: '--memory-limit', metavar: 'MB', setting: 'memoryLimitMb', integer: true,
  minimum: 64, maximum: 65_536, default: 2048,
  description: `Heap limit in MB of the sandbox process that runs .gfn.ts code; its resident memory (buffers included) may exceed it by ${RSS_HEADROOM_MB} MB before it is stopped.`,
} as const satisfies NumberSetting<'memoryLimitMb'>;

export const DEFAULT_CALL_TIME_LIMIT_MS: number = CALL_TIME_LIMIT_OPTION.default;
export const DEFAULT_MEMORY_LIMIT_MB: number = MEMORY_LIMIT_OPTION.default;
