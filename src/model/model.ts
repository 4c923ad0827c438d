/**
 * The model: typed, read-only, with the joins made once. Rules ask it questions in the
 * domain's words ("the VNets of this workspace", "is this dependency restricted").
 */
import type { CloudName, CollectionGap, DataKind, SkippedRead } from './inventory';
import { lowerToken, normalizeId, subscriptionOf, vnetOfSubnet } from './ids';
import { parentKind } from './kinds';
import type {
  ApplicationInsights,
  AzureFirewall,
  BastionHost,
  Compute,
  ContainerRegistry,
  DataAsset,
  Dependency,
  FirewallPolicy,
  KeyVault,
  ManagedCluster,
  NatGateway,
  NetworkSecurityGroup,
  PrivateDnsZone,
  PrivateEndpoint,
  RoleAssignment,
  RouteTable,
  Scenario,
  StorageAccount,
  Subnet,
  VirtualNetwork,
  Workspace,
} from './types';

export interface ModelParts {
  cloud: CloudName;
  subscriptions: string[];
  workspaces: Workspace[];
  storageAccounts: StorageAccount[];
  keyVaults: KeyVault[];
  containerRegistries: ContainerRegistry[];
  applicationInsights: ApplicationInsights[];
  privateEndpoints: PrivateEndpoint[];
  virtualNetworks: VirtualNetwork[];
  networkSecurityGroups: NetworkSecurityGroup[];
  routeTables: RouteTable[];
  natGateways: NatGateway[];
  managedClusters: ManagedCluster[];
  privateDnsZones: PrivateDnsZone[];
  roleAssignments: RoleAssignment[];
  azureFirewalls: AzureFirewall[];
  firewallPolicies: FirewallPolicy[];
  bastionHosts: BastionHost[];
  dataAssets: DataAsset[];
  gaps: CollectionGap[];
  /** Kinds the inventory says were collected; undefined: everything. */
  collected?: readonly DataKind[];
  /** Child reads left out for some parents because no selected rule needed them (see Inventory.skipped). */
  skipped?: readonly SkippedRead[];
}

function indexById<T extends { id: string }>(items: T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const item of items) m.set(item.id, item);
  return m;
}

const APPROVED = 'approved';

export class Model implements Omit<ModelParts, 'collected' | 'skipped'> {
  readonly cloud: CloudName;
  readonly subscriptions: string[];
  readonly workspaces: Workspace[];
  readonly storageAccounts: StorageAccount[];
  readonly keyVaults: KeyVault[];
  readonly containerRegistries: ContainerRegistry[];
  readonly applicationInsights: ApplicationInsights[];
  readonly privateEndpoints: PrivateEndpoint[];
  readonly virtualNetworks: VirtualNetwork[];
  readonly networkSecurityGroups: NetworkSecurityGroup[];
  readonly routeTables: RouteTable[];
  readonly natGateways: NatGateway[];
  readonly managedClusters: ManagedCluster[];
  readonly privateDnsZones: PrivateDnsZone[];
  readonly roleAssignments: RoleAssignment[];
  readonly azureFirewalls: AzureFirewall[];
  readonly firewallPolicies: FirewallPolicy[];
  readonly bastionHosts: BastionHost[];
  readonly dataAssets: DataAsset[];
  readonly gaps: CollectionGap[];
  private readonly collectedKinds?: ReadonlySet<DataKind>;
  private readonly skipped: readonly SkippedRead[];
  /** VNet id -> the visible VNets whose peerings name it, with that half's state (a peering judged from the side that is visible). */
  private readonly peeringsTo = new Map<string, { vnetId: string; state: string }[]>();

  private readonly byId = new Map<string, { id: string; displayId: string }>();
  private readonly subnetsById = new Map<string, Subnet>();
  private readonly dependencyById: Map<string, Dependency>;
  private readonly endpointsByTarget = new Map<string, PrivateEndpoint[]>();
  private readonly peeredCache = new Map<string, Set<string>>();
  private readonly storageByName = new Map<string, StorageAccount>();
  private readonly computesBySubnet = new Map<string, Compute[]>();
  private readonly zonesByName = new Map<string, PrivateDnsZone[]>();
  private readonly roleAssignmentsByPrincipal = new Map<string, RoleAssignment[]>();
  private readonly scenarioCache = new Map<Workspace, Scenario>();
  private readonly firewallsByPrivateIp = new Map<string, AzureFirewall>();
  private readonly zoneLinks = new Map<string, Set<string>>();
  // The model is read-only, so the joins rules ask for again and again are computed once.
  // Keyed by the entity itself (an identity lookup), not by its id (a string hash and compare); plain
  // Maps, not WeakMaps: they live exactly as long as the model, and V8's GC pays for every WeakMap entry.
  private readonly approvedCache = new Map<Workspace | Dependency, PrivateEndpoint[]>();
  private readonly approvedIdsCache = new Map<Workspace | Dependency, string[]>();
  private readonly workspaceVnetsCache = new Map<Workspace, string[]>();
  private readonly reachCache = new Map<Dependency, { vnetId: string; via: 'privateEndpoint' | 'vnetRule'; throughId: string }[]>();
  private readonly dependenciesCache = new Map<Workspace, Dependency[]>();
  private readonly restrictedCache = new Map<Dependency, boolean>();

  constructor(parts: ModelParts) {
    this.cloud = parts.cloud;
    this.subscriptions = parts.subscriptions;
    this.workspaces = parts.workspaces;
    this.storageAccounts = parts.storageAccounts;
    this.keyVaults = parts.keyVaults;
    this.containerRegistries = parts.containerRegistries;
    this.applicationInsights = parts.applicationInsights;
    this.privateEndpoints = parts.privateEndpoints;
    this.virtualNetworks = parts.virtualNetworks;
    this.networkSecurityGroups = parts.networkSecurityGroups;
    this.routeTables = parts.routeTables;
    this.natGateways = parts.natGateways;
    this.managedClusters = parts.managedClusters;
    this.privateDnsZones = parts.privateDnsZones;
    this.roleAssignments = parts.roleAssignments;
    this.azureFirewalls = parts.azureFirewalls;
    this.firewallPolicies = parts.firewallPolicies;
    this.bastionHosts = parts.bastionHosts;
    this.dataAssets = parts.dataAssets;
    this.gaps = parts.gaps;
    this.collectedKinds = parts.collected ? new Set(parts.collected) : undefined;
    this.skipped = parts.skipped ?? [];

    const all: { id: string; displayId: string }[][] = [
      this.workspaces,
      this.storageAccounts,
      this.keyVaults,
      this.containerRegistries,
      this.applicationInsights,
      this.privateEndpoints,
      this.virtualNetworks,
      this.networkSecurityGroups,
      this.routeTables,
      this.natGateways,
      this.managedClusters,
      this.privateDnsZones,
      this.azureFirewalls,
      this.firewallPolicies,
      this.bastionHosts,
      this.dataAssets,
    ];
    for (const list of all) for (const item of list) this.byId.set(item.id, item);
    for (const ws of this.workspaces) {
      for (const c of ws.computes) {
        this.byId.set(c.id, c);
        if (c.subnetId) push(this.computesBySubnet, c.subnetId, c);
      }
      for (const d of ws.datastores) this.byId.set(d.id, d);
      for (const e of ws.onlineEndpoints) {
        this.byId.set(e.id, e);
        for (const d of e.deployments) this.byId.set(d.id, d);
      }
    }
    for (const vnet of this.virtualNetworks) {
      for (const s of vnet.subnets) this.subnetsById.set(s.id, s);
      for (const p of vnet.peerings)
        if (p.remoteVnetId) push(this.peeringsTo, p.remoteVnetId, { vnetId: vnet.id, state: lowerToken(p.peeringState ?? '') });
    }
    this.dependencyById = indexById<Dependency>([...this.storageAccounts, ...this.keyVaults, ...this.containerRegistries]);
    for (const pe of this.privateEndpoints) {
      for (const c of pe.connections) if (c.targetId) push(this.endpointsByTarget, c.targetId, pe);
    }
    for (const st of this.storageAccounts) this.storageByName.set(st.name.toLowerCase(), st);
    for (const z of this.privateDnsZones) push(this.zonesByName, z.name.toLowerCase(), z);
    for (const ra of this.roleAssignments) push(this.roleAssignmentsByPrincipal, ra.principalId.toLowerCase(), ra);
    for (const z of this.privateDnsZones) this.zoneLinks.set(z.id, new Set(z.linkedVnetIds));
    for (const fw of this.azureFirewalls)
      for (const ip of fw.privateIps) if (!this.firewallsByPrivateIp.has(ip.trim())) this.firewallsByPrivateIp.set(ip.trim(), fw);
  }

  /** Any resource of the model by id (any casing). */
  get<T = unknown>(id: string | undefined): T | undefined {
    if (!id) return undefined;
    // Ids from rules are already normalized: try them as they are before normalizing.
    return lookup(this.byId, id) as T | undefined;
  }

  subnet(id: string | undefined): Subnet | undefined {
    return id ? lookup(this.subnetsById, id) : undefined;
  }

  /** Any resource or subnet of the model, with its normalized and its display id, by id in any casing. */
  node(id: string): { id: string; displayId: string } | undefined {
    return this.byId.get(id) ?? this.subnetsById.get(id) ?? (isNormalized(id) ? undefined : this.nodeByKey(normalizeId(id)));
  }

  private nodeByKey(key: string): { id: string; displayId: string } | undefined {
    return this.byId.get(key) ?? this.subnetsById.get(key);
  }

  /** The id as Resource Manager spelled it (for output), for any resource or subnet of the model; else the id as given. */
  displayIdOf(id: string): string {
    return this.node(id)?.displayId ?? id;
  }

  vnet(id: string | undefined): VirtualNetwork | undefined {
    return this.get<VirtualNetwork>(id);
  }

  storageAccount(id: string | undefined): StorageAccount | undefined {
    const d = id ? lookup(this.dependencyById, id) : undefined;
    return d?.dependencyKind === 'storage' ? (d as StorageAccount) : undefined;
  }

  /** The Azure Firewall with this private IP (a route's next hop), if the model holds one. */
  firewallWithPrivateIp(ip: string | undefined): AzureFirewall | undefined {
    return ip ? this.firewallsByPrivateIp.get(ip.trim()) : undefined;
  }

  managedCluster(id: string | undefined): ManagedCluster | undefined {
    return this.get<ManagedCluster>(id);
  }

  storageAccountByName(name: string | undefined): StorageAccount | undefined {
    return name ? this.storageByName.get(lowerToken(name)) : undefined;
  }

  dependency(id: string | undefined): Dependency | undefined {
    return id ? lookup(this.dependencyById, id) : undefined;
  }

  /** The workspace's storage account, key vault and container registry that the model holds. */
  dependenciesOf(ws: Workspace): readonly Dependency[] {
    return this.memo(this.dependenciesCache, ws, this.computeDependencies);
  }

  private computeDependencies(ws: Workspace): Dependency[] {
    const out: Dependency[] = [];
    for (const id of [ws.storageAccountId, ws.keyVaultId, ws.containerRegistryId]) {
      const d = this.dependency(id);
      if (d) out.push(d);
    }
    return out;
  }

  nsg(id: string | undefined): NetworkSecurityGroup | undefined {
    return this.get<NetworkSecurityGroup>(id);
  }

  routeTable(id: string | undefined): RouteTable | undefined {
    return this.get<RouteTable>(id);
  }

  computesInSubnet(subnetId: string): Compute[] {
    return lookup(this.computesBySubnet, subnetId) ?? [];
  }

  /** Whether a private DNS zone is linked to a VNet (a central zone can have hundreds of links). */
  isZoneLinkedTo(zoneId: string, vnetId: string): boolean {
    const links = lookup(this.zoneLinks, zoneId);
    return !!links && (links.has(vnetId) || links.has(normalizeId(vnetId)));
  }

  privateDnsZonesNamed(name: string): PrivateDnsZone[] {
    return this.zonesByName.get(lowerToken(name)) ?? [];
  }

  roleAssignmentsOf(principalId: string | undefined): RoleAssignment[] {
    return principalId ? (this.roleAssignmentsByPrincipal.get(lowerToken(principalId)) ?? []) : [];
  }

  /** Private endpoints whose private link connection targets this resource (any status). */
  privateEndpointsTargeting(resourceId: string): PrivateEndpoint[] {
    return lookup(this.endpointsByTarget, resourceId) ?? [];
  }

  /**
   * Every private endpoint connection of a workspace or dependency, with its state. The resource's
   * own `privateEndpointConnections` is the authority (the target approves); where it lists none,
   * the connections that endpoints declare towards it are used.
   */
  privateEndpointConnectionsOf(resource: Workspace | Dependency): { endpointId?: string; status?: string }[] {
    if (resource.privateEndpointConnections.length > 0) {
      return resource.privateEndpointConnections.map((c) => ({ endpointId: c.privateEndpointId, status: c.status }));
    }
    return this.privateEndpointsTargeting(resource.id).flatMap((pe) =>
      pe.connections.filter((c) => c.targetId === resource.id).map((c) => ({ endpointId: pe.id as string | undefined, status: c.status })),
    );
  }

  /**
   * The Approved private endpoints of a workspace or dependency. The resource's own
   * `privateEndpointConnections` is the authority on approval (the target approves); where the
   * resource lists none, the endpoint side's connection state is used.
   */
  approvedPrivateEndpointsOf(resource: Workspace | Dependency): PrivateEndpoint[] {
    return this.memo(this.approvedCache, resource, this.computeApprovedPrivateEndpoints);
  }

  private computeApprovedPrivateEndpoints(resource: Workspace | Dependency): PrivateEndpoint[] {
    const out = new Map<string, PrivateEndpoint>();
    const listed = resource.privateEndpointConnections.filter((c) => c.privateEndpointId);
    if (listed.length > 0) {
      for (const c of listed) {
        if (lowerToken(c.status ?? '') !== APPROVED) continue;
        const pe = this.get<PrivateEndpoint>(c.privateEndpointId);
        if (pe) out.set(pe.id, pe);
      }
    } else {
      for (const pe of this.privateEndpointsTargeting(resource.id)) {
        if (pe.connections.some((c) => c.targetId === resource.id && lowerToken(c.status ?? '') === APPROVED)) out.set(pe.id, pe);
      }
    }
    return [...out.values()];
  }

  /** Ids of Approved private endpoints, including ones in subscriptions the scan could not see. */
  approvedPrivateEndpointIdsOf(resource: Workspace | Dependency): string[] {
    return this.memo(this.approvedIdsCache, resource, this.computeApprovedPrivateEndpointIds);
  }

  private computeApprovedPrivateEndpointIds(resource: Workspace | Dependency): string[] {
    const ids = new Set(
      resource.privateEndpointConnections
        .filter((c) => c.privateEndpointId && lowerToken(c.status ?? '') === APPROVED)
        .map((c) => c.privateEndpointId as string),
    );
    for (const pe of this.approvedPrivateEndpointsOf(resource)) ids.add(pe.id);
    return [...ids];
  }

  hasApprovedPrivateEndpoint(resource: Workspace | Dependency): boolean {
    return this.approvedPrivateEndpointIdsOf(resource).length > 0;
  }

  /** "The workspace's VNets": the VNets of the subnets of its Approved private endpoints. */
  vnetsOfWorkspace(ws: Workspace): string[] {
    return this.memo(this.workspaceVnetsCache, ws, this.computeWorkspaceVnets);
  }

  private computeWorkspaceVnets(ws: Workspace): string[] {
    return uniq(
      this.approvedPrivateEndpointsOf(ws)
        .map((pe) => pe.vnetId)
        .filter(isString),
    );
  }

  /** VNets a dependency is reachable from: its Approved private endpoints' VNets and its VNet rules' VNets. */
  vnetsReachingDependency(dep: Dependency): { vnetId: string; via: 'privateEndpoint' | 'vnetRule'; throughId: string }[] {
    return this.memo(this.reachCache, dep, this.computeVnetsReaching);
  }

  private computeVnetsReaching(dep: Dependency): { vnetId: string; via: 'privateEndpoint' | 'vnetRule'; throughId: string }[] {
    const out: { vnetId: string; via: 'privateEndpoint' | 'vnetRule'; throughId: string }[] = [];
    for (const pe of this.approvedPrivateEndpointsOf(dep)) if (pe.vnetId) out.push({ vnetId: pe.vnetId, via: 'privateEndpoint', throughId: pe.id });
    for (const subnetId of dep.networkAcls?.virtualNetworkRules ?? []) {
      const vnetId = vnetOfSubnet(subnetId);
      if (vnetId) out.push({ vnetId, via: 'vnetRule', throughId: subnetId });
    }
    return out;
  }

  /**
   * VNets peered with this one: the peering `Connected` on both sides where both are visible, and
   * judged from whichever side is visible otherwise (a compute's VNet outside the scan is still
   * peered with the workspace's VNet when the workspace side's half says Connected).
   */
  peeredVnets(vnetId: string): Set<string> {
    const key = normalizeId(vnetId);
    const cached = this.peeredCache.get(key);
    if (cached) return cached;
    const out = new Set<string>();
    const vnet = this.vnet(key);
    for (const p of vnet?.peerings ?? []) {
      if (!p.remoteVnetId || lowerToken(p.peeringState ?? '') !== 'connected') continue;
      const remote = this.vnet(p.remoteVnetId);
      // Azure shows Connected only when both halves exist; where the remote VNet is visible we
      // still require its half to say Connected (a half re-created on one side reads Initiated).
      if (remote && !remote.peerings.some((rp) => rp.remoteVnetId === key && lowerToken(rp.peeringState ?? '') === 'connected')) continue;
      out.add(p.remoteVnetId);
    }
    if (!vnet) {
      // This VNet is not visible: the halves that name it are all there is to judge by.
      for (const half of this.peeringsTo.get(key) ?? []) if (half.state === 'connected') out.add(half.vnetId);
    }
    this.peeredCache.set(key, out);
    return out;
  }

  arePeered(a: string, b: string): boolean {
    return this.peeredVnets(a).has(normalizeId(b));
  }

  /** Restricted: does not accept traffic from all networks (rules.md). */
  isRestricted(dep: Dependency): boolean {
    return this.memo(this.restrictedCache, dep, this.computeRestricted);
  }

  private computeRestricted(dep: Dependency): boolean {
    const pna = lowerToken(dep.publicNetworkAccess ?? '');
    if (pna === 'disabled') return true;
    if (dep.dependencyKind === 'storage' && pna === 'securedbyperimeter') return true;
    return lowerToken(dep.networkAcls?.defaultAction ?? '') === 'deny';
  }

  /** Public access enabled (rules.md): Enabled, or allowPublicAccessWhenBehindVnet, or absent on a workspace without private endpoints. */
  isPublicAccessEnabled(ws: Workspace): boolean {
    // A project's own payload carries no network settings; with its hub out of sight they are unknown, not open.
    if (ws.workspaceKind === 'project' && !ws.networkFromHubId) return false;
    const pna = lowerToken(ws.publicNetworkAccess ?? '');
    if (pna === 'enabled') return true;
    if (ws.allowPublicAccessWhenBehindVnet === true) return true;
    if (!ws.publicNetworkAccess) return ws.privateEndpointConnections.length === 0;
    return false;
  }

  isManagedVnet(ws: Workspace): boolean {
    const mode = lowerToken(ws.managedNetwork?.isolationMode ?? '');
    return mode === 'allowinternetoutbound' || mode === 'allowonlyapprovedoutbound';
  }

  /** Secured: an Approved private endpoint, or a restricted default storage account. */
  isSecured(ws: Workspace): boolean {
    if (this.hasApprovedPrivateEndpoint(ws)) return true;
    const st = this.storageAccount(ws.storageAccountId);
    return !!st && this.isRestricted(st);
  }

  /** The seed article's scenario table; the first row that matches wins (rules.md). */
  scenarioOf(ws: Workspace): Scenario {
    return this.memo(this.scenarioCache, ws, this.classify);
  }

  private classify(ws: Workspace): Scenario {
    if (this.isManagedVnet(ws)) return 'managed-vnet';
    const publicAccess = this.isPublicAccessEnabled(ws);
    const approvedPe = this.hasApprovedPrivateEndpoint(ws);
    const storage = this.storageAccount(ws.storageAccountId);
    const keyVault = this.dependency(ws.keyVaultId);
    const registry = this.dependency(ws.containerRegistryId);
    const storageRestricted = !!storage && this.isRestricted(storage);
    if (approvedPe && !publicAccess && storageRestricted && !!keyVault && this.isRestricted(keyVault)) return 'private-workspace';
    if (publicAccess && storageRestricted) return 'public-workspace-private-resources';
    const anyRestricted = [storage, keyVault, registry].some((d) => !!d && this.isRestricted(d));
    const anyComputeInSubnet = ws.computes.some((c) => !!c.subnetId);
    if (publicAccess && !approvedPe && !anyRestricted && !anyComputeInSubnet) return 'no-vnet';
    return 'mixed';
  }

  /**
   * The gaps that touch a kind of data, in any scope, including kinds this scan did not collect
   * and child reads it left out. `conditions` are the asker's declared read conditions (a rule's
   * `meta.reads`): for those kinds only the parents it wants count, so a kind a snapshot never
   * read matters only where the rule would have read it.
   */
  gapsFor(
    kinds: readonly DataKind[],
    conditions?: { kinds: ReadonlySet<DataKind>; wants(kind: DataKind, parent: unknown): boolean },
  ): CollectionGap[] {
    const gaps = this.gaps.filter((g) => g.reason === 'error' && kinds.includes(g.kind));
    const wanted = (kind: DataKind, parentId: string) => !conditions?.kinds.has(kind) || conditions.wants(kind, this.get(parentId));
    const notRead = (kind: DataKind, scope: string): CollectionGap => ({
      kind,
      scope,
      reason: 'error',
      code: 'NotCollected',
      message: 'not read in this scan (no rule selected when it was taken needed it here)',
    });
    const skipped = this.skipped.filter((s) => kinds.includes(s.kind) && wanted(s.kind, normalizeId(s.scope))).map((s) => notRead(s.kind, s.scope));
    const whole = this.notCollected(kinds.filter((k) => !conditions?.kinds.has(k)));
    // A conditional kind the inventory never read: a gap under each parent the rule wants.
    const perParent = this.notCollected(kinds.filter((k) => conditions?.kinds.has(k))).flatMap((g) => {
      const parents = this.entitiesOf(parentKind(g.kind));
      if (!parents) return [g];
      return parents.filter((p) => wanted(g.kind, p.id)).map((p) => notRead(g.kind, p.displayId));
    });
    return [...gaps, ...whole, ...perParent, ...skipped];
  }

  /** The entities of a top-level kind, where the model holds them as a list. */
  private entitiesOf(kind: DataKind | undefined): readonly { id: string; displayId: string }[] | undefined {
    switch (kind) {
      case 'workspaces':
        return this.workspaces;
      case 'privateEndpoints':
        return this.privateEndpoints;
      case 'privateDnsZones':
        return this.privateDnsZones;
      case 'firewallPolicies':
        return this.firewallPolicies;
      default:
        return undefined;
    }
  }

  /** Kinds among `kinds` that the inventory was not collected for (a snapshot taken for fewer rules). */
  notCollected(kinds: readonly DataKind[] = []): CollectionGap[] {
    const collected = this.collectedKinds;
    if (!collected) return [];
    return kinds
      .filter((k) => !collected.has(k))
      .map((kind) => ({
        kind,
        scope: `/subscriptions/${this.subscriptions[0] ?? 'unknown'}`,
        reason: 'error' as const,
        code: 'NotCollected',
        message: 'not collected in this scan (the rules selected when it was taken did not need it)',
      }));
  }

  subscriptionOf(id: string): string | undefined {
    return subscriptionOf(id);
  }

  /**
   * A join computed once per entity. `compute` is one of this class's methods, called on the model:
   * passing the method rather than `() => this.compute(key)` allocates nothing per call, and these
   * are asked hundreds of thousands of times on a large tenant.
   */
  private memo<K extends object, V>(cache: Map<K, V>, key: K, compute: (this: Model, key: K) => V): V {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute.call(this, key);
      cache.set(key, value);
    }
    return value;
  }
}

/** True when `id` is its own normalized form (no upper case, no surrounding blanks, no trailing slash): a quick scan, no allocation. */
function isNormalized(id: string): boolean {
  const n = id.length;
  if (n === 0) return true;
  const first = id.charCodeAt(0);
  const last = id.charCodeAt(n - 1);
  if (first <= 32 || last <= 32 || last === 47 /* / */) return false;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return false;
  }
  return true;
}

/** Ids from rules are usually normalized already: try the id as it is before normalizing it. */
function lookup<V>(map: Map<string, V>, id: string): V | undefined {
  return map.get(id) ?? map.get(normalizeId(id));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function isString(x: unknown): x is string {
  return typeof x === 'string';
}
