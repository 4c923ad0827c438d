/**
 * What the HTML report's page needs to lay out and draw one workspace's diagram: the graph in
 * ELK's JSON input format (elkjs, the Eclipse Layout Kernel) with its layout options, and what
 * each node and edge shows. The layout itself runs in the page, with elkjs's browser bundle
 * inlined in the file, when the workspace's section first comes near the screen.
 *
 * Why in the page: ELK's layered layout costs tens of milliseconds a diagram in Node (hundreds on
 * a loaded machine), so laying out every workspace when the report was written made the report of
 * 600 workspaces take ~400x the JSON report's time (docs/performance.md). Building this input is
 * linear and cheap; only the diagrams someone opens are laid out, each once.
 */
import { readFileSync } from 'node:fs';
import type { Severity } from '../rules/types';
import { visibleText } from './escape';
import { CONTAINMENT_EDGES, type GraphEdgeKind, type GraphNode, type GraphNodeKind, type WorkspaceGraph } from './graph';

/** A node of ELK's JSON graph format (https://eclipse.dev/elk/documentation/tooldevelopers/graphdatastructure/jsonformat.html). */
export interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkNode[];
  edges?: ElkEdge[];
}

export interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  container?: string;
  sections?: { startPoint: { x: number; y: number }; endPoint: { x: number; y: number }; bendPoints?: { x: number; y: number }[] }[];
}

/** One node as the page draws it. Tenant strings have their invisible characters made visible; the page sets them as text. */
export interface DiagramNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  detail?: string;
  severity: Severity | 'none';
  findings: string[];
  tags?: Record<string, string>;
  /** VNets and subnets, drawn as boxes around what is in them. */
  compound: boolean;
}

/** An edge between `nodes[from]` and `nodes[to]`. */
export interface DiagramEdge {
  from: number;
  to: number;
  kind: GraphEdgeKind;
}

export interface DiagramData {
  /** ELK's input: node `n<i>` is `nodes[i]`, edge `e<i>` is `edges[i]`; the root is `root`. */
  elk: ElkNode;
  nodes: DiagramNode[];
  /** The edges drawn as lines: containment (`inSubnet`, `inVnet`) is drawn as nesting instead. */
  edges: DiagramEdge[];
}

const CHAR_WIDTH = 7.6;
const NODE_HEIGHT = 50;

/** Width that fits the longest of the node's lines (names are cut at 40 characters when drawn). */
export function nodeWidth(n: GraphNode): number {
  const longest = Math.max(Math.min(n.label.length, 40), Math.min((n.detail ?? '').length, 40), 16);
  return Math.round(Math.min(300, Math.max(130, longest * CHAR_WIDTH + 24)));
}

const isContainment = (kind: GraphEdgeKind): boolean => (CONTAINMENT_EDGES as readonly string[]).includes(kind);
const isCompound = (n: GraphNode): boolean => n.kind === 'vnet' || n.kind === 'subnet';

/** Left to right, orthogonal edges, children laid out with their boxes (INCLUDE_CHILDREN). */
export const ROOT_LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '22',
  'elk.layered.spacing.nodeNodeBetweenLayers': '46',
  'elk.spacing.edgeNode': '14',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

export function diagramData(graph: WorkspaceGraph): DiagramData {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const parentOf = new Map<string, string>();
  for (const e of graph.edges) if (isContainment(e.kind) && index.has(e.to)) parentOf.set(e.from, e.to);
  const childrenOf = new Map<string, GraphNode[]>();
  const roots: GraphNode[] = [];
  for (const n of graph.nodes) {
    const p = parentOf.get(n.id);
    if (!p) roots.push(n);
    else if (childrenOf.has(p)) childrenOf.get(p)?.push(n);
    else childrenOf.set(p, [n]);
  }

  const toElk = (n: GraphNode): ElkNode => {
    const id = `n${index.get(n.id)}`;
    if (!isCompound(n)) return { id, width: nodeWidth(n), height: NODE_HEIGHT };
    return {
      id,
      layoutOptions: {
        'elk.padding': '[top=34,left=14,bottom=14,right=14]',
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${nodeWidth(n)}, 44)`,
      },
      children: (childrenOf.get(n.id) ?? []).map(toElk),
    };
  };

  const drawn = graph.edges.filter((e) => !isContainment(e.kind));
  return {
    elk: {
      id: 'root',
      layoutOptions: ROOT_LAYOUT_OPTIONS,
      children: roots.map(toElk),
      edges: drawn.map((e, i) => ({ id: `e${i}`, sources: [`n${index.get(e.from)}`], targets: [`n${index.get(e.to)}`] })),
    },
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      label: visibleText(n.label),
      ...(n.detail ? { detail: visibleText(n.detail) } : {}),
      severity: n.worstSeverity ?? 'none',
      findings: n.findings,
      ...(n.tags ? { tags: Object.fromEntries(Object.entries(n.tags).map(([k, v]) => [visibleText(k), visibleText(v)])) } : {}),
      compound: isCompound(n),
    })),
    edges: drawn.map((e) => ({ from: index.get(e.from) as number, to: index.get(e.to) as number, kind: e.kind })),
  };
}

/**
 * The opening tag of the bundle's <script>. The last guard on every output (src/cli/outputs.ts)
 * passes the bundle after it unchanged: it is amlnet's own dependency, not tenant text, and
 * minified code that secret shapes would match (`PWd=feb(` reads as a password).
 */
export const ELK_SCRIPT_OPEN = '<script data-lib="elkjs">';

let bundle: string | undefined;

/**
 * elkjs's browser bundle (elk.bundled.js: the layout kernel and its in-thread "fake worker"), read
 * once, for inlining: the report's Content-Security-Policy allows no worker and no fetch.
 */
export function elkBrowserBundle(): string {
  if (bundle === undefined) {
    const text = readFileSync(require.resolve('elkjs/lib/elk.bundled.js'), 'utf8');
    // Inlined in a <script>: a closing tag or a comment opener inside would end or change it.
    if (/<\/script|<!--/i.test(text))
      throw new Error('elkjs/lib/elk.bundled.js cannot be inlined (it contains "</script" or "<!--"); pin elkjs to the version in package.json');
    bundle = text;
  }
  return bundle;
}
