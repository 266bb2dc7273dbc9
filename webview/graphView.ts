/**
 * The Cytoscape drawing of the flow graph: builds elements for the visible subgraph at precomputed positions
 * (placement.ts, `preset` layout), and restyles them in place when new flows arrive (no relayout while training).
 * Its stylesheet and theme are in stylesheet.ts, what each element carries in elementData.ts (on style.ts's mapping
 * of data to width, size and colour).
 */
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, EventObject, NodeSingular } from 'cytoscape';
import type { FlowGraph } from '../shared/flowGraph';
import type { Subgraph } from './filter';
import type { FlowView } from './flowView';
import { FIT_PADDING, MAX_FIT_ZOOM, placeDrawing, restagger, type Stagger } from './placement';
import { drawScale, edgeData, labelOf, sizeOf } from './elementData';
import { isSvgLabel } from './style';
import { safeSvgDataUri } from './svg';
import { readTheme, stylesheet, type Theme } from './stylesheet';
import { fitViewport, type Bounds, type Viewport } from './viewport';

/** Above this many drawn elements, draw for speed: haystack edges (no arrows), pixel ratio 1, no labels until zoom. */
const BIG_DRAWING = 1500;

export interface GraphViewEvents {
  /** A node was tapped (null: the background). */
  select(node: number | null): void;
  /** The pointer rests on a node (null: it left); position in px relative to the graph container. */
  hover(node: number | null, at: { x: number; y: number }): void;
}

export class GraphView {
  private cy: Core | null = null;
  private graph: FlowGraph | null = null;
  private drawn: Subgraph = { nodes: [], edges: [] };
  private theme: Theme;
  private big = false;
  /** Model px per screen px at the fitted zoom of a big drawing: its widths and sizes are given in screen px. */
  private unit = 1;
  private bounds: Bounds = { x1: 0, y1: 0, x2: 1, y2: 1 };
  private lastView: FlowView | null = null;
  /** The container size the drawing was last fitted to (resized() re-fits only when it changed). */
  private fittedSize = { width: 0, height: 0 };
  /** What a labelled drawing was staggered from, to stagger it again for a new panel size (null: big drawing). */
  private stagger: Stagger | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly events: GraphViewEvents,
  ) {
    this.theme = readTheme();
  }

  get drawnCounts(): { nodes: number; edges: number } {
    return { nodes: this.drawn.nodes.length, edges: this.drawn.edges.length };
  }

  isDrawn(node: number): boolean {
    return this.cy?.getElementById(`n${node}`).nonempty() ?? false;
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(1, this.container.clientWidth), height: Math.max(1, this.container.clientHeight) };
  }

  /** Replace the drawing by a subgraph; resolves after Cytoscape has painted it. */
  draw(graph: FlowGraph, sub: Subgraph, view: FlowView): Promise<void> {
    const phases: string[] = [];
    let mark = performance.now();
    const phase = (name: string) => {
      const now = performance.now();
      phases.push(`${name}=${Math.round(now - mark)}`);
      mark = now;
    };
    this.graph = graph;
    this.drawn = sub;
    this.lastView = view;
    const big = sub.nodes.length + sub.edges.length > BIG_DRAWING;
    this.big = big;
    const local = new Map(sub.nodes.map((v, i) => [v, i]));
    const screen = this.size();
    // Big drawings show no labels (only the selected node's, from the tooltip): building 4,096 strings is cheap, but
    // Cytoscape parses every label it is given.
    const labels = sub.nodes.map((v) => (big ? '' : labelOf(graph, v, view)));
    const input = {
      rank: sub.nodes.map((v) => graph.nodes[v].depth),
      source: sub.edges.map((e) => local.get(graph.edges[e].source) ?? 0),
      target: sub.edges.map((e) => local.get(graph.edges[e].target) ?? 0),
    };
    const { layout, bounds, stagger } = placeDrawing(input, labels, big, screen);
    this.bounds = bounds;
    this.stagger = stagger;
    phase('layout');
    const fitted = fitViewport(this.bounds, screen, FIT_PADDING, MAX_FIT_ZOOM);
    this.fittedSize = screen;
    // Big drawings are seen whole first: floors in screen px (at the fitted zoom) keep thin edges and small nodes
    // visible in the overview instead of vanishing at zoom 0.05.
    // (10% margin: the panel settling a few px smaller after the first paint must not take them under the floor.)
    this.unit = big ? 1.1 / fitted.zoom : 1;
    const scale = drawScale(view, sub, big, this.unit);
    const elements = new Array<ElementDefinition>(sub.nodes.length + sub.edges.length);
    let k = 0;
    sub.nodes.forEach((v, i) => {
      const node = graph.nodes[v];
      // render()'s SVG is sanitised, then drawn only as an image (webview/svg.ts).
      const image = !big && isSvgLabel(node.label) ? safeSvgDataUri(node.label) ?? undefined : undefined;
      const data: Record<string, unknown> = { id: `n${v}`, v, size: sizeOf(v, view, scale), label: labels[i] };
      if (image) data.image = image;
      elements[k++] = {
        group: 'nodes',
        data,
        position: { x: layout.x[i], y: layout.y[i] },
        classes: node.terminal ? (image ? 'terminal image' : 'terminal') : image ? 'image' : undefined,
      };
    });
    for (const e of sub.edges) {
      const edge = graph.edges[e];
      elements[k++] = { group: 'edges', data: { id: `e${e}`, e, source: `n${edge.source}`, target: `n${edge.target}`, ...edgeData(e, view, scale, this.theme.edge) } };
    }
    phase('elements');
    this.cy?.destroy();
    phase('destroy');
    const cy = cytoscape({
      container: this.container,
      elements,
      layout: { name: 'preset' },
      style: stylesheet(this.theme, big),
      // The viewport is computed from the layout: cy.fit() would measure the bounding box of every element first
      // (about 0.2 s of the first paint at 18k elements).
      zoom: fitted.zoom,
      pan: fitted.pan,
      pixelRatio: big ? 1 : 'auto',
      hideEdgesOnViewport: big,
      textureOnViewport: big,
      minZoom: 0.01,
      maxZoom: 8,
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    this.cy = cy;
    // Inspection hook for page tests and for debugging in the webview's devtools (webview/README.md).
    (globalThis as { gfnCy?: Core }).gfnCy = cy;
    // Cytoscape types an event's target as any: these handlers are bound to nodes.
    const nodeOf = (evt: EventObject) => evt.target as NodeSingular;
    cy.on('tap', 'node', (evt) => this.events.select(Number(nodeOf(evt).data('v'))));
    cy.on('tap', (evt) => {
      if (evt.target === cy) this.events.select(null);
    });
    cy.on('mouseover', 'node', (evt) => this.events.hover(Number(nodeOf(evt).data('v')), nodeOf(evt).renderedPosition()));
    cy.on('mouseout', 'node', () => this.events.hover(null, { x: 0, y: 0 }));
    cy.on('viewport', () => this.events.hover(null, { x: 0, y: 0 }));
    phase('cytoscape');
    return new Promise((resolve) => {
      cy.one('render', () =>
        requestAnimationFrame(() => {
          phase('paint');
          document.body.dataset.renderPhases = phases.join(' ');
          resolve();
        }),
      );
    });
  }

  /** Restyle in place: widths, colours, sizes and labels from new flows; positions stay. */
  applyFlows(view: FlowView): void {
    const cy = this.cy;
    if (!cy || !this.graph) return;
    this.lastView = view;
    const graph = this.graph;
    const scale = drawScale(view, this.drawn, this.big, this.unit);
    cy.batch(() => {
      for (const v of this.drawn.nodes) cy.getElementById(`n${v}`).data({ size: sizeOf(v, view, scale), label: labelOf(graph, v, view) });
      for (const e of this.drawn.edges) cy.getElementById(`e${e}`).data(edgeData(e, view, scale, this.theme.edge));
    });
  }

  select(node: number | null, center: boolean): void {
    const cy = this.cy;
    if (!cy) return;
    cy.batch(() => {
      cy.$(':selected').unselect();
      cy.edges('.near').removeClass('near');
      if (node === null) return;
      const ele = cy.getElementById(`n${node}`);
      if (ele.empty()) return;
      // Big drawings carry no labels: the selected node gets its own, so that it is named on the drawing.
      if (this.big && this.lastView && this.graph) ele.data('label', labelOf(this.graph, node, this.lastView));
      ele.select();
      ele.connectedEdges().addClass('near');
    });
    if (center && node !== null) {
      const ele = cy.getElementById(`n${node}`);
      if (ele.nonempty()) cy.animate({ center: { eles: ele }, zoom: Math.max(cy.zoom(), 1) }, { duration: 200 });
    }
  }

  /** Marks a played trajectory (panels/play.ts): its states and edges, graph indices; empty lists clear it. */
  markPath(nodes: readonly number[], edges: readonly number[]): void {
    const cy = this.cy;
    if (!cy) return;
    cy.batch(() => {
      cy.elements('.played').removeClass('played');
      for (const v of nodes) cy.getElementById(`n${v}`).addClass('played');
      for (const e of edges) cy.getElementById(`e${e}`).addClass('played');
    });
  }

  /** Fit the whole drawing to the panel, from the layout's bounds (no measuring of every element). */
  fit(): void {
    const cy = this.cy;
    if (!cy) return;
    this.fittedSize = this.size();
    const v: Viewport = fitViewport(this.bounds, this.fittedSize, FIT_PADDING, MAX_FIT_ZOOM);
    // A running animation (centring a search result, an animated zoom) would carry on past the fit: drop it. (Not
    // jumpToEnd: Cytoscape applies that end state on its next tick, over the fitted viewport.)
    cy.stop(true, false);
    cy.viewport({ zoom: v.zoom, pan: v.pan });
  }

  /** The container changed size (panel resized, side bar toggled): let Cytoscape re-measure, then fit again. */
  resized(): void {
    const cy = this.cy;
    if (!cy) return;
    // A ResizeObserver also reports sizes that did not change (its first observation, layout passes): a re-fit then
    // would cost a full redraw of a big drawing for nothing.
    const size = this.size();
    if (size.width === this.fittedSize.width && size.height === this.fittedSize.height) return;
    document.body.dataset.refits = String(Number(document.body.dataset.refits ?? 0) + 1);
    cy.resize();
    // A labelled drawing is staggered for the panel's shape: a taller or narrower panel may fit it larger with more
    // rows (positions only; a few ms for a drawing small enough to carry labels).
    if (this.stagger) {
      const best = restagger(this.stagger, this.size());
      this.bounds = best.bounds;
      cy.batch(() => {
        this.drawn.nodes.forEach((v, i) => cy.getElementById(`n${v}`).position({ x: best.layout.x[i], y: best.layout.y[i] }));
      });
    }
    this.fit();
  }

  zoomBy(factor: number): void {
    const cy = this.cy;
    if (!cy) return;
    const level = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), cy.zoom() * factor));
    const at = { x: cy.width() / 2, y: cy.height() / 2 };
    if (!this.big) {
      cy.zoom({ level, renderedPosition: at });
      return;
    }
    // A big drawing answers at once with an animated zoom: while Cytoscape animates, hideEdgesOnViewport draws the
    // nodes only (cheap), and the full redraw with all edges comes once, at the end. A direct zoom would block on
    // that full redraw before anything moved.
    cy.stop(true, false);
    const pan = cy.pan();
    const k = level / cy.zoom();
    cy.animate({ zoom: level, pan: { x: at.x - (at.x - pan.x) * k, y: at.y - (at.y - pan.y) * k } }, { duration: 150 });
  }

  panBy(dx: number, dy: number): void {
    this.cy?.panBy({ x: dx, y: dy });
  }

  /** The whole drawing as a PNG data URI (at most 4000 px a side). */
  png(): string | null {
    if (!this.cy) return null;
    return this.cy.png({ output: 'base64uri', full: true, bg: this.theme.bg, maxWidth: 4000, maxHeight: 4000 });
  }

  /** Re-read the theme's colours (VS Code switched themes): the stylesheet and the edge colours derived from it. */
  retheme(): void {
    this.theme = readTheme();
    const cy = this.cy;
    if (!cy) return;
    cy.style(stylesheet(this.theme, this.big));
    if (this.lastView) this.applyFlows(this.lastView);
  }
}
