/**
 * The per-subscription collector: one list call per resource type and subscription (paged),
 * then the child resources that only exist per parent (computes, datastores, endpoints, DNS zone
 * groups, VNet links), fetched only for the parents the rules look at. Everything runs in
 * parallel under the session's request bound; what fails becomes a gap, never a silent hole.
 */
import type { ServiceClient } from '@azure/core-client';
import type { ArmResource, CollectionGap, DataKind, Inventory } from '../model/inventory';
import type { CloudProfile } from '../model/cloud';
import { nameOf, normalizeId, resourceGroupOf, subscriptionOf } from '../model/ids';
import { ArmSession, type SessionOptions } from './session';
import { ArmReadError, AuthenticationFailure, getRaw, listRaw, listTyped, toReadError, type ListResult } from './paging';
import { redactSecrets } from './redact';

export const API_VERSIONS = {
  subscription: '2022-12-01',
  // Newer than the SDK's 2022-10-01: managedNetwork, serviceDataAccessAuthIdentity and
  // online endpoint network settings are only in later api-versions.
  machineLearning: '2024-10-01',
  labelingJobs: '2024-04-01-preview',
  applicationInsights: '2020-02-02',
} as const;

export class SubscriptionNotFound extends Error {}

export interface CollectOptions extends Omit<SessionOptions, 'cloud' | 'armEndpoint'> {
  cloud: CloudProfile;
  armEndpoint?: string;
  subscriptions: string[];
  resourceGroup?: string;
  workspace?: string;
  toolVersion?: string;
  onProgress?: (message: string) => void;
}

export interface CollectResult {
  inventory: Inventory;
  session: ArmSession;
}

const WORKSPACE_TYPE = 'microsoft.machinelearningservices/workspaces';
const DEPENDENCY_TYPES = new Set(['microsoft.machinelearningservices/workspaces', 'microsoft.storage/storageaccounts', 'microsoft.keyvault/vaults', 'microsoft.containerregistry/registries']);

class Collection {
  readonly resources = new Map<string, ArmResource>();
  readonly gaps: CollectionGap[] = [];

  add(items: ArmResource[]): ArmResource[] {
    const added: ArmResource[] = [];
    for (const item of items) {
      const clean = redactSecrets(item) as ArmResource;
      this.resources.set(normalizeId(clean.id), clean);
      added.push(clean);
    }
    return added;
  }

  /** Runs one read; a failure becomes a gap (authentication failures end the scan). */
  async read(kind: DataKind, scope: string, run: () => Promise<ListResult>): Promise<ArmResource[]> {
    try {
      const result = await run();
      if (result.truncated) this.gap(kind, scope, result.truncated);
      return this.add(result.items);
    } catch (err) {
      const e = toReadError(err);
      if (e instanceof AuthenticationFailure) throw e;
      this.gap(kind, scope, e as ArmReadError);
      return [];
    }
  }

  gap(kind: DataKind, scope: string, e: ArmReadError, reason: CollectionGap['reason'] = 'error'): void {
    this.gaps.push({ kind, scope, reason, ...(e.status ? { status: e.status } : {}), ...(e.code ? { code: e.code } : {}), message: e.message });
  }
}

function typeOf(r: ArmResource): string {
  return (typeof r.type === 'string' ? r.type : '').toLowerCase();
}

function props(r: ArmResource | undefined): Record<string, any> {
  return r?.properties && typeof r.properties === 'object' ? r.properties : {};
}

function idOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? normalizeId(v) : v && typeof v === 'object' && typeof (v as any).id === 'string' ? normalizeId((v as any).id) : undefined;
}

export async function collect(options: CollectOptions): Promise<CollectResult> {
  const armEndpoint = (options.armEndpoint ?? options.cloud.armEndpoint).replace(/\/+$/, '');
  const session = new ArmSession({ ...options, armEndpoint });
  const c = new Collection();
  const url = (path: string, apiVersion: string) => `${armEndpoint}${path}?api-version=${apiVersion}`;
  const ml = (sub: string): ServiceClient => session.ml(sub);
  const progress = options.onProgress ?? (() => undefined);

  // Phase 0: each subscription exists and is visible to the credential.
  await Promise.all(options.subscriptions.map(async (sub) => {
    try {
      await getRaw(ml(sub), url(`/subscriptions/${sub}`, API_VERSIONS.subscription));
    } catch (err) {
      const e = toReadError(err);
      if (e instanceof AuthenticationFailure) throw e;
      const re = e as ArmReadError;
      if (re.status === 404 || re.code === 'SubscriptionNotFound' || re.code === 'InvalidSubscriptionId') {
        throw new SubscriptionNotFound(`subscription ${sub} was not found or is not visible to the signed-in identity`);
      }
      c.gap('subscriptions', `/subscriptions/${sub}`, re);
    }
  }));

  // Phase 1: one paged list per type and subscription.
  progress(`listing resources in ${options.subscriptions.length} subscription(s)`);
  await Promise.all(options.subscriptions.flatMap((sub) => {
    const scope = `/subscriptions/${sub}`;
    const net = session.network(sub);
    return [
      c.read('workspaces', scope, async () => {
        const r = await listRaw(ml(sub), url(`${scope}/providers/Microsoft.MachineLearningServices/workspaces`, API_VERSIONS.machineLearning));
        r.items = r.items.filter((w) => inScope(w, options));
        return r;
      }),
      c.read('storageAccounts', scope, () => listTyped((o) => session.storage(sub).storageAccounts.list(o))),
      c.read('keyVaults', scope, () => listTyped((o) => session.keyVault(sub).vaults.listBySubscription(o))),
      c.read('containerRegistries', scope, () => listTyped((o) => session.containerRegistry(sub).registries.list(o))),
      c.read('applicationInsights', scope, () => listRaw(ml(sub), url(`${scope}/providers/Microsoft.Insights/components`, API_VERSIONS.applicationInsights))),
      c.read('privateEndpoints', scope, () => listTyped((o) => net.privateEndpoints.listBySubscription(o))),
      c.read('virtualNetworks', scope, () => listTyped((o) => net.virtualNetworks.listAll(o))),
      c.read('networkSecurityGroups', scope, () => listTyped((o) => net.networkSecurityGroups.listAll(o))),
      c.read('routeTables', scope, () => listTyped((o) => net.routeTables.listAll(o))),
      c.read('natGateways', scope, () => listTyped((o) => net.natGateways.listAll(o))),
      c.read('azureFirewalls', scope, () => listTyped((o) => net.azureFirewalls.listAll(o))),
      c.read('firewallPolicies', scope, () => listTyped((o) => net.firewallPolicies.listAll(o))),
      c.read('bastionHosts', scope, () => listTyped((o) => net.bastionHosts.list(o))),
      c.read('managedClusters', scope, () => listTyped((o) => session.containerService(sub).managedClusters.list(o))),
      c.read('privateDnsZones', scope, () => listTyped((o) => session.privateDns(sub).privateZones.list(o))),
      c.read('roleAssignments', scope, () => listTyped((o) => session.authorization(sub).roleAssignments.listForSubscription(o))),
    ];
  }));

  const all = [...c.resources.values()];
  const ofType = (t: string) => all.filter((r) => typeOf(r) === t);
  const workspaces = ofType(WORKSPACE_TYPE);
  const byId = (id: string | undefined) => (id ? c.resources.get(id) : undefined);

  // Phase 2: children that only exist per parent.
  progress(`reading ${workspaces.length} workspace(s) and their network details`);
  const phase2: Promise<unknown>[] = [];
  const endpoints: ArmResource[] = [];
  const labelingJobs: ArmResource[] = [];
  for (const ws of workspaces) {
    const sub = subscriptionOf(ws.id) as string;
    const wsPath = ws.id.replace(/\/+$/, '');
    phase2.push(
      c.read('computes', ws.id, () => listRaw(ml(sub), url(`${wsPath}/computes`, API_VERSIONS.machineLearning))),
      c.read('datastores', ws.id, () => listRaw(ml(sub), url(`${wsPath}/datastores`, API_VERSIONS.machineLearning))),
      c.read('onlineEndpoints', ws.id, () => listRaw(ml(sub), url(`${wsPath}/onlineEndpoints`, API_VERSIONS.machineLearning))).then((e) => endpoints.push(...e)),
    );
    // Labeling jobs matter only when the default storage is restricted (AMLNET303).
    const storage = byId(idOrUndefined(props(ws).storageAccount));
    if (storage && isRestricted(storage)) {
      phase2.push(readLabelingJobs(c, ml(sub), url(`${wsPath}/labelingJobs`, API_VERSIONS.labelingJobs), ws.id).then((jobs) => labelingJobs.push(...jobs)));
    }
  }
  for (const pe of ofType('microsoft.network/privateendpoints')) {
    const p = props(pe);
    const targets = [...(p.privateLinkServiceConnections ?? []), ...(p.manualPrivateLinkServiceConnections ?? [])]
      .map((x: any) => String(x?.properties?.privateLinkServiceId ?? '').toLowerCase());
    if (!targets.some((t) => [...DEPENDENCY_TYPES].some((dt) => t.includes(`/providers/${dt}/`)))) continue;
    const sub = subscriptionOf(pe.id) as string;
    phase2.push(c.read('privateDnsZoneGroups', pe.id, () => listTyped((o) => session.network(sub).privateDnsZoneGroups.list(nameOf(pe.id), rgOf(pe.id), o))));
  }
  const wantedZones = new Set([
    ...options.cloud.zones.workspace, ...Object.values(options.cloud.zones.storage), options.cloud.zones.vault, options.cloud.zones.registry,
  ]);
  for (const zone of ofType('microsoft.network/privatednszones')) {
    if (!wantedZones.has(String(zone.name ?? nameOf(zone.id)).toLowerCase())) continue;
    const sub = subscriptionOf(zone.id) as string;
    phase2.push(c.read('virtualNetworkLinks', zone.id, () => listTyped((o) => session.privateDns(sub).virtualNetworkLinks.list(rgOf(zone.id), nameOf(zone.id), o))));
  }
  const policiesInUse = new Set(ofType('microsoft.network/azurefirewalls').map((f) => idOrUndefined(props(f).firewallPolicy)).filter(Boolean));
  for (const policy of ofType('microsoft.network/firewallpolicies')) {
    if (!policiesInUse.has(normalizeId(policy.id))) continue;
    const sub = subscriptionOf(policy.id) as string;
    phase2.push(c.read('firewallPolicyRuleCollectionGroups', policy.id, () => listTyped((o) => session.network(sub).firewallPolicyRuleCollectionGroups.list(rgOf(policy.id), nameOf(policy.id), o))));
  }
  await Promise.all(phase2);

  // Phase 3: grandchildren (deployments of endpoints, data assets of ML-assisted labeling jobs).
  const phase3: Promise<unknown>[] = [];
  for (const e of endpoints) {
    const sub = subscriptionOf(e.id) as string;
    phase3.push(c.read('onlineDeployments', e.id, () => listRaw(ml(sub), url(`${e.id.replace(/\/+$/, '')}/deployments`, API_VERSIONS.machineLearning))));
  }
  for (const job of labelingJobs) {
    const p = props(job);
    if (String(p.mlAssistConfiguration?.mlAssist ?? '').toLowerCase() !== 'enabled') continue;
    const dataId = typeof p.dataConfiguration?.dataId === 'string' ? p.dataConfiguration.dataId.replace(/^azureml:/i, '') : undefined;
    if (!dataId || !dataId.startsWith('/subscriptions/')) continue;
    const sub = subscriptionOf(dataId) as string;
    phase3.push(c.read('dataAssets', dataId, async () => ({ items: [await getRaw(ml(sub), url(dataId, API_VERSIONS.machineLearning)) as ArmResource] })));
  }
  await Promise.all(phase3);

  const inventory: Inventory = {
    schemaVersion: 1,
    tool: { name: 'amlnet', version: options.toolVersion ?? '0.0.0' },
    collectedAt: new Date().toISOString(),
    cloud: options.cloud.name,
    scope: {
      subscriptions: options.subscriptions,
      ...(options.resourceGroup ? { resourceGroup: options.resourceGroup } : {}),
      ...(options.workspace ? { workspace: options.workspace } : {}),
    },
    resources: [...c.resources.values()],
    gaps: c.gaps,
  };
  return { inventory, session };
}

async function readLabelingJobs(c: Collection, client: ServiceClient, listUrl: string, workspaceId: string): Promise<ArmResource[]> {
  try {
    const r = await listRaw(client, listUrl);
    if (r.truncated) c.gap('labelingJobs', workspaceId, r.truncated);
    return c.add(r.items);
  } catch (err) {
    const e = toReadError(err);
    if (e instanceof AuthenticationFailure) throw e;
    const re = e as ArmReadError;
    // The labeling API is preview-only: a 404 for the type or api-version means "not there", not a failed scan.
    const unavailable = re.status === 404 || re.code === 'NoRegisteredProviderFound' || re.code === 'InvalidResourceType' || re.code === 'InvalidApiVersionParameter';
    c.gap('labelingJobs', workspaceId, re, unavailable ? 'unavailable' : 'error');
    return [];
  }
}

function rgOf(id: string): string {
  // The SDK wants the resource group as ARM spells it; the id carries it in its original casing.
  const m = /\/resourceGroups\/([^/]+)/i.exec(id);
  return m ? m[1] : resourceGroupOf(id) ?? '';
}

function inScope(ws: ArmResource, options: CollectOptions): boolean {
  if (options.resourceGroup && resourceGroupOf(ws.id) !== options.resourceGroup.toLowerCase()) return false;
  if (options.workspace && String(ws.name ?? nameOf(ws.id)).toLowerCase() !== options.workspace.toLowerCase()) return false;
  return true;
}

/** The collector's own, minimal view of "restricted", used only to decide what to fetch (the model decides verdicts). */
function isRestricted(r: ArmResource): boolean {
  const p = props(r);
  const pna = String(p.publicNetworkAccess ?? '').toLowerCase();
  return pna === 'disabled' || pna === 'securedbyperimeter' || String(p.networkAcls?.defaultAction ?? '').toLowerCase() === 'deny';
}
