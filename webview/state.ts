/**
 * The panel's state and its persistence, after microsoft/vscode-hexeditor's media/editor/state.ts: what is shown
 * (graph, snapshot, progress, summary), the filter, the selection and the search. Inside VS Code it survives a reload
 * through acquireVsCodeApi().setState (webview/host.ts); the standalone report starts from the run embedded in the page.
 * Plain data and its updates: the parts of the page (main.ts mounts them) read it and redraw themselves.
 */
import { addCurvePoint } from '../shared/curvePoints';
import { PANEL_DATA_ELEMENT_ID, type PanelData } from '../shared/panelData';
import type { Comparison } from '../shared/comparison';
import type { FlowGraph } from '../shared/flowGraph';
import type { FlowSnapshot } from '../shared/flowSnapshot';
import type { TrainProgress } from '../shared/trainProgress';
import type { TrainSummary } from '../shared/trainSummary';
import type { ViewFilter } from './filter';
import { flowView, snapshotFits, type FlowView } from './flowView';
import type { Host } from './host';

/** What survives a reload of the VS Code panel (acquireVsCodeApi().setState). */
interface SavedState {
  version: 1;
  data: PanelData | null;
  filter: ViewFilter | null;
  selected: number | null;
  search: string;
}

/** Graphs larger than this are not persisted: setState serialises synchronously on every change. */
const MAX_SAVED_NODES = 5000;

function isSavedState(value: unknown): value is SavedState {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1;
}

/** The run `gfn report` embedded in the page, if any. Read it before the skeleton replaces the body's content. */
export function readEmbeddedData(): PanelData | null {
  const script = document.getElementById(PANEL_DATA_ELEMENT_ID);
  if (!script?.textContent) return null;
  try {
    return JSON.parse(script.textContent) as PanelData;
  } catch (error) {
    console.error(`Could not read the embedded run: ${String(error)}`);
    return null;
  }
}

export class PanelState {
  data: PanelData = { graph: null, snapshot: null, progress: [], summary: null };
  /** Null until the graph is drawn (then its default, filter.ts), and again for a new graph. */
  filter: ViewFilter | null = null;
  selected: number | null = null;
  /** The last search, trimmed and lower-cased (search.ts). */
  searchText = '';
  /** The run whose progress the curves show (the `run` of its graph message), when the host said. */
  private run: string | undefined;
  /** Per node of data.graph: the indices of the edges into it and out of it. */
  parentsOf: number[][] = [];
  childrenOf: number[][] = [];

  constructor(private readonly host: Host) {}

  /**
   * Where the page starts from: the embedded run (the report), else what the panel saved before a reload, else
   * nothing (the host sends a graph after 'ready'). Says which.
   */
  restore(embedded: PanelData | null): 'embedded' | 'saved' | null {
    const saved = this.host.getState();
    let from: 'embedded' | 'saved' | null = null;
    if (embedded) {
      this.data = { ...embedded, progress: embedded.progress ?? [] };
      from = 'embedded';
    } else if (isSavedState(saved) && saved.data) {
      this.data = saved.data;
      this.filter = saved.filter;
      this.selected = saved.selected;
      this.searchText = saved.search;
      from = 'saved';
    }
    if (this.data.graph) this.indexEdges(this.data.graph);
    return from;
  }

  save(): void {
    const keepGraph = (this.data.graph?.nodes.length ?? 0) <= MAX_SAVED_NODES;
    const state: SavedState = {
      version: 1,
      data: keepGraph ? this.data : null,
      filter: this.filter,
      selected: this.selected,
      search: this.searchText,
    };
    this.host.setState(state);
  }

  /**
   * A graph from the host. The same environment at the same size (a redraw during or after training) keeps its
   * filter and selection, and, unless it comes from another run (`run`), its progress, summary and a snapshot that
   * still fits; any other graph starts afresh.
   */
  setGraph(graph: FlowGraph, run?: string): void {
    const data = this.data;
    // Another run of the same environment (Train again, a stored run opened) must not append to the last one's curves.
    const sameRun = run === undefined || run === this.run;
    if (run !== undefined) this.run = run;
    const sameShape = data.graph !== null && data.graph.name === graph.name && data.graph.nodes.length === graph.nodes.length;
    this.data = { ...data, graph, snapshot: snapshotFits(graph, data.snapshot) && sameShape && sameRun ? data.snapshot : null };
    if (!sameShape) {
      this.filter = null;
      this.selected = null;
    }
    if (!sameShape || !sameRun) {
      this.data.progress = [];
      this.data.summary = null;
    }
    this.indexEdges(graph);
  }

  setSnapshot(snapshot: FlowSnapshot): void {
    this.data.snapshot = snapshot;
  }

  /** The ended run's summary (the graph of another run clears it: setGraph). */
  setSummary(summary: TrainSummary): void {
    this.data.summary = summary;
  }

  setComparison(comparison: Comparison): void {
    this.data.comparison = comparison;
  }

  /** The latest report, added to the curves (bounded: shared/curvePoints.ts). */
  addProgress(progress: TrainProgress): void {
    addCurvePoint(this.data.progress, progress);
  }

  /** The last snapshot if it fits the graph, else null. */
  fittingSnapshot(graph: FlowGraph): FlowSnapshot | null {
    return snapshotFits(graph, this.data.snapshot) ? this.data.snapshot : null;
  }

  /** The flows to show for the graph: learned ones from a fitting snapshot, else exact ones. */
  flowView(graph: FlowGraph): FlowView {
    return flowView(graph, this.data.snapshot);
  }

  private indexEdges(graph: FlowGraph): void {
    this.parentsOf = graph.nodes.map(() => []);
    this.childrenOf = graph.nodes.map(() => []);
    graph.edges.forEach((e, i) => {
      this.childrenOf[e.source]?.push(i);
      this.parentsOf[e.target]?.push(i);
    });
  }
}
