/**
 * The message dispatch: the host's ToWebview messages (shared/protocol.ts), each applied to the state and then to the
 * parts that show it. The answers (FromWebview) are posted where they arise: 'ready' by main.ts, 'rendered' by
 * drawing.ts, the exports by controls.ts.
 */
import type { ToWebview } from '../shared/protocol';
import { setStatus } from './controls';
import { sameComparison, showComparison } from './compare/mount';
import { enableCompareView, showView } from './views';
import { showGraph } from './drawing';
import { snapshotFits } from './flowView';
import type { Panel } from './panel';

async function onMessage(panel: Panel, message: ToWebview): Promise<void> {
  const { state, view } = panel;
  switch (message.type) {
    case 'graph':
      state.setGraph(message.graph, message.run);
      await showGraph(panel);
      panel.refreshSide();
      // A new graph is what the user asked to see (Train, Show Flow Graph): its tab comes forward.
      if (state.data.comparison) showComparison(state.data.comparison, true);
      showView(panel, 'graph');
      state.save();
      break;
    case 'progress':
      for (const point of message.points) state.addProgress(point);
      panel.refreshSide();
      state.save();
      break;
    case 'flows': {
      state.setSnapshot(message.snapshot);
      const g = state.data.graph;
      if (g && snapshotFits(g, message.snapshot)) view.applyFlows(state.flowView(g));
      panel.refreshSide();
      state.save();
      break;
    }
    case 'summary':
      state.setSummary(message.summary);
      panel.refreshSide();
      state.save();
      break;
    case 'status':
      setStatus(message.text);
      break;
    case 'comparison': {
      // Updates of the comparison on screen stream in while its runs train: only a new one takes the user to it.
      const fresh = !sameComparison(state.data.comparison, message.comparison);
      state.setComparison(message.comparison);
      showComparison(message.comparison, state.data.graph !== null);
      enableCompareView();
      if (fresh) showView(panel, 'compare');
      state.save();
      break;
    }
      break;
  }
}

/** Listens for the host's messages (posted to the window by VS Code; none come in the standalone report). */
export function listenToHost(panel: Panel): void {
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const m = event.data;
    if (m && typeof m === 'object' && typeof m.type === 'string') void onMessage(panel, m);
  });
}
