/**
 * What the parts of the page share (main.ts builds it and mounts each part with it): the host, the state, the
 * drawing, and the three things any part may ask for. Types only, so that no part imports another's implementation
 * through it.
 */
import type { GraphView } from './graphView';
import type { Host } from './host';
import type { PanelState } from './state';

export interface Panel {
  readonly host: Host;
  readonly state: PanelState;
  readonly view: GraphView;
  /** Draw state.data.graph again under state.filter (drawing.ts); resolves after its first paint. */
  redraw(): Promise<void>;
  /** Render the side column again, at the next animation frame (panels/side.ts). */
  refreshSide(): void;
  /** Select a state (null: none), centring the drawing on it when asked (panels/details.ts). */
  select(node: number | null, center: boolean): void;
}
