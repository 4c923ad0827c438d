/**
 * The network of one workspace as a graph: what the seed article draws by hand (the workspace,
 * its private endpoints in their subnets and VNets, its dependencies, computes, inference and DNS),
 * built from the model's joins and coloured by the findings. A pure function of the model and
 * the report; the Mermaid, DOT and HTML outputs are all drawn from it, so they cannot disagree.
 */
import { normalizeId } from '../model/ids';
import type { Model } from '../model/model';
import type { Dependency, PrivateDnsZone, PrivateEndpoint, Workspace } from '../model/types';
import type { Finding, Severity } from '../rules/types';
import { severityRank } from '../rules/types';
import type { AuditReport } from './report';

export type GraphNodeKind =
  | 'workspace'
  | 'privateEndpoint'
  | 'subnet'
  | 'vnet'
  | 'storage'
  | 'keyVault'
  | 'containerRegistry'
  | 'compute'
  | 'aksCluster'
  | 'onlineEndpoint'
  | 'privateDnsZone'
  | 'nsg'
  | 'routeTable';

export type GraphEdgeKind =
  /** workspace -> its storage account, key vault, container registry. */
  | 'uses'
  /** private endpoint -> the resource its Private Link connection targets. */
  | 'privateLink'
  /** private endpoint or compute -> its subnet (containment: drawn as nesting where the format allows). */
  | 'inSubnet'
  /** subnet -> its VNet (containment). */
  | 'inVnet'
  /** VNet <-> VNet, Connected on both sides; one edge per pair. */
  | 'peering'
  /** subnet -> a dependency whose firewall admits it (service endpoint VNet rule). */
  | 'vnetRule'
  /** NSG -> subnet it is associated with. */
  | 'nsg'
  /** route table -> subnet it is associated with. */
  | 'routeTable'
  /** private DNS zone -> VNet it is linked to. */
  | 'dnsLink'
  /** private endpoint -> a zone in its DNS zone group. */
  | 'dnsZoneGroup'
  /** workspace -> compute or online endpoint. */
  | 'hosts'
  /** AKS/Kubernetes compute -> the attached cluster. */
  | 'attachedTo'
  /** AKS cluster -> a subnet its node pools run in. */
  | 'nodesIn';

/** Edges that mean "is inside": nesting in formats that can draw it. */
export const CONTAINMENT_EDGES: readonly GraphEdgeKind[] = ['inSubnet', 'inVnet'];

export interface GraphNode {
  /** Lower-cased ARM id. */
  id: string;
  kind: GraphNodeKind;
  /** The resource's name, as the tenant spelled it (untrusted: escape for every output). */
  label: string;
  /** A short second line: address prefix, sub-resource, compute type. Also untrusted. */
  detail?: string;
  /** The worst unsuppressed finding whose resourceId is this node. */
  worstSeverity?: Severity;
  /** Rule ids of unsuppressed findings whose resourceId is this node, sorted, unique. */
  findings: string[];
  /** The resource's Azure tags, when it has any (untrusted, like the label). */
  tags?: Record<string, string>;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: GraphEdgeKind;
}

export interface WorkspaceGraph {
  workspaceId: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A report's findings indexed once by workspace and by resource (normalized ids), with their place in the report. */
interface FindingIndex {
  byWorkspace: Map<string, Finding[]>;
  byResource: Map<string, Finding[]>;
  order: Map<Finding, number>;
}

// One index per findings array (a report is not changed once built): every workspace's view looks
// its findings up instead of scanning all of them, so drawing a tenant is linear in its size.
const findingIndexes = new WeakMap<readonly Finding[], FindingIndex>();

function findingIndex(report: AuditReport): FindingIndex {
  let index = findingIndexes.get(report.findings);
  if (!index) {
    index = { byWorkspace: new Map(), byResource: new Map(), order: new Map() };
    const add = (map: Map<string, Finding[]>, key: string, f: Finding) => {
      const list = map.get(key);
      if (list) list.push(f);
      else map.set(key, [f]);
    };
    report.findings.forEach((f, i) => {
      index!.order.set(f, i);
      if (f.workspaceId) add(index!.byWorkspace, normalizeId(f.workspaceId), f);
      add(index!.byResource, normalizeId(f.resourceId), f);
    });
    findingIndexes.set(report.findings, index);
  }
  return index;
}

const nodeIdSets = new WeakMap<WorkspaceGraph, Set<string>>();

function nodeIds(graph: WorkspaceGraph): Set<string> {
  let ids = nodeIdSets.get(graph);
  if (!ids) nodeIdSets.set(graph, (ids = new Set(graph.nodes.map((n) => n.id))));
  return ids;
}

/** The findings that belong in one workspace's view: its own, and those on a resource it draws (in report order). */
export function findingsOfGraph(report: AuditReport, graph: WorkspaceGraph): Finding[] {
  const index = findingIndex(report);
  const found = new Set<Finding>(index.byWorkspace.get(graph.workspaceId) ?? []);
  for (const n of graph.nodes) for (const f of index.byResource.get(n.id) ?? []) found.add(f);
  return [...found].sort((a, b) => (index.order.get(a) as number) - (index.order.get(b) as number));
}

/** The nodes a finding points at: its resource and its evidence chain, restricted to those drawn. */
export function evidenceNodes(finding: Finding, graph: WorkspaceGraph): string[] {
  const ids = nodeIds(graph);
  const out: string[] = [];
  for (const id of [finding.resourceId, ...finding.relatedResourceIds].map(normalizeId)) {
    if (ids.has(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

// The zones linked to each VNet, once per model: every workspace's graph asks for its VNets' zones.
const zoneIndexes = new WeakMap<Model, Map<string, PrivateDnsZone[]>>();

function zonesByLinkedVnet(model: Model): Map<string, PrivateDnsZone[]> {
  let index = zoneIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const zone of model.privateDnsZones) {
      for (const v of new Set(zone.linkedVnetIds)) {
        const list = index.get(v);
        if (list) list.push(zone);
        else index.set(v, [zone]);
      }
    }
    zoneIndexes.set(model, index);
  }
  return index;
}

export function workspaceGraph(model: Model, report: AuditReport, workspaceId: string): WorkspaceGraph {
  const ws = model.get<Workspace>(workspaceId);
  if (!ws || !model.workspaces.includes(ws)) throw new Error(`no workspace ${workspaceId} in the model`);

  const nodes = new Map<string, GraphNode>();
  // from -> to -> kind: keyed by the ids themselves (their hashes are cached), not a string built per edge.
  const edges = new Map<string, Map<string, Map<GraphEdgeKind, GraphEdge>>>();
  const addNode = (id: string, kind: GraphNodeKind, label: string, detail?: string): void => {
    if (nodes.has(id)) return;
    const tags = model.get<{ tags?: Record<string, string> }>(id)?.tags;
    nodes.set(id, { id, kind, label, ...(detail ? { detail } : {}), findings: [], ...(tags && Object.keys(tags).length ? { tags } : {}) });
  };
  const addEdge = (from: string, to: string, kind: GraphEdgeKind): void => {
    let byTo = edges.get(from);
    if (!byTo) edges.set(from, (byTo = new Map()));
    let byKind = byTo.get(to);
    if (!byKind) byTo.set(to, (byKind = new Map()));
    if (!byKind.has(kind)) byKind.set(kind, { from, to, kind });
  };

  /** A subnet, its VNet, and the NSG and route table that apply to it. */
  const addSubnet = (subnetId: string): boolean => {
    const subnet = model.subnet(subnetId);
    if (!subnet) return false;
    const vnet = model.vnet(subnet.vnetId);
    addNode(subnet.id, 'subnet', subnet.name, subnet.addressPrefixes.join(', ') || undefined);
    if (vnet) {
      addNode(vnet.id, 'vnet', vnet.name, vnet.addressPrefixes.join(', ') || undefined);
      addEdge(subnet.id, vnet.id, 'inVnet');
    }
    const nsg = model.nsg(subnet.nsgId);
    if (nsg) {
      addNode(nsg.id, 'nsg', nsg.name);
      addEdge(nsg.id, subnet.id, 'nsg');
    }
    const rt = model.routeTable(subnet.routeTableId);
    if (rt) {
      addNode(rt.id, 'routeTable', rt.name);
      addEdge(rt.id, subnet.id, 'routeTable');
    }
    return true;
  };

  /** Every private endpoint targeting the resource (any status: a Pending one is evidence too). */
  const addPrivateEndpointsOf = (targetId: string): void => {
    const pes = new Map<string, PrivateEndpoint>();
    for (const pe of model.privateEndpointsTargeting(targetId)) pes.set(pe.id, pe);
    const target = model.get<Workspace | Dependency>(targetId);
    for (const c of target?.privateEndpointConnections ?? []) {
      const pe = model.get<PrivateEndpoint>(c.privateEndpointId);
      if (pe) pes.set(pe.id, pe);
    }
    for (const pe of [...pes.values()].sort((a, b) => ordinal(a.id, b.id))) {
      const groups = uniq(pe.connections.filter((c) => c.targetId === targetId).flatMap((c) => c.groupIds));
      addNode(pe.id, 'privateEndpoint', pe.name, groups.join(', ') || undefined);
      addEdge(pe.id, targetId, 'privateLink');
      if (pe.subnetId && addSubnet(pe.subnetId)) addEdge(pe.id, pe.subnetId, 'inSubnet');
      for (const zoneId of pe.dnsZoneIds) {
        const zone = model.get<{ id: string; name: string }>(zoneId);
        if (!zone) continue;
        addNode(zone.id, 'privateDnsZone', zone.name);
        addEdge(pe.id, zone.id, 'dnsZoneGroup');
      }
    }
  };

  addNode(ws.id, 'workspace', ws.name, model.scenarioOf(ws));
  addPrivateEndpointsOf(ws.id);

  for (const dep of model.dependenciesOf(ws)) {
    addNode(dep.id, dep.dependencyKind, dep.name);
    addEdge(ws.id, dep.id, 'uses');
    addPrivateEndpointsOf(dep.id);
    for (const subnetId of dep.networkAcls?.virtualNetworkRules ?? []) {
      if (addSubnet(subnetId)) addEdge(normalizeId(subnetId), dep.id, 'vnetRule');
    }
  }

  for (const c of [...ws.computes].sort((a, b) => ordinal(a.id, b.id))) {
    addNode(c.id, 'compute', c.name, c.computeType);
    addEdge(ws.id, c.id, 'hosts');
    if (c.subnetId && addSubnet(c.subnetId)) addEdge(c.id, c.subnetId, 'inSubnet');
    const cluster = model.managedCluster(c.clusterResourceId);
    if (cluster) {
      addNode(cluster.id, 'aksCluster', cluster.name, cluster.privateCluster ? 'private cluster' : 'public control plane');
      addEdge(c.id, cluster.id, 'attachedTo');
      for (const s of cluster.subnetIds) if (addSubnet(s)) addEdge(cluster.id, normalizeId(s), 'nodesIn');
    }
  }

  for (const e of [...ws.onlineEndpoints].sort((a, b) => ordinal(a.id, b.id))) {
    addNode(e.id, 'onlineEndpoint', e.name, e.publicNetworkAccess ? `public access ${e.publicNetworkAccess}` : undefined);
    addEdge(ws.id, e.id, 'hosts');
  }

  // Private DNS zones linked to the VNets drawn (links do not carry across peering, so each link matters).
  const vnetIds = [...nodes.values()].filter((n) => n.kind === 'vnet').map((n) => n.id);
  const linked = zonesByLinkedVnet(model);
  for (const v of vnetIds) {
    for (const zone of linked.get(v) ?? []) {
      addNode(zone.id, 'privateDnsZone', zone.name);
      addEdge(zone.id, v, 'dnsLink');
    }
  }

  // Peerings between the VNets drawn, counted only when Connected on both sides (rules.md).
  const sortedVnets = [...vnetIds].sort();
  for (let i = 0; i < sortedVnets.length; i++) {
    for (let j = i + 1; j < sortedVnets.length; j++) {
      if (model.arePeered(sortedVnets[i], sortedVnets[j])) addEdge(sortedVnets[i], sortedVnets[j], 'peering');
    }
  }

  // Colour: the worst unsuppressed finding on the resource itself.
  const byResource = findingIndex(report).byResource;
  for (const node of nodes.values()) {
    for (const f of byResource.get(node.id) ?? []) {
      if (f.suppressed) continue;
      if (!node.findings.includes(f.ruleId)) node.findings.push(f.ruleId);
      if (!node.worstSeverity || severityRank(f.severity) < severityRank(node.worstSeverity)) node.worstSeverity = f.severity;
    }
  }
  for (const n of nodes.values()) n.findings.sort();

  return {
    workspaceId: ws.id,
    nodes: [...nodes.values()].sort(byKindThenId),
    edges: [...edges.values()]
      .flatMap((byTo) => [...byTo.values()].flatMap((byKind) => [...byKind.values()]))
      .sort((a, b) => ordinal(a.kind, b.kind) || ordinal(a.from, b.from) || ordinal(a.to, b.to)),
  };
}

const KIND_ORDER: GraphNodeKind[] = [
  'workspace',
  'storage',
  'keyVault',
  'containerRegistry',
  'compute',
  'aksCluster',
  'onlineEndpoint',
  'vnet',
  'subnet',
  'privateEndpoint',
  'nsg',
  'routeTable',
  'privateDnsZone',
];

const KIND_RANK = new Map(KIND_ORDER.map((k, i) => [k, i]));

function byKindThenId(a: GraphNode, b: GraphNode): number {
  return (KIND_RANK.get(a.kind) as number) - (KIND_RANK.get(b.kind) as number) || ordinal(a.id, b.id);
}

/** Ids are lower-cased ASCII: code-unit order is stable everywhere and much cheaper than localeCompare. */
function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Human names for node kinds, for legends and tooltips. */
export const KIND_LABELS: Record<GraphNodeKind, string> = {
  workspace: 'workspace',
  privateEndpoint: 'private endpoint',
  subnet: 'subnet',
  vnet: 'virtual network',
  storage: 'storage account',
  keyVault: 'key vault',
  containerRegistry: 'container registry',
  compute: 'compute',
  aksCluster: 'AKS cluster',
  onlineEndpoint: 'online endpoint',
  privateDnsZone: 'private DNS zone',
  nsg: 'NSG',
  routeTable: 'route table',
};
