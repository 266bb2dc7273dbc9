/** The side column (Run, Legend, Training, Terminals, Selected state): its sections rendered together, once a frame. */
import type { Panel } from '../panel';
import { renderCurves } from './curves';
import { renderDetails } from './details';
import { renderHistogram } from './histogram';
import { renderSummary } from './summary';

let pending = false;

/** Side bar updates are batched per animation frame: progress messages can arrive faster than the screen refreshes. */
export function refreshSide(panel: Panel): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    renderSummary(panel.state);
    renderCurves(panel.state);
    renderHistogram(panel.state);
    renderDetails(panel);
  });
}
