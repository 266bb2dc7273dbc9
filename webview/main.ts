/**
 * The flow graph panel's entry (after microsoft/vscode-hexeditor's media/editor/hexEdit.tsx): it builds the page's
 * skeleton, restores the state (state.ts), mounts the parts (controls, search, side panels, tooltip, message
 * dispatch) on it and starts. The page renders what the host sends (or, in the standalone report, the embedded run)
 * and answers with FromWebview messages; it computes no flows. See webview/README.md.
 */
import { formatNumber } from '../shared/format';
import { showComparison } from './compare/mount';
import { mountControls, setStatus } from './controls';
import { notice, redraw, showGraph } from './drawing';
import { GraphView } from './graphView';
import { connectHost } from './host';
import { listenToHost } from './messages';
import type { Panel } from './panel';
import { mountDetails, selectState } from './panels/details';
import { mountDeviations } from './panels/deviations';
import { mountGallery } from './panels/gallery';
import { mountPlay } from './panels/play';
import { refreshSide } from './panels/side';
import { mountSearch } from './search';
import { buildSkeleton, el } from './skeleton';
import { PanelState, readEmbeddedData } from './state';
import { showTip } from './tooltip';
import { enableCompareView, mountViews, showView } from './views';

const host = connectHost();
// Read before the skeleton replaces the body's content (the data script sits in the body).
const embedded = readEmbeddedData();
buildSkeleton(document.body);
const state = new PanelState(host);
const from = state.restore(embedded);

const panel: Panel = {
  host,
  state,
  view: new GraphView(el('graph'), {
    select: (v) => panel.select(v, false),
    hover: (v, at) => showTip(state, v, at),
  }),
  redraw: () => redraw(panel),
  refreshSide: () => refreshSide(panel),
  select: (v, center) => selectState(panel, v, center),
};

mountControls(panel);
mountSearch(panel);
mountDetails(panel);
mountDeviations(panel);
mountGallery(panel);
mountPlay(panel);
mountViews(panel);
listenToHost(panel);

/** The one start-up path: show what was restored (as a graph message would), then tell the host the page listens. */
async function start(): Promise<void> {
  const { summary } = state.data;
  if (from === 'embedded' && summary) setStatus(`Finished: ${summary.iterations} iterations in ${formatNumber(summary.seconds)} s`);
  if (state.data.comparison) {
    showComparison(state.data.comparison, state.data.graph !== null);
    enableCompareView();
    showView(panel, 'compare');
  }
  if (state.data.graph) await showGraph(panel);
  else if (!state.data.comparison) notice('Waiting for a flow graph: run "GFlowNet: Show Flow Graph" or "GFlowNet: Train".');
  panel.refreshSide();
  host.post({ type: 'ready' });
}

void start();
