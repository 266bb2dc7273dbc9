/**
 * The typed messages of GFlowNet Studio, and only them. One direction of data: the engine (in the sandbox process)
 * reports to its host (the CLI or the extension), and the extension forwards what the panel draws to the webview.
 * Shape after microsoft/vscode-hexeditor: discriminated unions on `type`. What they carry is declared in files named
 * after it: diagnostics.ts, flowGraph.ts, trainConfig.ts, trainProgress.ts, flowSnapshot.ts, inspection.ts,
 * diagnosis.ts, trainSummary.ts, comparison.ts.
 */
import type { Comparison } from './comparison';
import type { Diagnostic, ValidationResult } from './diagnostics';
import type { FlowGraph } from './flowGraph';
import type { FlowSnapshot } from './flowSnapshot';
import type { TrainConfig } from './trainConfig';
import type { TrainProgress } from './trainProgress';
import type { TrainSummary } from './trainSummary';

// ---------------------------------------------------------------------------------------------------------------
// Host <-> sandbox process (src/sandbox/host.ts, src/sandbox/child.ts)

export type ToSandbox =
  /** `contents`: unsaved editor text to validate as if it were the file. */
  | { type: 'validate'; file: string; maxStates?: number; contents?: string; /** Also post the flow graph (Show Flow Graph before any training). */ graph?: boolean }
  | {
      type: 'train';
      file: string;
      config: TrainConfig;
      maxStates?: number;
      outDir?: string;
      /** A checkpoint directory (model.json + weights.bin) whose policy training starts from (or only samples, with 0 iterations). */
      resumeFrom?: string;
    }
  | { type: 'cancel' };

export type FromSandbox =
  | { type: 'validated'; result: ValidationResult }
  | { type: 'graph'; graph: FlowGraph }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'flows'; snapshot: FlowSnapshot }
  | { type: 'log'; message: string }
  | { type: 'done'; summary: TrainSummary; cancelled: boolean }
  | { type: 'error'; message: string; diagnostics?: Diagnostic[] };

// ---------------------------------------------------------------------------------------------------------------
// Extension <-> webview

export type ToWebview =
  /**
   * `run`: the run whose progress follows (its directory). A graph of another run starts new curves even when it is
   * the same environment; without `run` (the same graph shown again) the curves stay.
   */
  | { type: 'graph'; graph: FlowGraph; run?: string }
  /**
   * Reports in iteration order, several to a message: a run that reports faster than a screen refreshes sends them
   * in batches (extension/reportRelay.ts), and a stored run all of its metrics.jsonl at once.
   */
  | { type: 'progress'; points: TrainProgress[] }
  | { type: 'flows'; snapshot: FlowSnapshot }
  /**
   * The run ended (or a stored run was opened): its summary, which the Run, Diagnosis (what still holds at the end,
   * not everything raised on the way) and reward sections read from then on. A graph of another run clears it.
   */
  | { type: 'summary'; summary: TrainSummary }
  | { type: 'status'; text: string }
  /** Shows (or updates, while its runs train) a comparison of runs in the panel's Compare view. */
  | { type: 'comparison'; comparison: Comparison };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'exportPng'; dataUrl: string }
  | { type: 'exportJson'; json: string }
  /** The panel finished its first full paint of a graph (webview/README.md): ms from receiving it, drawn counts. */
  | { type: 'rendered'; ms: number; nodes: number; edges: number };
