/**
 * Lays a Plan over the base inventory (a live scan or a snapshot, or nothing) the way the change
 * would land: each planned resource replaces the base's resource with its id (a PUT replaces),
 * deletes remove (with their children), child resources written on their own are folded into their
 * parent as a GET returns them, the documented server-side defaults are filled in (defaults.ts), and
 * whatever the change cannot know becomes a gap (AMLNET900) naming the resource and the property:
 * unknown values, resources the change refers to that are neither planned nor in the base, the
 * children the service creates for a new workspace. The result is an ordinary Inventory: the model
 * and the rules run on it unchanged.
 */
import type { ArmResource, CollectionGap, DataKind, Inventory, CloudName } from '../model/inventory';
import { normalizeId, parentOf } from '../model/ids';
import { kindOfType } from '../model/kinds';
import type { Plan, SourceRef } from './plan';
import { applyServerDefaults } from './defaults';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Gap codes the overlay uses (CollectionGap.code), so reports can tell a change's gaps from a scan's. */
export const PLAN_GAP_CODES = {
  unknown: 'UnknownBeforeDeployment',
  missing: 'NotInChangeOrBase',
  serviceCreated: 'CreatedByService',
  unreadable: 'NotEvaluated',
} as const;

/**
 * What kind of data a resource type is, for the gaps (kinds.ts): a gap of kind K leaves the rules
 * that require K unevaluated (scoped to one workspace when the gap's scope is inside it). A child
 * the model reads folded into its parent (a VNet's subnets and peerings, an NSG's rules, a route
 * table's routes) is of its parent's kind.
 */
function kindOfResourceType(type: string): DataKind | undefined {
  const row = kindOfType(type);
  if (row) return row.kind;
  const parent = type.split('/').slice(0, -1).join('/');
  return FOLDED_CHILDREN[type] && parent ? kindOfType(parent)?.kind : undefined;
}

/**
 * The properties the model reads, per type (src/model/build.ts): an unknown value elsewhere (a
 * key vault's tenantId, a VM's image) affects no rule and makes no gap. `kind` overrides the
 * type's kind where the value feeds another kind's rules (a workspace identity feeds role checks).
 */
const READ_PATHS: Record<string, { prefix: string; kind?: DataKind }[]> = {
  'microsoft.machinelearningservices/workspaces': [
    { prefix: 'kind' },
    { prefix: 'properties.publicNetworkAccess' },
    { prefix: 'properties.allowPublicAccessWhenBehindVnet' },
    { prefix: 'properties.privateEndpointConnections' },
    { prefix: 'properties.storageAccount' },
    { prefix: 'properties.keyVault' },
    { prefix: 'properties.containerRegistry' },
    { prefix: 'properties.applicationInsights' },
    { prefix: 'properties.imageBuildCompute' },
    { prefix: 'properties.managedNetwork' },
    { prefix: 'identity.principalId', kind: 'roleAssignments' },
  ],
  'microsoft.storage/storageaccounts': [
    { prefix: 'kind' },
    { prefix: 'properties.isHnsEnabled' },
    { prefix: 'properties.publicNetworkAccess' },
    { prefix: 'properties.networkAcls' },
    { prefix: 'properties.privateEndpointConnections' },
  ],
  'microsoft.keyvault/vaults': [
    { prefix: 'properties.publicNetworkAccess' },
    { prefix: 'properties.networkAcls' },
    { prefix: 'properties.privateEndpointConnections' },
  ],
  'microsoft.containerregistry/registries': [
    { prefix: 'sku.name' },
    { prefix: 'properties.publicNetworkAccess' },
    { prefix: 'properties.networkRuleSet' },
    { prefix: 'properties.networkRuleBypassOptions' },
    { prefix: 'properties.privateEndpointConnections' },
  ],
  'microsoft.machinelearningservices/workspaces/computes': [{ prefix: 'properties' }],
  'microsoft.machinelearningservices/workspaces/datastores': [{ prefix: 'properties' }],
  'microsoft.machinelearningservices/workspaces/onlineendpoints': [{ prefix: 'properties.publicNetworkAccess' }],
  'microsoft.machinelearningservices/workspaces/onlineendpoints/deployments': [{ prefix: 'properties.egressPublicNetworkAccess' }],
  'microsoft.network/privateendpoints': [
    { prefix: 'properties.subnet' },
    { prefix: 'properties.privateLinkServiceConnections' },
    { prefix: 'properties.manualPrivateLinkServiceConnections' },
    { prefix: 'properties.customDnsConfigs' },
  ],
  'microsoft.network/privateendpoints/privatednszonegroups': [{ prefix: 'properties.privateDnsZoneConfigs' }],
  'microsoft.network/virtualnetworks': [
    { prefix: 'properties.addressSpace' },
    { prefix: 'properties.dhcpOptions' },
    { prefix: 'properties.subnets' },
    { prefix: 'properties.virtualNetworkPeerings' },
  ],
  'microsoft.network/virtualnetworks/subnets': [{ prefix: 'properties' }],
  'microsoft.network/virtualnetworks/virtualnetworkpeerings': [{ prefix: 'properties.remoteVirtualNetwork' }, { prefix: 'properties.peeringState' }],
  'microsoft.network/networksecuritygroups': [{ prefix: 'properties.securityRules' }],
  'microsoft.network/networksecuritygroups/securityrules': [{ prefix: 'properties' }],
  'microsoft.network/routetables': [{ prefix: 'properties.routes' }],
  'microsoft.network/routetables/routes': [{ prefix: 'properties' }],
  'microsoft.network/privatednszones/virtualnetworklinks': [{ prefix: 'properties.virtualNetwork' }],
  'microsoft.containerservice/managedclusters': [{ prefix: 'properties.agentPoolProfiles' }, { prefix: 'properties.apiServerAccessProfile' }],
  'microsoft.authorization/roleassignments': [
    { prefix: 'properties.principalId' },
    { prefix: 'properties.roleDefinitionId' },
    { prefix: 'properties.scope' },
  ],
  'microsoft.network/azurefirewalls': [{ prefix: 'properties.ipConfigurations' }, { prefix: 'properties.firewallPolicy' }],
  'microsoft.network/firewallpolicies/rulecollectiongroups': [{ prefix: 'properties' }],
  'microsoft.network/bastionhosts': [{ prefix: 'properties.ipConfigurations' }, { prefix: 'properties.virtualNetwork' }],
  // What a nested deployment that cannot be read deploys is unknown: every rule is affected.
  'microsoft.resources/deployments': [{ prefix: 'properties.templateLink', kind: 'workspaces' }],
};

/** Children written as their own resources that a GET of the parent returns inline: child type -> the parent's array. */
const FOLDED_CHILDREN: Record<string, string> = {
  'microsoft.network/virtualnetworks/subnets': 'subnets',
  'microsoft.network/virtualnetworks/virtualnetworkpeerings': 'virtualNetworkPeerings',
  'microsoft.network/networksecuritygroups/securityrules': 'securityRules',
  'microsoft.network/routetables/routes': 'routes',
};

export function typeOfResource(r: ArmResource): string {
  if (typeof r.type === 'string' && r.type) return r.type.toLowerCase();
  const segs = r.id.replace(/^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?\/providers\//i, '').split('/');
  return [segs[0], ...segs.slice(1).filter((_, i) => i % 2 === 0)].join('/').toLowerCase();
}

function typeOfId(id: string): string {
  return typeOfResource({ id });
}

export interface OverlayResult {
  inventory: Inventory;
  /** The source of every planned resource (and of parents a planned child was folded into), by normalized id. */
  sources: Map<string, SourceRef>;
  /** What the report says about the change besides findings (notes from the input, defaults applied...). */
  notes: string[];
}

export interface OverlayOptions {
  cloud: CloudName;
  /** Subscriptions the result covers when there is no base. */
  subscriptions: string[];
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

export function overlayPlan(base: Inventory | undefined, plan: Plan, options: OverlayOptions): OverlayResult {
  const sources = new Map<string, SourceRef>();
  const gaps: CollectionGap[] = [];
  const notes = [...plan.notes];
  const gapKeys = new Set<string>();
  const addGap = (g: CollectionGap) => {
    const key = `${g.kind}|${normalizeId(g.scope)}|${g.property ?? ''}|${g.code}`;
    if (gapKeys.has(key)) return;
    gapKeys.add(key);
    gaps.push(g);
  };

  // 1. The base, less what the change deletes (a deleted parent takes its children with it).
  const deleted = plan.deletes.map((d) => normalizeId(d.id));
  const isDeleted = (id: string) => {
    const n = normalizeId(id);
    return deleted.some((d) => n === d || n.startsWith(`${d}/`));
  };
  const byId = new Map<string, ArmResource>();
  for (const r of base?.resources ?? []) if (r && typeof r.id === 'string' && !isDeleted(r.id)) byId.set(normalizeId(r.id), r);

  // 2. Planned resources replace the base's; children written on their own are folded into their parent afterwards.
  const plannedIds = new Set(plan.upserts.map((u) => normalizeId(u.resource.id)));
  const children: typeof plan.upserts = [];
  for (const u of plan.upserts) {
    const id = normalizeId(u.resource.id);
    sources.set(id, u.source);
    if (FOLDED_CHILDREN[typeOfResource(u.resource)]) {
      children.push(u);
      continue;
    }
    byId.set(id, clone(u.resource));
  }
  for (const u of children) {
    const type = typeOfResource(u.resource);
    const parentId = parentOf(u.resource.id);
    const parent = parentId ? byId.get(normalizeId(parentId)) : undefined;
    if (!parentId || !parent) {
      addGap({
        kind: kindOfResourceType(type) ?? 'virtualNetworks',
        scope: parentId ?? u.resource.id,
        reason: 'error',
        code: PLAN_GAP_CODES.missing,
        message: `${u.source.name} (${where(u.source)}) is a child of ${parentId ?? '?'}, which is neither in the change nor in the base`,
      });
      continue;
    }
    // The parent now differs from the base: work on the change's own copy.
    const own = plannedIds.has(normalizeId(parent.id)) ? parent : clone(parent);
    byId.set(normalizeId(own.id), own);
    if (!sources.has(normalizeId(own.id))) sources.set(normalizeId(own.id), u.source);
    const p = isObj(own.properties) ? own.properties : (own.properties = {});
    const list: Obj[] = Array.isArray(p[FOLDED_CHILDREN[type]]) ? p[FOLDED_CHILDREN[type]] : (p[FOLDED_CHILDREN[type]] = []);
    const name = String(u.resource.name ?? u.resource.id.split('/').pop()).toLowerCase();
    const entry = { ...clone(u.resource), id: u.resource.id, name: u.resource.name ?? u.resource.id.split('/').pop() };
    delete (entry as Obj).type;
    const at = list.findIndex((x) => String(x?.name ?? '').toLowerCase() === name);
    if (at >= 0) list[at] = entry;
    else list.push(entry);
  }

  // 3. Server-side defaults on what the change PUTs (the base already shows its own).
  const unknowns = [...plan.unknowns];
  const isPlanned = (id: string) => plannedIds.has(normalizeId(id));
  for (const id of plannedIds) {
    const r = byId.get(id);
    if (r) applyServerDefaults(r, { isPlanned, unknown: (resourceId, property, reason) => unknowns.push({ resourceId, property, reason }) });
  }

  // 4. Children the service creates for a new workspace: its default datastores are not known before deployment.
  for (const id of plannedIds) {
    const r = byId.get(id);
    if (!r || typeOfResource(r) !== 'microsoft.machinelearningservices/workspaces' || base?.resources.some((b) => normalizeId(b.id) === id)) continue;
    const planned = [...byId.keys()].some((k) => k.startsWith(`${id}/datastores/`));
    if (!planned) {
      addGap({
        kind: 'datastores',
        scope: r.id,
        reason: 'error',
        code: PLAN_GAP_CODES.serviceCreated,
        property: 'datastores',
        message: `the default datastores of the new workspace ${r.name ?? id} (workspaceblobstore, workspacefilestore) are created by the service at deployment, with settings the change does not show`,
      });
    }
  }

  // 5. Unknown values the rules read.
  for (const u of unknowns) {
    const type = typeOfId(u.resourceId);
    const match = (READ_PATHS[type] ?? []).find(
      (p) => u.property === p.prefix || u.property.startsWith(`${p.prefix}.`) || u.property.startsWith(`${p.prefix}[`),
    );
    const kind = match?.kind ?? kindOfResourceType(type);
    if (!match || !kind) continue;
    addGap({
      kind,
      scope: u.resourceId,
      reason: 'error',
      code: PLAN_GAP_CODES.unknown,
      property: u.property,
      message: `${u.property} of ${u.resourceId} is not known before deployment: ${u.reason}`,
    });
  }

  // 6. References to resources neither planned nor in the base.
  const subnetsOf = (vnet: ArmResource) =>
    new Set((Array.isArray(vnet.properties?.subnets) ? vnet.properties!.subnets : []).map((s: Obj) => String(s?.name ?? '').toLowerCase()));
  const exists = (id: string): boolean => {
    const n = normalizeId(id);
    if (byId.has(n)) return true;
    const m = /^(.*\/providers\/microsoft\.network\/virtualnetworks\/[^/]+)\/subnets\/([^/]+)$/.exec(n);
    if (m) {
      const vnet = byId.get(m[1]);
      return !!vnet && subnetsOf(vnet).has(m[2]);
    }
    return false;
  };
  const reported = new Set<string>();
  const missing = (id: string, from: SourceRef, reason: string) => {
    const kind = kindOfResourceType(typeOfId(id));
    if (!kind || exists(id) || reported.has(normalizeId(id))) return;
    reported.add(normalizeId(id));
    addGap({
      kind,
      scope: id,
      reason: 'error',
      code: PLAN_GAP_CODES.missing,
      message: `${id} is referenced by ${from.name} (${where(from)}) but is neither in the change nor in the base: ${reason}`,
    });
  };
  for (const m of plan.missing) missing(m.id, m.from, m.reason);
  for (const u of plan.upserts) {
    // A child (a compute attached to an existing workspace) needs its parent: without it the model has nowhere to put it.
    const parent = parentOf(u.resource.id) ? u.resource.id.split('/').slice(0, -2).join('/') : undefined;
    if (parent && !FOLDED_CHILDREN[typeOfResource(u.resource)])
      missing(parent, u.source, 'it is the parent of a resource the change creates; scan the subscription that holds it, or add it to the change');
    for (const ref of referencedIds(u.resource)) missing(ref, u.source, 'scan the subscription that holds it, or add it to the change');
  }

  const subscriptions = base?.scope.subscriptions ?? options.subscriptions;
  const inventory: Inventory = {
    ...(base ?? {}),
    schemaVersion: 1,
    cloud: base?.cloud ?? options.cloud,
    scope: base?.scope ?? { subscriptions },
    resources: [...byId.values()],
    gaps: [...(base?.gaps ?? []), ...gaps],
  };
  return { inventory, sources, notes };
}

function where(s: SourceRef): string {
  return s.line ? `${s.file}:${s.line}` : s.file;
}

/** ARM ids a planned resource points at: `id` inside objects, and `...Id`/`...ResourceId` values and the workspace's dependency links. */
export function referencedIds(r: ArmResource): string[] {
  const out: string[] = [];
  const self = normalizeId(r.id);
  const visit = (v: unknown, key: string, depth: number) => {
    if (typeof v === 'string') {
      if (
        depth > 0 &&
        /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\//i.test(v) &&
        (key === 'id' || /(id|resourceid)$/i.test(key) || DEPENDENCY_KEYS.has(key))
      ) {
        const n = normalizeId(v);
        if (n !== self && !n.startsWith(`${self}/`)) out.push(v);
      }
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) visit(x, key, depth + 1);
      return;
    }
    if (isObj(v)) for (const [k, x] of Object.entries(v)) visit(x, k, depth + 1);
  };
  visit(r.properties, 'properties', 0);
  return out;
}

const DEPENDENCY_KEYS = new Set(['storageAccount', 'keyVault', 'containerRegistry', 'applicationInsights', 'scope']);
