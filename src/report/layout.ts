/**
 * Lays a workspace graph out with ELK (Eclipse Layout Kernel, elkjs), at report time in Node, so
 * the HTML report carries finished SVG coordinates and needs no layout code in the page.
 *
 * Why synchronous: formatters are pure `(report, ctx) => string` functions (formats.ts), and
 * elkjs's public API is Promise-based only because it may run in a Web Worker. Its layout itself
 * is synchronous JavaScript; the in-process "fake worker" that elkjs's Node entry uses merely
 * defers through setTimeout. We drive that same fake worker's dispatcher directly. This leans on
 * elkjs internals, which is why elkjs is pinned to an exact version and test/report/layout.test.ts
 * checks the adapter.
 */
import { CONTAINMENT_EDGES, type GraphEdge, type GraphNode, type WorkspaceGraph } from './graph';

export interface Point { x: number; y: number }

export interface PositionedNode {
  node: GraphNode;
  /** Absolute coordinates in the diagram. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The id of the node drawn around this one (subnet around a private endpoint, VNet around a subnet). */
  parent?: string;
  /** True for VNets and subnets that hold other nodes. */
  compound: boolean;
}

export interface PositionedEdge {
  edge: GraphEdge;
  points: Point[];
}

export interface LaidOutGraph {
  width: number;
  height: number;
  /** Parents before children, so drawing in order puts children on top. */
  nodes: PositionedNode[];
  edges: PositionedEdge[];
}

interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkNode[];
  edges?: ElkEdge[];
}

interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  container?: string;
  sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[];
}

interface FakeWorker {
  onmessage: (msg: { data: { id: number; data?: unknown; error?: unknown } }) => void;
  dispatcher: { saveDispatch: (event: { data: Record<string, unknown> }) => void };
}

let worker: FakeWorker | undefined;
let nextId = 0;

function elkWorker(): FakeWorker {
  if (worker) return worker;
  const { Worker } = require('elkjs/lib/elk-worker.min.js') as { Worker: new () => FakeWorker };
  const w = new Worker();
  if (!w.dispatcher || typeof w.dispatcher.saveDispatch !== 'function') {
    throw new Error('elkjs internals changed (no fake-worker dispatcher); pin elkjs to the version in package.json');
  }
  worker = w;
  call('register', { algorithms: ['layered'] });
  return w;
}

function call(cmd: string, payload: Record<string, unknown>): unknown {
  const w = worker as FakeWorker;
  let answer: { data?: unknown; error?: unknown } | undefined;
  w.onmessage = (msg) => { answer = msg.data; };
  w.dispatcher.saveDispatch({ data: { cmd, id: nextId++, ...payload } });
  if (!answer) throw new Error(`elkjs did not answer "${cmd}" synchronously; pin elkjs to the version in package.json`);
  if (answer.error) {
    const e = answer.error as { message?: string };
    throw new Error(`graph layout failed: ${e.message ?? String(e)}`);
  }
  return answer.data;
}

/** Runs ELK on a graph in its JSON format, synchronously. */
export function elkLayoutSync<T extends object>(graph: T): T {
  elkWorker();
  return call('layout', { graph, layoutOptions: {}, options: {} }) as T;
}

const CHAR_WIDTH = 7.6;
const NODE_HEIGHT = 50;

/** Width that fits the longest of the node's lines (names are cut at 40 characters when drawn). */
export function nodeWidth(n: GraphNode): number {
  const longest = Math.max(Math.min(n.label.length, 40), Math.min((n.detail ?? '').length, 40), 16);
  return Math.round(Math.min(300, Math.max(130, longest * CHAR_WIDTH + 24)));
}

export function layoutWorkspaceGraph(graph: WorkspaceGraph): LaidOutGraph {
  const parentOf = new Map<string, string>();
  for (const e of graph.edges) if ((CONTAINMENT_EDGES as readonly string[]).includes(e.kind)) parentOf.set(e.from, e.to);
  const known = new Set(graph.nodes.map((n) => n.id));
  const childrenOf = new Map<string, GraphNode[]>();
  const roots: GraphNode[] = [];
  for (const n of graph.nodes) {
    const p = parentOf.get(n.id);
    if (p && known.has(p)) childrenOf.set(p, [...(childrenOf.get(p) ?? []), n]);
    else roots.push(n);
  }

  const toElk = (n: GraphNode): ElkNode => {
    const kids = childrenOf.get(n.id) ?? [];
    if (n.kind === 'vnet' || n.kind === 'subnet') {
      return {
        id: n.id,
        layoutOptions: {
          'elk.padding': '[top=34,left=14,bottom=14,right=14]',
          'elk.nodeSize.constraints': 'MINIMUM_SIZE',
          'elk.nodeSize.minimum': `(${nodeWidth(n)}, 44)`,
        },
        children: kids.map(toElk),
      };
    }
    return { id: n.id, width: nodeWidth(n), height: NODE_HEIGHT };
  };

  const drawn = graph.edges.filter((e) => !(CONTAINMENT_EDGES as readonly string[]).includes(e.kind));
  const root: ElkNode = {
    id: '__root__',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '22',
      'elk.layered.spacing.nodeNodeBetweenLayers': '46',
      'elk.spacing.edgeNode': '14',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: roots.map(toElk),
    edges: drawn.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
  const out = elkLayoutSync(root);

  const byGraphId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: PositionedNode[] = [];
  const origin = new Map<string, Point>([['__root__', { x: 0, y: 0 }]]);
  const walk = (n: ElkNode, ox: number, oy: number, parent?: string): void => {
    const x = ox + (n.x ?? 0);
    const y = oy + (n.y ?? 0);
    origin.set(n.id, { x, y });
    const gn = byGraphId.get(n.id);
    if (gn) nodes.push({ node: gn, x, y, width: n.width ?? 0, height: n.height ?? 0, ...(parent ? { parent } : {}), compound: gn.kind === 'vnet' || gn.kind === 'subnet' });
    for (const c of n.children ?? []) walk(c, x, y, n.id);
  };
  for (const c of out.children ?? []) walk(c, 0, 0);

  const edges: PositionedEdge[] = (out.edges ?? []).map((e) => {
    // ELK gives edge coordinates relative to the edge's container (the lowest common ancestor).
    const o = origin.get(e.container ?? '__root__') ?? { x: 0, y: 0 };
    const points: Point[] = [];
    for (const s of e.sections ?? []) {
      for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) points.push({ x: o.x + p.x, y: o.y + p.y });
    }
    return { edge: drawn[Number(e.id.slice(1))], points };
  });
  return { width: out.width ?? 0, height: out.height ?? 0, nodes, edges };
}
