/**
 * The side column (Run, Diagnosis, Where the mass is (panels/heatmaps.ts, drawn above the graph for large DAGs),
 * Legend, Training, Terminals, Reward of samples, Overview, Play, Selected state, Where is the policy wrong, Mass and stop per depth) and
 * the Gallery view: rendered together, once a frame.
 */
import type { Panel } from '../panel';
import { currentView } from '../views';
import { renderCurves } from './curves';
import { renderDetails } from './details';
import { renderDeviations } from './deviations';
import { renderDepthTable } from './depthTable';
import { renderDiagnosis } from './diagnosis';
import { renderGallery } from './gallery';
import { renderHeatmaps } from './heatmaps';
import { renderHistogram } from './histogram';
import { renderOverview } from './overview';
import { renderPlay } from './play';
import { renderRewardDistribution } from './rewardDistribution';
import { renderSummary } from './summary';

let pending = false;

/** Side bar updates are batched per animation frame: progress messages can arrive faster than the screen refreshes. */
export function refreshSide(panel: Panel): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    renderSummary(panel.state);
    renderDiagnosis(panel);
    renderHeatmaps(panel);
    renderCurves(panel.state);
    renderHistogram(panel.state);
    renderRewardDistribution(panel.state);
    renderOverview(panel);
    renderPlay(panel);
    renderDetails(panel);
    renderDeviations(panel);
    renderDepthTable(panel);
    if (currentView() === 'gallery') renderGallery(panel);
  });
}
