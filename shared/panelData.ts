/**
 * What a flow graph page starts with: `gfn report` embeds a finished run in the page (shared/pageShell.ts writes it,
 * webview/state.ts reads it); in VS Code the host sends the same pieces as ToWebview messages (shared/protocol.ts).
 */
import type { Comparison } from './comparison';
import type { FlowGraph } from './flowGraph';
import type { FlowSnapshot } from './flowSnapshot';
import type { TrainProgress } from './trainProgress';
import type { TrainSummary } from './trainSummary';

export interface PanelData {
  graph: FlowGraph | null;
  /** The last learned flows; null before training (the panel then draws the exact flows). */
  snapshot: FlowSnapshot | null;
  /** Training progress, oldest first (the curves). */
  progress: TrainProgress[];
  summary: TrainSummary | null;
  /** Where the data came from, shown in the side bar's Run section (the run directory's name). */
  source?: string;
  /** A comparison of runs (gfn compare's comparison.html): the page opens on its Compare view. */
  comparison?: Comparison;
}

/** The id of the inert `<script type="application/json">` element that carries a page's PanelData. */
export const PANEL_DATA_ELEMENT_ID = 'gfn-data';
