/**
 * Builds the model from an inventory. This is the only code that reads ARM payloads; it is
 * defensive by design, because payloads come from the tenant (nulls, unknown fields, values of
 * the wrong type): a value it cannot read is treated as absent, never as a crash.
 */
import type { ArmResource, Inventory } from './inventory';
import { cachedByString } from './cache';
import { internToken, nameOf, normalizeId, parentOf, resourceGroupOf, subscriptionOf, typeOfId, vnetOfSubnet, withoutTrailingSlashes } from './ids';
import { Model } from './model';
import type {
  ApplicationInsights, AzureFirewall, BastionHost, Compute, ContainerRegistry, DataAsset, Datastore,
  FirewallPolicy, KeyVault, LabelingJob, ManagedCluster, ManagedOutboundRule, NatGateway, NetworkAcls,
  NetworkSecurityGroup, Node, OnlineDeployment, OnlineEndpoint, PrivateDnsZone, PrivateEndpoint,
  PrivateEndpointConnection, RoleAssignment, RouteTable, SecurityRule, StorageAccount, Subnet,
  VirtualNetwork, Workspace,
} from './types';

type Json = Record<string, any>;

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
/** An enum-valued string (`Disabled`, `Approved`, `AmlCompute`): as `str`, shared (see internToken). */
function tok(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined ? undefined : internToken(s);
}
function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}
function strs(v: unknown): string[] {
  return arr(v).map(str).filter((x): x is string => !!x);
}
function idOf(v: unknown): string | undefined {
  const s = str(v) ?? str(obj(v).id);
  return s ? normalizeId(s) : undefined;
}
/** ARM spells locations `westeurope` in ids and `West Europe` in some payloads. One shared string per distinct spelling. */
const locationKey = cachedByString((s) => s.replace(/\s+/g, '').toLowerCase(), 10_000);

export function normalizeLocation(loc: unknown): string | undefined {
  const s = str(loc);
  return s ? locationKey(s) : undefined;
}

function node(r: ArmResource): Node {
  const displayId = withoutTrailingSlashes(r.id.trim());
  const id = normalizeId(displayId);
  // fromEntries defines own properties: a tag named `__proto__` stays a tag (assigning it would be ignored).
  const tags: Record<string, string> = Object.fromEntries(Object.entries(obj(r.tags)).filter(([, v]) => typeof v === 'string'));
  return {
    id,
    displayId,
    name: str(r.name) ?? nameOf(displayId),
    subscriptionId: subscriptionOf(id) ?? '',
    resourceGroup: resourceGroupOf(id) ?? '',
    location: normalizeLocation(r.location),
    tags,
    raw: r,
  };
}

/**
 * A model entity: the node's fields, then the entity's own, added in one fixed order. Not
 * `{ ...node(r), ...fields }`: V8 gives every object made by spreading a non-literal a hidden class
 * of its own, which left each of 50k entities with a unique shape and every property read in the
 * rules megamorphic (about 20x slower on a large tenant). Assigning onto the node's literal keeps
 * one shape per entity type.
 */
function withNode<T extends Node>(r: ArmResource, fields: Omit<T, keyof Node> & Partial<Node>): T {
  return Object.assign(node(r), fields) as T;
}

function peConnections(v: unknown): PrivateEndpointConnection[] {
  return arr(v).map((c) => {
    const p = obj(obj(c).properties);
    return {
      privateEndpointId: idOf(p.privateEndpoint),
      status: tok(obj(p.privateLinkServiceConnectionState).status),
    };
  });
}

function networkAcls(v: unknown): NetworkAcls | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const a = obj(v);
  return {
    defaultAction: tok(a.defaultAction),
    bypass: (str(a.bypass) ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    ipRules: arr(a.ipRules).map((r) => str(obj(r).value) ?? str(obj(r).ipAddressOrRange) ?? str(r)).filter((x): x is string => !!x),
    virtualNetworkRules: arr(a.virtualNetworkRules).map((r) => idOf(obj(r).id)).filter((x): x is string => !!x),
    resourceAccessRules: arr(a.resourceAccessRules).map((r) => ({
      tenantId: str(obj(r).tenantId),
      resourceId: str(obj(r).resourceId) ? normalizeId(obj(r).resourceId) : undefined,
    })),
  };
}

function storageAccount(r: ArmResource): StorageAccount {
  const p = obj(r.properties);
  return withNode<StorageAccount>(r, {
    dependencyKind: 'storage',
    kind: tok(r.kind),
    isHnsEnabled: bool(p.isHnsEnabled) ?? false,
    publicNetworkAccess: tok(p.publicNetworkAccess),
    networkAcls: networkAcls(p.networkAcls),
    privateEndpointConnections: peConnections(p.privateEndpointConnections),
  });
}

function keyVault(r: ArmResource): KeyVault {
  const p = obj(r.properties);
  return withNode<KeyVault>(r, {
    dependencyKind: 'keyVault',
    publicNetworkAccess: tok(p.publicNetworkAccess),
    networkAcls: networkAcls(p.networkAcls),
    privateEndpointConnections: peConnections(p.privateEndpointConnections),
  });
}

function containerRegistry(r: ArmResource): ContainerRegistry {
  const p = obj(r.properties);
  const rules = p.networkRuleSet;
  return withNode<ContainerRegistry>(r, {
    dependencyKind: 'containerRegistry',
    skuName: str(obj(r.sku).name),
    publicNetworkAccess: tok(p.publicNetworkAccess),
    networkAcls: rules && typeof rules === 'object' ? networkAcls({ ...obj(rules), bypass: undefined }) : undefined,
    networkRuleBypassOptions: tok(p.networkRuleBypassOptions),
    privateEndpointConnections: peConnections(p.privateEndpointConnections),
  });
}

function workspace(r: ArmResource): Workspace {
  const p = obj(r.properties);
  const mn = p.managedNetwork === null || typeof p.managedNetwork !== 'object' ? undefined : obj(p.managedNetwork);
  let managedNetwork: Workspace['managedNetwork'];
  if (mn) {
    const rulesRaw = mn.outboundRules;
    const entries: [string, unknown][] = Array.isArray(rulesRaw)
      ? rulesRaw.map((x, i) => [str(obj(x).name) ?? String(i), obj(x).properties ?? x])
      : Object.entries(obj(rulesRaw));
    const outboundRules: ManagedOutboundRule[] = entries.map(([name, v]) => {
      const o = obj(v);
      const dest = o.destination;
      return {
        name,
        type: tok(o.type),
        category: tok(o.category),
        status: tok(o.status),
        destination: typeof dest === 'string' ? dest : dest && typeof dest === 'object' ? {
          serviceResourceId: str(obj(dest).serviceResourceId) ? normalizeId(obj(dest).serviceResourceId) : undefined,
          subresourceTarget: str(obj(dest).subresourceTarget),
          sparkEnabled: bool(obj(dest).sparkEnabled),
        } : undefined,
      };
    });
    managedNetwork = {
      isolationMode: tok(mn.isolationMode),
      outboundRules,
      ...(rulesRaw === null || typeof rulesRaw !== 'object' ? { outboundRulesUnknown: true } : {}),
    };
  }
  return withNode<Workspace>(r, {
    kind: tok(r.kind),
    publicNetworkAccess: tok(p.publicNetworkAccess),
    allowPublicAccessWhenBehindVnet: bool(p.allowPublicAccessWhenBehindVnet),
    privateEndpointConnections: peConnections(p.privateEndpointConnections),
    storageAccountId: idOf(p.storageAccount),
    keyVaultId: idOf(p.keyVault),
    containerRegistryId: idOf(p.containerRegistry),
    applicationInsightsId: idOf(p.applicationInsights),
    imageBuildCompute: str(p.imageBuildCompute),
    principalId: str(obj(r.identity).principalId),
    managedNetwork,
    computes: [],
    datastores: [],
    onlineEndpoints: [],
    labelingJobs: [],
    labelingJobsUnavailable: false,
  });
}

const COMPUTES_WITH_NODE_PUBLIC_IP = new Set(['amlcompute', 'computeinstance']);

function compute(r: ArmResource, workspaceId: string): Compute {
  const outer = obj(r.properties);
  const computeType = tok(outer.computeType) ?? 'Unknown';
  const inner = obj(outer.properties);
  const publicIp = bool(inner.enableNodePublicIp);
  return withNode<Compute>(r, {
    location: normalizeLocation(outer.computeLocation) ?? normalizeLocation(r.location),
    workspaceId,
    computeType,
    subnetId: idOf(inner.subnet),
    // enableNodePublicIp absent means true (the default) for clusters and instances.
    hasPublicIp: COMPUTES_WITH_NODE_PUBLIC_IP.has(computeType.toLowerCase()) ? publicIp !== false : false,
    clusterResourceId: str(outer.resourceId) ? normalizeId(outer.resourceId) : undefined,
    isAttachedCompute: bool(outer.isAttachedCompute),
  });
}

function datastore(r: ArmResource, workspaceId: string): Datastore {
  const p = obj(r.properties);
  return withNode<Datastore>(r, {
    workspaceId,
    datastoreType: tok(p.datastoreType),
    accountName: str(p.accountName),
    endpoint: str(p.endpoint),
    isDefault: bool(p.isDefault) ?? false,
    serviceDataAccessAuthIdentity: tok(p.serviceDataAccessAuthIdentity),
  });
}

function privateEndpoint(r: ArmResource): PrivateEndpoint {
  const p = obj(r.properties);
  const subnetId = idOf(p.subnet);
  const conns = [...arr(p.privateLinkServiceConnections), ...arr(p.manualPrivateLinkServiceConnections)].map((c) => {
    const cp = obj(obj(c).properties);
    return {
      targetId: str(cp.privateLinkServiceId) ? normalizeId(cp.privateLinkServiceId) : undefined,
      groupIds: strs(cp.groupIds),
      status: tok(obj(cp.privateLinkServiceConnectionState).status),
    };
  });
  return withNode<PrivateEndpoint>(r, {
    subnetId,
    vnetId: subnetId ? vnetOfSubnet(subnetId) : undefined,
    connections: conns,
    customDnsConfigs: arr(p.customDnsConfigs).map((c) => ({ fqdn: str(obj(c).fqdn), ipAddresses: strs(obj(c).ipAddresses) })),
    dnsZoneIds: [],
  });
}

function addressPrefixes(p: Json): string[] {
  const list = strs(p.addressPrefixes);
  const one = str(p.addressPrefix);
  return one && !list.includes(one) ? [one, ...list] : list;
}

function subnet(s: unknown, vnetId: string): Subnet | undefined {
  const o = obj(s);
  const displayId = str(o.id);
  if (!displayId) return undefined;
  const p = obj(o.properties);
  return {
    id: normalizeId(displayId),
    displayId,
    name: str(o.name) ?? nameOf(displayId),
    vnetId,
    addressPrefixes: addressPrefixes(p),
    nsgId: idOf(p.networkSecurityGroup),
    routeTableId: idOf(p.routeTable),
    natGatewayId: idOf(p.natGateway),
    delegations: arr(p.delegations).map((d) => str(obj(obj(d).properties).serviceName) ?? str(obj(d).name)).filter((x): x is string => !!x),
    serviceEndpoints: arr(p.serviceEndpoints).map((e) => str(obj(e).service)).filter((x): x is string => !!x),
  };
}

function virtualNetwork(r: ArmResource): VirtualNetwork {
  const p = obj(r.properties);
  const n = node(r);
  return Object.assign(n, {
    addressPrefixes: strs(obj(p.addressSpace).addressPrefixes),
    dnsServers: strs(obj(p.dhcpOptions).dnsServers),
    subnets: arr(p.subnets).map((s) => subnet(s, n.id)).filter((x): x is Subnet => !!x),
    peerings: arr(p.virtualNetworkPeerings).map((pe) => {
      const pp = obj(obj(pe).properties);
      return { name: str(obj(pe).name) ?? '', remoteVnetId: idOf(pp.remoteVirtualNetwork), peeringState: tok(pp.peeringState) };
    }),
  });
}

function securityRule(x: unknown, isDefault: boolean): SecurityRule {
  const o = obj(x);
  const p = obj(o.properties);
  const src = [...strs(p.sourceAddressPrefixes)];
  const one = str(p.sourceAddressPrefix);
  if (one) src.unshift(one);
  const ports = [...strs(p.destinationPortRanges)];
  const port = str(p.destinationPortRange);
  if (port) ports.unshift(port);
  const prio = typeof p.priority === 'number' ? p.priority : Number(p.priority);
  return {
    name: str(o.name) ?? '',
    priority: Number.isFinite(prio) ? prio : 65535,
    direction: tok(p.direction) ?? '',
    access: tok(p.access) ?? '',
    protocol: tok(p.protocol) ?? '*',
    sourceAddressPrefixes: src,
    destinationPortRanges: ports,
    isDefault,
  };
}

function nsg(r: ArmResource): NetworkSecurityGroup {
  const p = obj(r.properties);
  return withNode<NetworkSecurityGroup>(r, {
    rules: [...arr(p.securityRules).map((x) => securityRule(x, false)), ...arr(p.defaultSecurityRules).map((x) => securityRule(x, true))],
  });
}

function routeTable(r: ArmResource): RouteTable {
  const p = obj(r.properties);
  return withNode<RouteTable>(r, {
    routes: arr(p.routes).map((x) => {
      const rp = obj(obj(x).properties);
      return { name: str(obj(x).name) ?? '', addressPrefix: str(rp.addressPrefix), nextHopType: tok(rp.nextHopType), nextHopIpAddress: str(rp.nextHopIpAddress) };
    }),
  });
}

function managedCluster(r: ArmResource): ManagedCluster {
  const p = obj(r.properties);
  const api = obj(p.apiServerAccessProfile);
  return withNode<ManagedCluster>(r, {
    subnetIds: arr(p.agentPoolProfiles).map((a) => idOf(obj(a).vnetSubnetID)).filter((x): x is string => !!x),
    privateCluster: bool(api.enablePrivateCluster) ?? false,
    privateClusterPublicFqdn: bool(api.enablePrivateClusterPublicFQDN) ?? false,
  });
}

const GUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

function roleAssignment(r: ArmResource): RoleAssignment | undefined {
  const p = obj(r.properties);
  const principalId = str(p.principalId);
  const def = str(p.roleDefinitionId);
  const scope = str(p.scope);
  const m = def ? GUID.exec(def) : null;
  if (!principalId || !m || !scope) return undefined;
  return { id: normalizeId(r.id), scope: normalizeId(scope === '/' ? '/' : scope), principalId: principalId.toLowerCase(), roleDefinitionGuid: m[1].toLowerCase() };
}

function azureFirewall(r: ArmResource): AzureFirewall {
  const p = obj(r.properties);
  return withNode<AzureFirewall>(r, {
    privateIps: arr(p.ipConfigurations).map((c) => str(obj(obj(c).properties).privateIPAddress)).filter((x): x is string => !!x),
    firewallPolicyId: idOf(p.firewallPolicy),
  });
}

function bastionHost(r: ArmResource): BastionHost {
  const p = obj(r.properties);
  return withNode<BastionHost>(r, {
    subnetIds: arr(p.ipConfigurations).map((c) => idOf(obj(obj(c).properties).subnet)).filter((x): x is string => !!x),
    vnetId: idOf(p.virtualNetwork),
  });
}

/** The lower-cased resource type of a payload, from `type` or else from its id. */
function typeOf(r: ArmResource): string {
  return (str(r.type) ?? typeOfId(r.id) ?? '').toLowerCase();
}

export function buildModel(inv: Inventory): Model {
  const workspaces: Workspace[] = [];
  const storageAccounts: StorageAccount[] = [];
  const keyVaults: KeyVault[] = [];
  const containerRegistries: ContainerRegistry[] = [];
  const applicationInsights: ApplicationInsights[] = [];
  const privateEndpoints: PrivateEndpoint[] = [];
  const virtualNetworks: VirtualNetwork[] = [];
  const networkSecurityGroups: NetworkSecurityGroup[] = [];
  const routeTables: RouteTable[] = [];
  const natGateways: NatGateway[] = [];
  const managedClusters: ManagedCluster[] = [];
  const privateDnsZones: PrivateDnsZone[] = [];
  const roleAssignments: RoleAssignment[] = [];
  const azureFirewalls: AzureFirewall[] = [];
  const firewallPolicies: FirewallPolicy[] = [];
  const bastionHosts: BastionHost[] = [];
  const dataAssets: DataAsset[] = [];
  // Child resources are attached to their parents after the first pass.
  const children: { type: string; r: ArmResource; parent: string }[] = [];

  for (const r of inv.resources) {
    if (!r || typeof r !== 'object' || typeof r.id !== 'string') continue;
    const t = typeOf(r);
    // Role assignments inherited from a management group or the tenant root have ids outside any subscription.
    if (!/^\/subscriptions\//i.test(r.id) && t !== 'microsoft.authorization/roleassignments') continue;
    switch (t) {
      case 'microsoft.machinelearningservices/workspaces': workspaces.push(workspace(r)); break;
      case 'microsoft.storage/storageaccounts': storageAccounts.push(storageAccount(r)); break;
      case 'microsoft.keyvault/vaults': keyVaults.push(keyVault(r)); break;
      case 'microsoft.containerregistry/registries': containerRegistries.push(containerRegistry(r)); break;
      case 'microsoft.insights/components': applicationInsights.push(node(r)); break;
      case 'microsoft.network/privateendpoints': privateEndpoints.push(privateEndpoint(r)); break;
      case 'microsoft.network/virtualnetworks': virtualNetworks.push(virtualNetwork(r)); break;
      case 'microsoft.network/networksecuritygroups': networkSecurityGroups.push(nsg(r)); break;
      case 'microsoft.network/routetables': routeTables.push(routeTable(r)); break;
      case 'microsoft.network/natgateways': natGateways.push(node(r)); break;
      case 'microsoft.containerservice/managedclusters': managedClusters.push(managedCluster(r)); break;
      case 'microsoft.network/privatednszones': privateDnsZones.push(withNode<PrivateDnsZone>(r, { linkedVnetIds: [] })); break;
      case 'microsoft.authorization/roleassignments': { const ra = roleAssignment(r); if (ra) roleAssignments.push(ra); break; }
      case 'microsoft.network/azurefirewalls': azureFirewalls.push(azureFirewall(r)); break;
      case 'microsoft.network/firewallpolicies': firewallPolicies.push(withNode<FirewallPolicy>(r, { ruleCollectionGroups: [] })); break;
      case 'microsoft.network/bastionhosts': bastionHosts.push(bastionHost(r)); break;
      default: {
        const parent = parentOf(r.id);
        if (parent) children.push({ type: (typeOfId(r.id) ?? t), r, parent });
      }
    }
  }

  const wsById = new Map(workspaces.map((w) => [w.id, w]));
  const peById = new Map(privateEndpoints.map((p) => [p.id, p]));
  const zoneById = new Map(privateDnsZones.map((z) => [z.id, z]));
  const policyById = new Map(firewallPolicies.map((p) => [p.id, p]));
  const endpointById = new Map<string, OnlineEndpoint>();
  const deployments: { r: ArmResource; parent: string }[] = [];
  /**
   * Private DNS A records (Resource Graph's dnsresources), keyed `<first label of the name>|<IP>`:
   * the zones that resolve that name to that address. The first label is the resource's own name
   * (`st01` of `st01.blob.core.windows.net`, the workspace id of `<id>.workspace.<region>.api.azureml.ms`),
   * so equal addresses in overlapping VNets do not match each other's records.
   */
  const zonesByAddress = new Map<string, string[]>();
  const firstLabel = (name: string | undefined) => (name ?? '').split('.')[0].toLowerCase();

  for (const { type, r, parent } of children) {
    switch (type) {
      case 'microsoft.machinelearningservices/workspaces/computes': wsById.get(parent)?.computes.push(compute(r, parent)); break;
      case 'microsoft.machinelearningservices/workspaces/datastores': wsById.get(parent)?.datastores.push(datastore(r, parent)); break;
      case 'microsoft.machinelearningservices/workspaces/onlineendpoints': {
        const ws = wsById.get(parent);
        if (!ws) break;
        const e = withNode<OnlineEndpoint>(r, { workspaceId: parent, publicNetworkAccess: tok(obj(r.properties).publicNetworkAccess), deployments: [] });
        ws.onlineEndpoints.push(e);
        endpointById.set(e.id, e);
        break;
      }
      case 'microsoft.machinelearningservices/workspaces/onlineendpoints/deployments': deployments.push({ r, parent }); break;
      case 'microsoft.machinelearningservices/workspaces/labelingjobs': {
        const p = obj(r.properties);
        const job: LabelingJob = withNode<LabelingJob>(r, {
          workspaceId: parent,
          mlAssistEnabled: (str(obj(p.mlAssistConfiguration).mlAssist) ?? '').toLowerCase() === 'enabled',
          dataId: str(obj(p.dataConfiguration).dataId),
        });
        wsById.get(parent)?.labelingJobs?.push(job);
        break;
      }
      case 'microsoft.machinelearningservices/workspaces/data/versions':
        // A version's own name is its version number; readers know it as <asset>:<version>.
        dataAssets.push(withNode<DataAsset>(r, { name: `${nameOf(parent)}:${nameOf(r.id)}`, dataUri: str(obj(r.properties).dataUri) }));
        break;
      case 'microsoft.network/privateendpoints/privatednszonegroups': {
        const pe = peById.get(parent);
        if (!pe) break;
        const zones = arr(obj(r.properties).privateDnsZoneConfigs).map((c) => idOf(obj(obj(c).properties).privateDnsZoneId)).filter((x): x is string => !!x);
        pe.dnsZoneIds.push(...zones);
        break;
      }
      case 'microsoft.network/privatednszones/a': {
        for (const rec of arr(obj(r.properties).aRecords)) {
          const ip = str(obj(rec).ipv4Address);
          if (!ip) continue;
          const key = `${firstLabel(nameOf(r.id))}|${ip}`;
          const zones = zonesByAddress.get(key) ?? [];
          if (!zones.includes(parent)) zones.push(parent);
          zonesByAddress.set(key, zones);
        }
        break;
      }
      case 'microsoft.network/privatednszones/virtualnetworklinks': {
        const z = zoneById.get(parent);
        if (!z) break;
        const vnetId = idOf(obj(r.properties).virtualNetwork);
        if (vnetId) z.linkedVnetIds.push(vnetId);
        break;
      }
      case 'microsoft.network/firewallpolicies/rulecollectiongroups': policyById.get(parent)?.ruleCollectionGroups.push(r); break;
      default: break;
    }
  }
  // A zone that holds an A record for an endpoint's address resolves it as a zone group's record
  // does (the zone group writes exactly such records; one made by hand resolves too).
  if (zonesByAddress.size > 0) {
    for (const pe of privateEndpoints) {
      for (const c of pe.customDnsConfigs) {
        for (const ip of c.ipAddresses) {
          for (const z of zonesByAddress.get(`${firstLabel(c.fqdn)}|${ip}`) ?? []) if (!pe.dnsZoneIds.includes(z)) pe.dnsZoneIds.push(z);
        }
      }
    }
  }
  for (const { r, parent } of deployments) {
    const e = endpointById.get(parent);
    if (!e) continue;
    const d = withNode<OnlineDeployment>(r, { endpointId: parent, egressPublicNetworkAccess: tok(obj(r.properties).egressPublicNetworkAccess) });
    e.deployments.push(d);
  }

  // A workspace whose labeling jobs could not be listed has unknown jobs, not none.
  for (const g of inv.gaps) {
    if (g.kind !== 'labelingJobs') continue;
    const ws = wsById.get(normalizeId(g.scope));
    if (!ws) continue;
    ws.labelingJobs = undefined;
    ws.labelingJobsUnavailable = g.reason === 'unavailable';
  }

  return new Model({
    cloud: inv.cloud,
    subscriptions: inv.scope.subscriptions.map((s) => s.toLowerCase()),
    workspaces, storageAccounts, keyVaults, containerRegistries, applicationInsights, privateEndpoints,
    virtualNetworks, networkSecurityGroups, routeTables, natGateways, managedClusters, privateDnsZones,
    roleAssignments, azureFirewalls, firewallPolicies, bastionHosts, dataAssets,
    gaps: inv.gaps,
    ...(Array.isArray(inv.collected) ? { collected: inv.collected } : {}),
  });
}
