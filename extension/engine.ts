/**
 * The extension's one door to the engine: every validation and training job goes through here to the sandbox
 * worker (src/sandbox/host.ts), which is the only place user code runs. It refuses to start anything in an untrusted
 * workspace, and counts the jobs it started so the Restricted Mode test can check that none ran.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { useWasmCompiler, warmUpCompiler } from '../src/authoring/compile';
import { runSandboxJob, SandboxPool, validateFile, validateWithGraph } from '../src/sandbox/host';
import type { FlowGraph } from '../shared/flowGraph';
import type { FromSandbox } from '../shared/protocol';
import type { TrainConfig } from '../shared/trainConfig';
import type { ValidationResult } from '../shared/diagnostics';
import { settings as readSettings } from './config';
import { settingOfOption } from './settingDeclarations';

export class UntrustedWorkspaceError extends Error {
  constructor() {
    super('GFlowNet Studio runs no workspace code in Restricted Mode. Trust the workspace to validate and train.');
  }
}

export interface TrainJob {
  file: string;
  config: TrainConfig;
  /** Where the sandbox writes summary.json and samples.jsonl. */
  outDir: string;
  onMessage: (message: FromSandbox) => void;
  signal: AbortSignal;
}

export class Engine implements vscode.Disposable {
  private started = 0;
  private live = 0;
  /** A sandbox process started ahead of the next validation: typing pauses do not wait for Node to start. */
  private readonly pool = new SandboxPool();
  /** The sandbox bundle sits beside dist/extension.js. */
  private readonly workerPath = path.join(__dirname, 'sandbox-worker.js');

  constructor() {
    // esbuild-wasm, not the native esbuild: the VSIX ships no platform binary. Its service starts now (in a trusted
    // workspace, the only one that compiles) so the first validation after activation does not wait for it.
    useWasmCompiler();
    if (vscode.workspace.isTrusted) warmUpCompiler();
  }

  /** Number of sandbox jobs started since activation (each one may run user code). */
  get jobsStarted(): number {
    return this.started;
  }

  /** Sandbox jobs whose worker has not exited yet (Stop Training must bring a train job's count back to 0). */
  get liveJobs(): number {
    return this.live;
  }

  private admit(): void {
    if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError();
    this.started += 1;
  }

  /** Counts `job` as live until it settles: runSandboxJob resolves only once the sandbox process has exited. */
  private async track<T>(job: () => Promise<T>): Promise<T> {
    this.live += 1;
    try {
      return await job();
    } finally {
      this.live -= 1;
    }
  }

  /** Validates `contents` as the text of `file` (unsaved editor text is validated as it stands). */
  async validate(file: string, contents: string, signal?: AbortSignal): Promise<ValidationResult> {
    this.admit();
    const settings = readSettings();
    return this.track(() =>
      validateFile(file, {
        contents,
        maxStates: settings.maxStates,
        callTimeLimitMs: settings.callTimeLimitMs,
        memoryLimitMb: settings.memoryLimitMb,
        workerPath: this.workerPath,
        nameOption: settingOfOption,
        pool: this.pool,
        signal,
      }),
    );
  }

  dispose(): void {
    this.pool.dispose();
  }

  /** The flow graph with exact flows (no training): validates, then builds the graph when the file has no error. */
  async graph(file: string, contents: string): Promise<{ result: ValidationResult | undefined; graph: FlowGraph | undefined }> {
    this.admit();
    const settings = readSettings();
    const { result, graph } = await this.track(() =>
      validateWithGraph(file, {
        contents,
        graph: true,
        maxStates: settings.maxStates,
        callTimeLimitMs: settings.callTimeLimitMs,
        memoryLimitMb: settings.memoryLimitMb,
        workerPath: this.workerPath,
        nameOption: settingOfOption,
        pool: this.pool,
      }),
    );
    return { result, graph };
  }

  async train(job: TrainJob): Promise<void> {
    this.admit();
    const settings = readSettings();
    await this.track(() =>
      runSandboxJob(
        { type: 'train', file: job.file, config: job.config, maxStates: settings.maxStates, outDir: job.outDir },
        { onMessage: job.onMessage, callTimeLimitMs: settings.callTimeLimitMs, memoryLimitMb: settings.memoryLimitMb, workerPath: this.workerPath, signal: job.signal, nameOption: settingOfOption },
      ),
    );
  }
}
