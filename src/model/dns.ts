/**
 * Private DNS for private endpoints: which `privatelink.*` zones an endpoint needs (per cloud),
 * and whether each is both linked to the endpoint's own VNet and in the endpoint's DNS zone
 * group. Zone links do not carry across peering: a zone linked only to a hub does not resolve in
 * a spoke that uses Azure DNS.
 */
import { CLOUDS } from './cloud';
import { lowerToken } from './ids';
import type { Model } from './model';
import type { Dependency, PrivateEndpoint, Workspace } from './types';

const STORAGE_GROUPS = ['blob', 'file', 'queue', 'table', 'dfs'] as const;
type StorageGroup = (typeof STORAGE_GROUPS)[number];

/** The group ids the endpoint's connection(s) to `target` carry. */
export function groupIdsFor(pe: PrivateEndpoint, targetId: string): string[] {
  const out: string[] = [];
  for (const c of pe.connections) {
    if (c.targetId !== targetId) continue;
    for (const g of c.groupIds) {
      const key = lowerToken(g);
      if (!out.includes(key)) out.push(key);
    }
  }
  return out;
}

/**
 * The zones an endpoint of `target` needs in the model's cloud: both workspace zones for
 * `amlworkspace`; `privatelink.<sub-resource>.core...` for a storage sub-resource; the vault and
 * registry zones. Sub-resources with no zone of their own in the catalogue (storage `web`,
 * `blob_secondary`) need none here.
 */
export function requiredZones(model: Model, pe: PrivateEndpoint, target: Workspace | Dependency): string[] {
  const zones = CLOUDS[model.cloud].zones;
  const groups = groupIdsFor(pe, target.id);
  if (!('dependencyKind' in target)) return groups.length === 0 || groups.includes('amlworkspace') ? [...zones.workspace] : [];
  switch (target.dependencyKind) {
    case 'storage':
      return groups.filter((g): g is StorageGroup => (STORAGE_GROUPS as readonly string[]).includes(g)).map((g) => zones.storage[g]);
    case 'keyVault':
      return groups.length === 0 || groups.includes('vault') ? [zones.vault] : [];
    case 'containerRegistry':
      return groups.length === 0 || groups.includes('registry') ? [zones.registry] : [];
  }
}

export interface ZoneProblem {
  zone: string;
  /** No zone of that name linked to the endpoint's VNet. */
  notLinked: boolean;
  /** No zone of that name in the endpoint's DNS zone groups. */
  notInZoneGroup: boolean;
  /** Zones of that name the model holds (evidence). */
  zoneIds: string[];
  /** Some of the VNets those zones are linked to (evidence: often a hub peered with the endpoint's VNet), at most EVIDENCE_LINKS. */
  linkedVnetIds: string[];
  /** How many VNets those zones are linked to in all. */
  linkedVnetCount: number;
}

/** How many linked VNets a finding names. */
export const EVIDENCE_LINKS = 5;

/**
 * Whether `zone` resolves for `pe` in its VNet. The zone named by the endpoint's zone group is the
 * one that must be linked when the model holds it; when the model holds no zone of that name at
 * all but the zone group names one (a DNS subscription the scan could not see), the link is
 * unknown and not reported.
 */
export function zoneProblem(model: Model, pe: PrivateEndpoint, vnetId: string, zone: string): ZoneProblem | undefined {
  const name = lowerToken(zone);
  // Zone ids are normalized (lower case): compare the last segment in place, no slice per id.
  const inGroup = pe.dnsZoneIds.filter(
    (id) => id.length > name.length && id.endsWith(name) && id.charCodeAt(id.length - name.length - 1) === 47 /* / */,
  );
  const visible = model.privateDnsZonesNamed(name);
  const groupZones = visible.filter((z) => inGroup.includes(z.id));
  const candidates = groupZones.length > 0 ? groupZones : visible;
  const linked = candidates.some((z) => model.isZoneLinkedTo(z.id, vnetId));
  const linkUnknown = !linked && visible.length === 0 && inGroup.length > 0;
  const notLinked = !linked && !linkUnknown;
  const notInZoneGroup = inGroup.length === 0;
  if (!notLinked && !notInZoneGroup) return undefined;
  // Evidence only: a central zone may be linked to hundreds of VNets; a few names tell the story.
  const linkedVnetIds = [...new Set(candidates.flatMap((z) => z.linkedVnetIds))];
  return {
    zone,
    notLinked,
    notInZoneGroup,
    zoneIds: visible.map((z) => z.id),
    linkedVnetIds: linkedVnetIds.slice(0, EVIDENCE_LINKS),
    linkedVnetCount: linkedVnetIds.length,
  };
}

export interface WorkspaceEndpoint {
  pe: PrivateEndpoint;
  /** The workspace or dependency the endpoint connects to. */
  target: Workspace | Dependency;
  /** The workspaces it serves (a dependency may be shared); the first one owns the finding. */
  workspaces: Workspace[];
}

const endpointsCache = new WeakMap<Model, WorkspaceEndpoint[]>();

/** The Approved private endpoints of every workspace and of its storage, key vault and registry, each once (computed once per model). */
export function workspaceEndpoints(model: Model): readonly WorkspaceEndpoint[] {
  let list = endpointsCache.get(model);
  if (!list) {
    list = computeWorkspaceEndpoints(model);
    endpointsCache.set(model, list);
  }
  return list;
}

function computeWorkspaceEndpoints(model: Model): WorkspaceEndpoint[] {
  const out: WorkspaceEndpoint[] = [];
  const byEndpoint = new Map<PrivateEndpoint, Map<Workspace | Dependency, WorkspaceEndpoint>>();
  for (const ws of model.workspaces) {
    for (const target of [ws, ...model.dependenciesOf(ws)]) {
      for (const pe of model.approvedPrivateEndpointsOf(target)) {
        let targets = byEndpoint.get(pe);
        if (!targets) {
          targets = new Map();
          byEndpoint.set(pe, targets);
        }
        const entry = targets.get(target);
        if (entry) {
          if (!entry.workspaces.includes(ws)) entry.workspaces.push(ws);
        } else {
          const created = { pe, target, workspaces: [ws] };
          targets.set(target, created);
          out.push(created);
        }
      }
    }
  }
  return out;
}
