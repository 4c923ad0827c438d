/**
 * `amlnet graph`: the workspace graphs as Mermaid (for wikis and pull requests) and Graphviz DOT.
 * Both draw each VNet as a box (a Mermaid subgraph, a DOT cluster) holding its subnets and the
 * private endpoints and computes in them. Every name comes from the tenant, so every label goes
 * through the escaper of its syntax; ids in the output are generated (n0, v0), never tenant text.
 */
import type { Severity } from '../rules/types';
import { severityRank } from '../rules/types';
import { KIND_LABELS, type GraphEdge, type GraphNode, type WorkspaceGraph } from './graph';

/** Several workspace graphs as one (shared VNets and zones drawn once). */
export function mergeGraphs(graphs: readonly WorkspaceGraph[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const g of graphs) {
    for (const n of g.nodes) {
      const prev = nodes.get(n.id);
      if (!prev) {
        nodes.set(n.id, { ...n, findings: [...n.findings] });
        continue;
      }
      prev.findings = [...new Set([...prev.findings, ...n.findings])].sort();
      if (n.worstSeverity && (!prev.worstSeverity || severityRank(n.worstSeverity) < severityRank(prev.worstSeverity)))
        prev.worstSeverity = n.worstSeverity;
    }
    for (const e of g.edges) edges.set(`${e.from}\n${e.to}\n${e.kind}`, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A Mermaid quoted label. Mermaid decodes `#<decimal>;` entity codes inside labels, so every
 * character that could end the string, open markup or start an entity is written as one.
 */
export function escapeMermaid(s: string): string {
  return s.replace(CONTROL, ' ').replace(/["#&<>`\\|{}[\]();]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

/** A DOT double-quoted string: only `"` and `\` are special (`\N`, `\G`, `\l` are escapes). */
export function escapeDot(s: string): string {
  return s.replace(CONTROL, ' ').replace(/[\\"]/g, (ch) => `\\${ch}`);
}

const SEVERITY_STYLE: Record<Severity | 'none', { fill: string; stroke: string }> = {
  high: { fill: '#ffd7d5', stroke: '#cf222e' },
  medium: { fill: '#ffe2c2', stroke: '#d1570f' },
  low: { fill: '#fff3b0', stroke: '#9a6700' },
  info: { fill: '#dbeafe', stroke: '#0969da' },
  none: { fill: '#eef6ee', stroke: '#57606a' },
};

function labelOf(n: GraphNode): string {
  return n.detail ? `${n.label} · ${n.detail}` : n.label;
}

interface Layout {
  /** vnet id -> the ids of the nodes drawn inside it (its subnets, and what sits in them). */
  members: Map<string, string[]>;
  vnets: GraphNode[];
  loose: GraphNode[];
  ids: Map<string, string>;
}

function arrange(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Layout {
  const vnetOfSubnet = new Map<string, string>();
  for (const e of edges) if (e.kind === 'inVnet') vnetOfSubnet.set(e.from, e.to);
  const parent = new Map<string, string>();
  for (const [subnet, vnet] of vnetOfSubnet) parent.set(subnet, vnet);
  for (const e of edges) if (e.kind === 'inSubnet' && vnetOfSubnet.has(e.to)) parent.set(e.from, vnetOfSubnet.get(e.to) as string);
  const vnets = nodes.filter((n) => n.kind === 'vnet');
  const members = new Map<string, string[]>(vnets.map((v) => [v.id, []]));
  for (const n of nodes) {
    const p = parent.get(n.id);
    if (p && members.has(p)) members.get(p)?.push(n.id);
  }
  const loose = nodes.filter((n) => n.kind !== 'vnet' && !(parent.has(n.id) && members.has(parent.get(n.id) as string)));
  const ids = new Map<string, string>();
  vnets.forEach((v, i) => ids.set(v.id, `v${i}`));
  nodes.filter((n) => n.kind !== 'vnet').forEach((n, i) => ids.set(n.id, `n${i}`));
  return { members, vnets, loose, ids };
}

function mermaidShape(n: GraphNode, id: string): string {
  const label = `"${escapeMermaid(labelOf(n))}"`;
  switch (n.kind) {
    case 'workspace':
      return `${id}([${label}])`;
    case 'storage':
    case 'keyVault':
    case 'containerRegistry':
      return `${id}[(${label})]`;
    default:
      return `${id}[${label}]`;
  }
}

const MERMAID_ARROW: Partial<Record<GraphEdge['kind'], string>> = {
  inSubnet: '---',
  peering: '<-->',
  dnsLink: '-.->',
  dnsZoneGroup: '-.->',
  vnetRule: '-.->',
};

export function toMermaid(graphs: readonly WorkspaceGraph[]): string {
  const { nodes, edges } = mergeGraphs(graphs);
  const { members, vnets, loose, ids } = arrange(nodes, edges);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const lines = ['flowchart LR'];
  for (const v of vnets) {
    lines.push(`  subgraph ${ids.get(v.id)}["${escapeMermaid(labelOf(v))}"]`);
    for (const m of members.get(v.id) ?? []) lines.push(`    ${mermaidShape(byId.get(m) as GraphNode, ids.get(m) as string)}`);
    lines.push('  end');
  }
  for (const n of loose) lines.push(`  ${mermaidShape(n, ids.get(n.id) as string)}`);
  for (const e of edges) {
    if (e.kind === 'inVnet') continue;
    const arrow = MERMAID_ARROW[e.kind] ?? '-->';
    const text = e.kind === 'inSubnet' ? '' : `|${e.kind}|`;
    lines.push(`  ${ids.get(e.from)} ${arrow}${text} ${ids.get(e.to)}`);
  }
  for (const [sev, style] of Object.entries(SEVERITY_STYLE))
    lines.push(`  classDef sev_${sev} fill:${style.fill},stroke:${style.stroke},color:#1f2328`);
  const bySeverity = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.kind === 'vnet') continue;
    const key = n.worstSeverity ?? 'none';
    const list = bySeverity.get(key);
    if (list) list.push(ids.get(n.id) as string);
    else bySeverity.set(key, [ids.get(n.id) as string]);
  }
  for (const [sev, list] of bySeverity) lines.push(`  class ${list.join(',')} sev_${sev}`);
  return lines.join('\n') + '\n';
}

export function toDot(graphs: readonly WorkspaceGraph[]): string {
  const { nodes, edges } = mergeGraphs(graphs);
  const { members, vnets, loose, ids } = arrange(nodes, edges);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const dotNode = (n: GraphNode): string => {
    const style = SEVERITY_STYLE[n.worstSeverity ?? 'none'];
    const shape =
      n.kind === 'workspace' ? 'box3d' : n.kind === 'storage' || n.kind === 'keyVault' || n.kind === 'containerRegistry' ? 'cylinder' : 'box';
    const label = `${n.label}\n${KIND_LABELS[n.kind]}${n.detail ? ` · ${n.detail}` : ''}`;
    const tooltip = `${KIND_LABELS[n.kind]} ${n.id}${n.findings.length ? ` (${n.findings.join(', ')})` : ''}`;
    // The \n in `label` is added here after escaping the parts, so a tenant backslash cannot forge it.
    const escaped = label.split('\n').map(escapeDot).join('\\n');
    return `"${ids.get(n.id)}" [label="${escaped}", shape=${shape}, fillcolor="${style.fill}", color="${style.stroke}", tooltip="${escapeDot(tooltip)}"];`;
  };
  const anchor = (vnetId: string): string | undefined => {
    const first = (members.get(vnetId) ?? []).find((m) => byId.get(m)?.kind === 'subnet');
    return first ? ids.get(first) : undefined;
  };
  const lines = [
    'digraph amlnet {',
    '  graph [rankdir=LR, compound=true, fontname="Helvetica", fontsize=11, nodesep=0.3, ranksep=0.6];',
    '  node [style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8, color="#57606a"];',
  ];
  for (const v of vnets) {
    lines.push(`  subgraph "cluster_${ids.get(v.id)}" {`);
    lines.push(`    label="${escapeDot(labelOf(v))}"; style="rounded,dashed"; color="#0969da";`);
    for (const m of members.get(v.id) ?? []) lines.push(`    ${dotNode(byId.get(m) as GraphNode)}`);
    lines.push('  }');
  }
  for (const n of loose) lines.push(`  ${dotNode(n)}`);
  for (const e of edges) {
    if (e.kind === 'inVnet') continue;
    const fromVnet = byId.get(e.from)?.kind === 'vnet';
    const toVnet = byId.get(e.to)?.kind === 'vnet';
    // DOT has no edges to clusters: aim at a subnet inside and clip at the cluster's border.
    const from = fromVnet ? anchor(e.from) : ids.get(e.from);
    const to = toVnet ? anchor(e.to) : ids.get(e.to);
    if (!from || !to) continue;
    const attrs = e.kind === 'inSubnet' ? ['arrowhead=none'] : [`label="${e.kind}"`];
    if (fromVnet) attrs.push(`ltail="cluster_${ids.get(e.from)}"`);
    if (toVnet) attrs.push(`lhead="cluster_${ids.get(e.to)}"`);
    if (e.kind === 'peering') attrs.push('dir=both', 'style=bold', 'color="#0969da"');
    if (e.kind === 'dnsLink' || e.kind === 'dnsZoneGroup' || e.kind === 'vnetRule') attrs.push('style=dashed');
    lines.push(`  "${from}" -> "${to}" [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
