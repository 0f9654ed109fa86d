/**
 * A tidy top-down tree layout for CXL hierarchies (our own, small: CXL topologies are trees, so a
 * layered graph layout is not needed). The host (CXL root) is on top; each node's children are
 * ordered by `order` (port number, or UID for host bridges) left to right; every parent is centred
 * over its children; `sink` nodes (Type 3 devices) all sit on the bottom row so devices line up.
 *
 * Subtrees are packed as contiguous, non-overlapping columns: a subtree's column is as wide as the
 * wider of the node itself and its children's columns side by side. Rows are as tall as their
 * tallest node. Nodes whose parent is missing (or that sit in a parent cycle) are laid out as extra
 * trees to the right of the main one. Pure: no DOM, no React.
 */

export interface LayoutNode {
  id: string;
  /** Parent node id; null for a root (the host, or an unattached component). */
  parent: string | null;
  /** Sort key among siblings (port number, UID). */
  order: number;
  width: number;
  height: number;
  /** Pushed to the bottom row (Type 3 devices). */
  sink?: boolean;
}

export interface LayoutOptions {
  /** Horizontal gap between neighbouring subtrees. */
  gapX: number;
  /** Vertical gap between rows. */
  gapY: number;
  /** Extra gap between separate trees (unattached components). */
  treeGap?: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Top-left position of each node (React Flow's default node origin). */
export type Layout = Map<string, Point>;

interface Tree {
  node: LayoutNode;
  children: Tree[];
  depth: number;
  /** Column width of the subtree. */
  span: number;
}

export function treeLayout(nodes: readonly LayoutNode[], options: LayoutOptions): Layout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kids = new Map<string, LayoutNode[]>();
  const roots: LayoutNode[] = [];
  for (const n of nodes) {
    if (n.parent === null || !byId.has(n.parent)) roots.push(n);
    else {
      const list = kids.get(n.parent);
      if (list === undefined) kids.set(n.parent, [n]);
      else list.push(n);
    }
  }
  const bySortKey = (a: LayoutNode, b: LayoutNode) => a.order - b.order || (a.id < b.id ? -1 : 1);
  for (const list of kids.values()) list.sort(bySortKey);

  const placed = new Set<string>();
  const build = (node: LayoutNode, depth: number): Tree => {
    placed.add(node.id);
    const children = (kids.get(node.id) ?? [])
      .filter((k) => !placed.has(k.id))
      .map((k) => build(k, depth + 1));
    const childSpan = spanOf(children, options.gapX);
    return { node, children, depth, span: Math.max(node.width, childSpan) };
  };
  const trees = roots.map((r) => build(r, 0));
  // Nodes in a parent cycle are reachable from no root: lay each cycle out from its first member.
  for (const n of nodes) if (!placed.has(n.id)) trees.push(build(n, 0));

  // Row geometry, per tree (an unattached draft never shifts the main tree's rows): the depth of
  // each node (sinks on the tree's deepest row), then each row's top.
  const rowOf = new Map<string, number>();
  const rowTopOf = new Map<Tree, number[]>();
  const rowHeightOf = new Map<Tree, number[]>();
  for (const tree of trees) {
    let deepest = 0;
    const visit = (t: Tree) => {
      deepest = Math.max(deepest, t.depth);
      for (const c of t.children) visit(c);
    };
    visit(tree);
    const heights = new Array<number>(deepest + 1).fill(0);
    const assign = (t: Tree) => {
      const row = t.node.sink === true && t.children.length === 0 ? deepest : t.depth;
      rowOf.set(t.node.id, row);
      heights[row] = Math.max(heights[row] ?? 0, t.node.height);
      for (const c of t.children) assign(c);
    };
    assign(tree);
    const tops: number[] = [];
    let y = 0;
    for (let r = 0; r <= deepest; r++) {
      tops.push(y);
      y += (heights[r] ?? 0) + options.gapY;
    }
    rowTopOf.set(tree, tops);
    rowHeightOf.set(tree, heights);
  }

  // Columns: place children left to right inside the subtree's column, centre the parent over them.
  const out: Layout = new Map();
  const place = (t: Tree, left: number, rowTop: number[], rowHeight: number[]): number => {
    const childSpan = spanOf(t.children, options.gapX);
    let x = left + (t.span - childSpan) / 2;
    const centres: number[] = [];
    for (const c of t.children) {
      centres.push(place(c, x, rowTop, rowHeight));
      x += c.span + options.gapX;
    }
    const first = centres[0];
    const last = centres[centres.length - 1];
    const wanted = first !== undefined && last !== undefined ? (first + last) / 2 : left + t.span / 2;
    // Keep the node inside its own column (a wide parent over narrow or lopsided children).
    const half = t.node.width / 2;
    const centre = Math.min(Math.max(wanted, left + half), left + t.span - half);
    const row = rowOf.get(t.node.id) ?? 0;
    const top = (rowTop[row] ?? 0) + ((rowHeight[row] ?? 0) - t.node.height) / 2;
    out.set(t.node.id, { x: centre - t.node.width / 2, y: top });
    return centre;
  };
  let left = 0;
  for (const t of trees) {
    place(t, left, rowTopOf.get(t) ?? [], rowHeightOf.get(t) ?? []);
    left += t.span + (options.treeGap ?? options.gapX * 3);
  }
  return out;
}

function spanOf(children: readonly Tree[], gapX: number): number {
  if (children.length === 0) return 0;
  let sum = gapX * (children.length - 1);
  for (const c of children) sum += c.span;
  return sum;
}

/** What the topology layout needs to know about a component (a spec component or an unattached draft). */
export interface LayoutComponent {
  id: string;
  kind: 'host-bridge' | 'root-port' | 'switch' | 'downstream-port' | 'type3';
  /** Parent component id; for host bridges, ignored (they hang off the host). */
  parent?: string;
  /** Port number (root / downstream ports) or UID (host bridges). */
  order: number;
}

/**
 * Lays out a topology: the host node `rootId` on top, host bridges below it in UID order, ports in
 * port-number order, Type 3 devices on the bottom row. `sizeOf` gives each node's size.
 */
export function layoutTopology(
  rootId: string,
  components: readonly LayoutComponent[],
  sizeOf: (id: string) => { width: number; height: number },
  options: LayoutOptions,
): Layout {
  const root = sizeOf(rootId);
  const nodes: LayoutNode[] = [{ id: rootId, parent: null, order: 0, ...root }];
  for (const c of components) {
    nodes.push({
      id: c.id,
      parent: c.kind === 'host-bridge' ? rootId : (c.parent ?? null),
      order: c.order,
      sink: c.kind === 'type3',
      ...sizeOf(c.id),
    });
  }
  return treeLayout(nodes, options);
}
