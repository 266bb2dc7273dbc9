/**
 * GFlowNet: Train / Stop Training / Sample. A run is a sandbox `train` job (the trainer in the sandbox process); this
 * file only routes its messages: progress to a cancellable notification and the status bar, the graph and flows to
 * the panel, logs to the output channel. One run at a time: a second Train asks whether to restart. Each run gets a
 * new directory in the workspace's runs folder (extension/runLocation.ts, src/run/runFolder.ts), locked for the run
 * through src/run/runStore.ts, so a `gfn train --out` into it, or a second window, cannot interleave its files with
 * ours. A run that ends without a summary (it failed, or was stopped before its first result) leaves no directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowGraph } from '../shared/flowGraph';
import type { FromSandbox } from '../shared/protocol';
import type { TrainConfig } from '../shared/trainConfig';
import type { TrainProgress } from '../shared/trainProgress';
import type { TrainSummary } from '../shared/trainSummary';
import { formatNumber } from '../shared/format';
import { createRunDirectory } from '../src/run/runFolder';
import { readSamples, removeRun, runPaths, StoreError, type Lock, type SampleLine } from '../src/run/runStore';
import { Engine } from './engine';
import { PanelHost } from './panel';
import type { RunLocation } from './runLocation';
import { trainSettings } from './config';
import { StatusBar } from './statusBar';
import { DiagnosisNotices } from './diagnosisNotices';
import { ReportRelay } from './reportRelay';
import { showSamples } from './sampleList';

export interface RunResult {
  file: string;
  /** The run directory. */
  dir: string;
  summary: TrainSummary;
  cancelled: boolean;
  /** The terminal objects drawn from the trained policy (samples.jsonl). */
  samples: SampleLine[];
}

interface ActiveRun {
  file: string;
  controller: AbortController;
  finished: Promise<RunResult | undefined>;
}

/** Asks whether to stop the run on `current` and train on `next`; true means restart. */
export type RestartPrompt = (current: string, next: string) => Thenable<boolean>;

/** The real prompt: a modal warning whose only affirmative answer is "Restart" (Cancel or Escape keep the run). */
export const askRestart: RestartPrompt = async (current, next) =>
  (await vscode.window.showWarningMessage(
    `A GFlowNet is training on ${path.basename(current)}. Stop it and train on ${path.basename(next)}?`,
    { modal: true },
    'Restart',
  )) === 'Restart';

export class TrainingController implements vscode.Disposable {
  private active: ActiveRun | undefined;
  private last: RunResult | undefined;
  private lastGraph: { file: string; graph: FlowGraph } | undefined;
  private progressMessages = 0;
  /** The diagnosis notifications of the latest run (the extension's test API reads their texts). */
  private lastNotices: DiagnosisNotices | undefined;
  /** Replaceable only through the extension's test API (extension mode Test); the product always uses askRestart. */
  restartPrompt: RestartPrompt = askRestart;

  constructor(
    private readonly engine: Engine,
    private readonly panel: PanelHost,
    private readonly status: StatusBar,
    private readonly log: vscode.LogOutputChannel,
    private readonly location: RunLocation,
  ) {}

  get running(): boolean {
    return this.active !== undefined;
  }

  /** Progress messages received from trainers since activation (a stopped run must add none). */
  get progressCount(): number {
    return this.progressMessages;
  }

  /** The texts of the diagnosis notifications the latest run showed. */
  get diagnosisNotices(): readonly string[] {
    return this.lastNotices?.shown ?? [];
  }

  get lastRun(): RunResult | undefined {
    return this.last;
  }

  graphFor(file: string): FlowGraph | undefined {
    return this.lastGraph?.file === file ? this.lastGraph.graph : undefined;
  }

  /**
   * Trains on `file`. Resolves with the run's result, or undefined when the user kept the current run or the run
   * failed (the failure is shown and logged). `overrides` lets Sample train briefly.
   */
  async train(file: string, overrides: Partial<TrainConfig> = {}, ask = true): Promise<RunResult | undefined> {
    if (this.active) {
      const restart = ask ? await this.restartPrompt(this.active.file, file) : true;
      if (!restart) return undefined;
      // Another Train may have started while the prompt was open: stop whatever runs now.
      while (this.active) await this.stop();
    }
    const controller = new AbortController();
    const { config, problems } = trainSettings(overrides);
    for (const problem of problems) this.log.warn(problem);
    const finished = this.run(file, config, controller);
    const run: ActiveRun = { file, controller, finished };
    this.active = run;
    void vscode.commands.executeCommand('setContext', 'gflownet.training', true);
    try {
      return await finished;
    } finally {
      if (this.active === run) {
        this.active = undefined;
        void vscode.commands.executeCommand('setContext', 'gflownet.training', false);
      }
    }
  }

  /** Stops the current run and waits until its worker has ended. */
  async stop(): Promise<void> {
    const run = this.active;
    if (!run) return;
    run.controller.abort();
    await run.finished;
  }

  private async run(file: string, config: TrainConfig, controller: AbortController): Promise<RunResult | undefined> {
    const name = path.basename(file);
    let outDir: string;
    let lock: Lock;
    try {
      ({ dir: outDir, lock } = createRunDirectory(this.location.rootFor(file), file, config.loss));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`training ${name} not started: ${message}`);
      this.status.set({ kind: 'error', name, message });
      void vscode.window.showErrorMessage(`GFlowNet: cannot train ${name}: ${message}`);
      return undefined;
    }
    let result: RunResult | undefined;
    try {
      result = await this.runLocked(file, name, outDir, config, controller);
      return result;
    } finally {
      lock.release();
      if (!result) this.discardEmpty(outDir);
    }
  }

  /** A run without summary.json has nothing to show or compare: its directory would only clutter the runs view. */
  private discardEmpty(dir: string): void {
    if (fs.existsSync(runPaths(dir).summary)) return;
    try {
      removeRun(dir);
    } catch (error) {
      this.log.warn(`could not remove the unfinished run ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private runLocked(file: string, name: string, outDir: string, config: TrainConfig, controller: AbortController): Promise<RunResult | undefined> {
    this.log.info(
      `training ${name}: ${config.loss}, ${config.iterations} iterations of batch ${config.batchSize}, MLP ${config.layers}x${config.hidden}, ` +
        `lr ${config.learningRate} / log Z ${config.learningRateLogZ}, backend ${config.backend}, seed ${config.seed}, ` +
        `epsilon ${config.epsilon}, temperature ${config.temperature}, replay ${config.replay}, lambda ${config.lambda}, alpha ${config.alpha}`,
    );
    this.status.set({ kind: 'training', name });
    this.panel.show(`Flow graph: ${name}`);
    this.panel.post({ type: 'status', text: `Training ${name}…` });

    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `GFlowNet: training ${name}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let done: { summary: TrainSummary; cancelled: boolean } | undefined;
          let failure: string | undefined;
          let reported = 0;
          const notices = new DiagnosisNotices(name, this.log);
          this.lastNotices = notices;
          // The screen gets the reports batched (reportRelay.ts): the latest in the status bar and the notification,
          // all of them in the panel's curves.
          const relay = new ReportRelay((points, snapshot) => {
            const p = points.at(-1);
            if (p) {
              this.status.set({ kind: 'training', name, progress: p });
              this.panel.post({ type: 'progress', points });
              const fraction = (100 * p.iteration) / Math.max(1, p.iterations);
              progress.report({
                increment: fraction - reported,
                message: `iteration ${p.iteration}/${p.iterations}, loss ${formatNumber(p.loss)}, TV ${formatNumber(p.tv)}`,
              });
              reported = fraction;
            }
            if (snapshot) this.panel.post({ type: 'flows', snapshot });
          });
          const onMessage = (m: FromSandbox): void => {
            switch (m.type) {
              case 'graph':
                this.lastGraph = { file, graph: m.graph };
                this.panel.showGraph(m.graph, `Training ${name}…`, outDir);
                this.log.info(`graph: ${m.graph.nodes.length} of ${m.graph.totalStates} states, ${m.graph.edges.length} edges`);
                break;
              case 'progress': {
                const p: TrainProgress = m.progress;
                this.progressMessages += 1;
                relay.progress(p);
                notices.report(p);
                this.log.debug(`iteration ${p.iteration}: loss ${formatNumber(p.loss)}, log Z ${formatNumber(p.logZ)}, TV ${formatNumber(p.tv)}, ${formatNumber(p.trajectoriesPerSecond)} traj/s`);
                break;
              }
              case 'flows':
                relay.flows(m.snapshot);
                break;
              case 'log':
                this.log.info(m.message);
                break;
              case 'done':
                done = { summary: m.summary, cancelled: m.cancelled };
                break;
              case 'error':
                failure = m.message;
                for (const d of m.diagnostics ?? []) this.log.error(`${name}:${d.line}:${d.column}: ${d.code}: ${d.message}`);
                break;
              case 'validated':
                break;
            }
          };
          try {
            await this.engine.train({ file, config, outDir, onMessage, signal: controller.signal });
          } catch (error) {
            failure ??= error instanceof Error ? error.message : String(error);
          } finally {
            // The last reports show before the result (and never after it: the status bar would say training again).
            relay.flush();
          }
          if (!done) {
            const message = failure ?? (controller.signal.aborted ? 'stopped before the first result' : 'the trainer ended without a result');
            if (controller.signal.aborted && !failure) {
              this.log.info(`training ${name} stopped`);
              this.status.set({ kind: 'idle' });
              return undefined;
            }
            this.log.error(`training ${name} failed: ${message}`);
            this.status.set({ kind: 'error', name, message });
            this.panel.post({ type: 'status', text: `Training failed: ${message}` });
            void vscode.window.showErrorMessage(`GFlowNet: training ${name} failed: ${message}`, 'Show Log').then((c) => {
              if (c) this.log.show(true);
            });
            return undefined;
          }
          const s = done.summary;
          let samples: SampleLine[] = [];
          try {
            samples = readSamples(outDir);
          } catch (error) {
            if (!(error instanceof StoreError)) throw error;
            this.log.error(error.message);
          }
          const result: RunResult = { file, dir: outDir, summary: s, cancelled: done.cancelled, samples };
          this.last = result;
          this.status.set({ kind: 'done', name, summary: s, cancelled: done.cancelled });
          // The panel's sections that read the summary (what still holds at the end, the rewards of the samples).
          this.panel.post({ type: 'summary', summary: s });
          const line =
            `${done.cancelled ? 'stopped' : 'trained'} ${name}: ${s.iterations} iterations, ${s.trajectories} trajectories in ${formatNumber(s.seconds)} s ` +
            `(${formatNumber(s.trajectoriesPerSecond)}/s, ${s.backend}); log Z ${formatNumber(s.logZ)} (exact ${formatNumber(s.trueLogZ)}), TV ${formatNumber(s.tv)}, JSD ${formatNumber(s.jsd)}` +
            // The final samples' TV beside what a perfect sampler shows with as many (summary.json's noise floor).
            (s.empiricalTv !== null && s.empiricalTvNoiseFloor && s.samples
              ? `; sampled TV ${formatNumber(s.empiricalTv)} on ${s.samples} samples (a perfect sampler: ${formatNumber(s.empiricalTvNoiseFloor.mean)} ± ${formatNumber(s.empiricalTvNoiseFloor.sd)})`
              : '');
          this.log.info(line);
          this.panel.post({ type: 'status', text: line });
          return result;
        },
      ),
    );
  }

  /** GFlowNet: Sample: the objects drawn from the last trained policy of `file`, training briefly when there is none. */
  async sample(file: string): Promise<SampleLine[]> {
    let run = this.last?.file === file && this.last.samples.length > 0 ? this.last : undefined;
    if (!run) {
      const settings = trainSettings().config;
      run = await this.train(file, { iterations: Math.min(settings.iterations, 300), samples: Math.max(settings.samples, 100) });
    }
    if (!run) return [];
    if (run.samples.length === 0) {
      void vscode.window.showWarningMessage('GFlowNet: the trainer returned no samples (is gflownet.train.samples 0?).');
      return [];
    }
    showSamples(run.samples, file, this.log);
    return run.samples;
  }

  dispose(): void {
    this.active?.controller.abort();
  }
}
