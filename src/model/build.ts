/**
 * Builds the model from an inventory: each payload goes through its kind's adapter (kinds.ts
 * finds the kind from the ARM type, adapters/ types it), then the adapted entities are joined:
 * children onto their parents, projects onto their hubs' network, gaps onto what they leave
 * unknown. No code here reads ARM JSON.
 */
import type { ArmResource, DataKind, Inventory } from './inventory';
import { normalizeId, parentOf, typeOfId } from './ids';
import { kindOfType } from './kinds';
import { ADAPTERS, type AdaptedOf, type DnsARecord } from './adapters';
import { Model } from './model';
import type { PrivateEndpoint, Workspace } from './types';

export { normalizeLocation } from './adapters';

type Buckets = { [K in DataKind]: AdaptedOf[K][] };

function emptyBuckets(): Buckets {
  const b = {} as Record<DataKind, unknown[]>;
  for (const k of Object.keys(ADAPTERS) as DataKind[]) b[k] = [];
  return b as Buckets;
}

/** The lower-cased resource type of a payload, from `type` or else from its id. */
function typeOf(r: ArmResource): string {
  const t = typeof r.type === 'string' && r.type.trim() !== '' ? r.type : (typeOfId(r.id) ?? '');
  return t.toLowerCase();
}

/** Every payload through its kind's adapter, into one list per kind. */
function adaptAll(resources: readonly ArmResource[]): Buckets {
  const buckets = emptyBuckets();
  for (const r of resources) {
    if (!r || typeof r !== 'object' || typeof r.id !== 'string') continue;
    // Some payloads (DNS zone groups, subnets) carry no `type`, or a wrong one: the id decides then.
    const row = kindOfType(typeOf(r)) ?? kindOfType(typeOfId(r.id) ?? '');
    if (!row) continue;
    // Role assignments inherited from a management group or the tenant root have ids outside any subscription.
    if (row.kind !== 'roleAssignments' && !/^\/subscriptions\//i.test(r.id)) continue;
    const parent = row.listing.per === 'subscription' ? '' : (parentOf(r.id) ?? '');
    if (row.listing.per !== 'subscription' && !parent) continue;
    const adapted = (ADAPTERS[row.kind] as (r: ArmResource, parent: string) => unknown)(r, parent);
    if (adapted !== undefined) (buckets[row.kind] as unknown[]).push(adapted);
  }
  return buckets;
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((x) => [x.id, x]));
}

/** What hangs off a workspace: computes, datastores, endpoints and their deployments, labeling jobs, a V2 managed network. */
function joinWorkspaceChildren(b: Buckets, wsById: Map<string, Workspace>): void {
  for (const c of b.computes) wsById.get(c.workspaceId)?.computes.push(c);
  for (const d of b.datastores) wsById.get(d.workspaceId)?.datastores.push(d);
  const endpoints = byId(b.onlineEndpoints);
  for (const e of b.onlineEndpoints) wsById.get(e.workspaceId)?.onlineEndpoints.push(e);
  for (const d of b.onlineDeployments) endpoints.get(d.endpointId)?.deployments.push(d);
  for (const j of b.labelingJobs) wsById.get(j.workspaceId)?.labelingJobs?.push(j);
  for (const mn of b.managedNetworks) {
    const ws = wsById.get(mn.workspaceId);
    if (ws) ws.managedNetwork = mn.settings;
  }
}

/** What hangs off the network: DNS zone groups (or A records) on endpoints, VNet links on zones, rule collection groups on policies. */
function joinNetworkChildren(b: Buckets): void {
  const endpoints = byId(b.privateEndpoints);
  const records: DnsARecord[] = [];
  for (const g of b.privateDnsZoneGroups) {
    if ('privateEndpointId' in g) endpoints.get(g.privateEndpointId)?.dnsZoneIds.push(...g.zoneIds);
    else records.push(g);
  }
  if (records.length > 0) joinRecordsToEndpoints(records, b.privateEndpoints);
  const zones = byId(b.privateDnsZones);
  for (const l of b.virtualNetworkLinks) if (l.vnetId) zones.get(l.zoneId)?.linkedVnetIds.push(l.vnetId);
  const policies = byId(b.firewallPolicies);
  for (const g of b.firewallPolicyRuleCollectionGroups) policies.get(g.policyId)?.ruleCollectionGroups.push(g);
  for (const p of b.firewallPolicies) if (p.ruleCollectionGroups.length > 1) p.ruleCollectionGroups.sort((x, y) => x.priority - y.priority);
}

/**
 * A zone that holds an A record for an endpoint's address resolves it as the endpoint's zone group
 * would (the zone group writes exactly such records; one made by hand resolves too). Records are
 * matched on the name's first label and the address: the first label is the resource's own name
 * (`st01` of `st01.blob.core.windows.net`, the workspace id of `<id>.workspace.<region>.api.azureml.ms`),
 * so equal addresses in overlapping VNets do not match each other's records.
 */
function joinRecordsToEndpoints(records: readonly DnsARecord[], endpoints: readonly PrivateEndpoint[]): void {
  const zonesByAddress = new Map<string, string[]>();
  for (const rec of records) {
    for (const ip of rec.addresses) {
      const key = `${rec.name}|${ip}`;
      const zones = zonesByAddress.get(key) ?? [];
      if (!zones.includes(rec.zoneId)) zones.push(rec.zoneId);
      zonesByAddress.set(key, zones);
    }
  }
  for (const pe of endpoints) {
    for (const c of pe.customDnsConfigs) {
      const label = (c.fqdn ?? '').split('.')[0].toLowerCase();
      for (const ip of c.ipAddresses) {
        for (const z of zonesByAddress.get(`${label}|${ip}`) ?? []) if (!pe.dnsZoneIds.includes(z)) pe.dnsZoneIds.push(z);
      }
    }
  }
}

/**
 * A project (`kind: Project`) uses its hub's network: its own payload carries no network
 * settings. Where the hub is visible the project is judged by the hub's isolation.
 */
function joinProjectsToHubs(wsById: Map<string, Workspace>): void {
  for (const ws of wsById.values()) {
    if (ws.workspaceKind !== 'project' || !ws.hubId) continue;
    const hub = wsById.get(ws.hubId);
    if (!hub) continue;
    ws.networkFromHubId = hub.id;
    ws.publicNetworkAccess = hub.publicNetworkAccess;
    ws.allowPublicAccessWhenBehindVnet = hub.allowPublicAccessWhenBehindVnet;
    ws.privateEndpointConnections = hub.privateEndpointConnections;
    ws.managedNetwork = hub.managedNetwork;
    ws.storageAccountId ??= hub.storageAccountId;
    ws.keyVaultId ??= hub.keyVaultId;
    ws.containerRegistryId ??= hub.containerRegistryId;
    ws.applicationInsightsId ??= hub.applicationInsightsId;
  }
}

export function buildModel(inv: Inventory): Model {
  const b = adaptAll(inv.resources);
  const wsById = byId(b.workspaces);
  joinWorkspaceChildren(b, wsById);
  joinNetworkChildren(b);
  joinProjectsToHubs(wsById);

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
    workspaces: b.workspaces,
    storageAccounts: b.storageAccounts,
    keyVaults: b.keyVaults,
    containerRegistries: b.containerRegistries,
    applicationInsights: b.applicationInsights,
    privateEndpoints: b.privateEndpoints,
    virtualNetworks: b.virtualNetworks,
    networkSecurityGroups: b.networkSecurityGroups,
    routeTables: b.routeTables,
    natGateways: b.natGateways,
    managedClusters: b.managedClusters,
    privateDnsZones: b.privateDnsZones,
    roleAssignments: b.roleAssignments,
    azureFirewalls: b.azureFirewalls,
    firewallPolicies: b.firewallPolicies,
    bastionHosts: b.bastionHosts,
    dataAssets: b.dataAssets,
    gaps: inv.gaps,
    ...(Array.isArray(inv.collected) ? { collected: inv.collected } : {}),
    ...(Array.isArray(inv.skipped) ? { skipped: inv.skipped } : {}),
  });
}
