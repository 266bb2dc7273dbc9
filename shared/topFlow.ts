/**
 * The highest-flow part of a DAG that stays connected to its roots: how both the engine (src/flowGraph/graph.ts, cutting DAGs
 * too large to send) and the panel (webview/filter.ts, its top-k view) choose what to draw. Pure code: no DOM.
 */

/**
 * The `k` nodes of highest flow reachable from `roots` such that every kept node has a kept parent: a best-first
 * search by flow from the roots (ties: the smaller index first), so the drawing has no floating islands.
 * Returns node indices in the order they were kept.
 */
export function topFlowConnected(
  nodeCount: number,
  roots: Iterable<number>,
  forEachChild: (v: number, visit: (child: number) => void) => void,
  flow: (v: number) => number,
  k: number,
): number[] {
  const heap = new MaxHeap((a, b) => flow(a) - flow(b) || b - a);
  const seen = new Uint8Array(nodeCount);
  const visit = (v: number) => {
    if (!seen[v]) {
      seen[v] = 1;
      heap.push(v);
    }
  };
  for (const r of roots) visit(r);
  const kept: number[] = [];
  while (kept.length < k && heap.size > 0) {
    const v = heap.pop();
    kept.push(v);
    forEachChild(v, visit);
  }
  return kept;
}

/** A binary max-heap of node indices under a comparison. */
class MaxHeap {
  private readonly items: number[] = [];
  constructor(private readonly compare: (a: number, b: number) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(x: number): void {
    const items = this.items;
    items.push(x);
    for (let i = items.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (this.compare(items[i], items[p]) <= 0) break;
      [items[i], items[p]] = [items[p], items[i]];
      i = p;
    }
  }
  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as number;
    if (items.length === 0) return top;
    items[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && this.compare(items[l], items[m]) > 0) m = l;
      if (r < items.length && this.compare(items[r], items[m]) > 0) m = r;
      if (m === i) break;
      [items[i], items[m]] = [items[m], items[i]];
      i = m;
    }
    return top;
  }
}
