/**
 * The per-subscription collector: one list call per resource type and subscription (paged),
 * then the child resources that only exist per parent (computes, datastores, endpoints, DNS zone
 * groups, VNet links), fetched only for the parents the rules look at. Everything runs in
 * parallel under the session's request bound; what fails becomes a gap, never a silent hole.
 */
import type { ServiceClient } from '@azure/core-client';
import type { ArmResource, CollectionGap, DataKind, Inventory } from '../model/inventory';
import type { CloudProfile } from '../model/cloud';
import { nameOf, normalizeId, vnetOfSubnet, resourceGroupOf, subscriptionOf, withoutTrailingSlashes } from '../model/ids';
import { workspaceInScope } from '../model/scope';
import { ArmSession, type SessionOptions } from './session';
import { ArmReadError, AuthenticationFailure, getRaw, listRaw, listTyped, toReadError, type ListResult } from './paging';
import { redactSecrets, redactText } from './redact';
import { ALL_KINDS, closeNeeds } from './needs';
import type { ProgressSink } from './progress';

export const API_VERSIONS = {
  subscription: '2022-12-01',
  // Newer than the SDK's 2022-10-01: managedNetwork, serviceDataAccessAuthIdentity and
  // online endpoint network settings are only in later api-versions.
  machineLearning: '2024-10-01',
  labelingJobs: '2024-04-01-preview',
  applicationInsights: '2020-02-02',
} as const;

export class SubscriptionNotFound extends Error {}

/** Not one read was answered (no server, a certificate not trusted, every read refused): no scan to report. */
export class NothingReadable extends Error {}

export interface CollectOptions extends Omit<SessionOptions, 'cloud' | 'armEndpoint'> {
  cloud: CloudProfile;
  armEndpoint?: string;
  subscriptions: string[];
  resourceGroup?: string;
  workspace?: string;
  toolVersion?: string;
  /** Collection progress (phases, requests done, throttling waits); the CLI decides how it looks. */
  onProgress?: ProgressSink;
  /** The data the selected rules and the report read (see needs.ts); default: everything. */
  needs?: ReadonlySet<DataKind>;
}

export interface CollectResult {
  inventory: Inventory;
  session: ArmSession;
}

const WORKSPACE_TYPE = 'microsoft.machinelearningservices/workspaces';
const DEPENDENCY_TYPES = new Set(['microsoft.machinelearningservices/workspaces', 'microsoft.storage/storageaccounts', 'microsoft.keyvault/vaults', 'microsoft.containerregistry/registries']);

export class Collection {
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
    // A message is what the server said: it may echo a secret (a token, a connection string).
    this.gaps.push({ kind, scope, reason, ...(e.status ? { status: e.status } : {}), ...(e.code ? { code: redactText(e.code) } : {}), message: redactText(e.message) });
  }
}

export function typeOf(r: ArmResource): string {
  return (typeof r.type === 'string' ? r.type : '').toLowerCase();
}

function props(r: ArmResource | undefined): Record<string, any> {
  return r?.properties && typeof r.properties === 'object' ? r.properties : {};
}

function idOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? normalizeId(v) : v && typeof v === 'object' && typeof (v as any).id === 'string' ? normalizeId((v as any).id) : undefined;
}

/** What both collectors share: the session, the collection, and what the selected rules need. */
export interface CollectContext {
  options: CollectOptions;
  session: ArmSession;
  c: Collection;
  armEndpoint: string;
  needs: ReadonlySet<DataKind>;
  url: (path: string, apiVersion: string) => string;
  /** Announces a phase (the request count goes with it). */
  phase: (message: string) => void;
  progress: ProgressSink;
  /** Starts a read in its turn (see oneATurn). */
  start: <T>(read: () => Promise<T>) => Promise<T>;
}

/**
 * Starts reads one an event-loop turn, in the order asked. Building a request through an SDK
 * pipeline costs CPU (a fraction of a millisecond, more for the first of a client): built all at
 * once, the first request would leave only after the last one was built, and the connections
 * already opening (TLS handshakes) or answering would wait as long. One a turn, each request leaves
 * as soon as it is built, and what arrived meanwhile is handled in between. The session's bound
 * still caps what is in flight.
 */
export function oneATurn(): <T>(read: () => Promise<T>) => Promise<T> {
  const queue: (() => void)[] = [];
  let scheduled = false;
  const turn = () => {
    scheduled = false;
    queue.shift()?.();
    if (queue.length > 0) { scheduled = true; setImmediate(turn); }
  };
  return (read) => new Promise((resolve, reject) => {
    queue.push(() => {
      try { read().then(resolve, reject); } catch (err) { reject(err); }
    });
    if (!scheduled) { scheduled = true; setImmediate(turn); }
  });
}

export function startCollection(options: CollectOptions): CollectContext {
  const armEndpoint = (options.armEndpoint ?? options.cloud.armEndpoint).replace(/\/+$/, '');
  const progress: ProgressSink = options.onProgress ?? (() => undefined);
  // Requests finish by the hundred a second: tell at most four times a second (and at each phase).
  let told = 0;
  const onRequestDone = (done: number, inFlight: number) => {
    const now = Date.now();
    if (now - told < 250) return;
    told = now;
    progress({ type: 'requests', done, inFlight });
  };
  const session = new ArmSession({ ...options, armEndpoint, ...(options.onProgress ? { onRequestDone } : {}) });
  return {
    options,
    session,
    c: new Collection(),
    armEndpoint,
    needs: closeNeeds(options.needs ?? ALL_KINDS),
    url: (path, apiVersion) => `${armEndpoint}${path}?api-version=${apiVersion}`,
    phase: (message) => {
      progress({ type: 'requests', done: session.stats.completed, inFlight: session.stats.requests - session.stats.completed });
      progress({ type: 'phase', message });
    },
    progress,
    start: oneATurn(),
  };
}

export async function collect(options: CollectOptions): Promise<CollectResult> {
  const ctx = startCollection(options);
  const { session, c, url, needs } = ctx;
  const ml = (sub: string): ServiceClient => session.ml(sub);

  // Phase 1: one paged list per type and subscription, for the types the selected rules read.
  ctx.phase(`listing resources in ${options.subscriptions.length} subscription(s)`);
  const perType: [DataKind, (sub: string, scope: string) => Promise<ListResult>][] = [
    ['workspaces', async (sub, scope) => {
      const r = await listRaw(ml(sub), url(`${scope}/providers/Microsoft.MachineLearningServices/workspaces`, API_VERSIONS.machineLearning));
      r.items = r.items.filter((w) => inScope(w, options));
      return r;
    }],
    ['storageAccounts', (sub) => listTyped((o) => session.storage(sub).storageAccounts.list(o))],
    ['privateEndpoints', (sub) => listTyped((o) => session.network(sub).privateEndpoints.listBySubscription(o))],
    ['virtualNetworks', (sub) => listTyped((o) => session.network(sub).virtualNetworks.listAll(o))],
    ['privateDnsZones', (sub) => listTyped((o) => session.privateDns(sub).privateZones.list(o))],
    ['azureFirewalls', (sub) => listTyped((o) => session.network(sub).azureFirewalls.listAll(o))],
    ['firewallPolicies', (sub) => listTyped((o) => session.network(sub).firewallPolicies.listAll(o))],
    // The lists above decide which children are read (collectChildren), so they go out first.
    ['keyVaults', (sub) => listTyped((o) => session.keyVault(sub).vaults.listBySubscription(o))],
    ['containerRegistries', (sub) => listTyped((o) => session.containerRegistry(sub).registries.list(o))],
    ['applicationInsights', (sub, scope) => listRaw(ml(sub), url(`${scope}/providers/Microsoft.Insights/components`, API_VERSIONS.applicationInsights))],
    ['networkSecurityGroups', (sub) => listTyped((o) => session.network(sub).networkSecurityGroups.listAll(o))],
    ['routeTables', (sub) => listTyped((o) => session.network(sub).routeTables.listAll(o))],
    ['natGateways', (sub) => listTyped((o) => session.network(sub).natGateways.listAll(o))],
    ['bastionHosts', (sub) => listTyped((o) => session.network(sub).bastionHosts.list(o))],
    ['managedClusters', (sub) => listTyped((o) => session.containerService(sub).managedClusters.list(o))],
    ['roleAssignments', (sub) => listTyped((o) => session.authorization(sub).roleAssignments.listForSubscription(o))],
  ];
  const lists = new Map<DataKind, Promise<unknown>[]>();
  // Kind by kind (each kind in every subscription), so the children of a kind can start early.
  const phase1 = Promise.all(perType.filter(([kind]) => needs.has(kind)).flatMap(([kind, list]) => {
    const reads = options.subscriptions.map((sub) => {
      const scope = `/subscriptions/${sub}`;
      return ctx.start(() => c.read(kind, scope, () => list(sub, scope)));
    });
    lists.set(kind, reads);
    return reads;
  }));

  // Phase 0: each subscription exists and is visible to the credential. It runs alongside phase 1
  // (no list depends on it), so it costs no round trip of its own; it is queued after the lists,
  // as nothing waits for it.
  const phase0 = Promise.all(options.subscriptions.map((sub) => ctx.start(async () => {
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
  })));

  // Phases 2 and 3 start as the lists they depend on complete, alongside the other lists.
  const children = collectChildren(ctx, {
    virtualNetworkLinksListed: false,
    listed: (kinds) => Promise.all(kinds.flatMap((k) => lists.get(k) ?? [])).then(() => undefined),
  });
  await Promise.all([phase0, phase1, children]);
  return { inventory: finishInventory(ctx, options.subscriptions), session };
}

export interface ChildrenOptions {
  /** The Resource Graph query returned the VNet links as rows: no list per zone. */
  virtualNetworkLinksListed: boolean;
  /** Resource Graph returned the online endpoints and their deployments as rows: no list per workspace or endpoint. */
  onlineEndpointsListed?: boolean;
  /**
   * Resource Graph returned the A records of the privatelink zones (`dnsresources`): an endpoint
   * whose IP addresses are known needs no zone group read, as the records say which zones resolve it.
   */
  dnsRecordsListed?: boolean;
  /** Resolves when every list (every subscription, every page) of these kinds has been read. */
  listed: (kinds: DataKind[]) => Promise<void>;
}

/**
 * Phases 2 and 3, shared by both collectors: the children that only exist per parent (Resource
 * Graph does not hold them either), fetched only for the parents and kinds the rules look at.
 * Each group of reads starts as soon as the lists it is decided from are complete (computes of a
 * workspace need the workspaces, DNS zone groups the endpoints and VNets, ...), not after every
 * list: a slow or long list of an unrelated type holds nothing up.
 */
export async function collectChildren(ctx: CollectContext, opts: ChildrenOptions): Promise<void> {
  const { session, c, url, needs, options } = ctx;
  const ml = (sub: string): ServiceClient => session.ml(sub);
  /** The collected resources of these types (read when the trigger fires: the lists are complete). */
  const ofType = (t: string) => {
    const out: ArmResource[] = [];
    for (const r of c.resources.values()) if (typeOf(r) === t) out.push(r);
    return out;
  };
  const byId = (id: string | undefined) => (id ? c.resources.get(id) : undefined);

  // Phase 2: children that only exist per parent.
  const phase2: Promise<unknown>[] = [];
  // Phase 3: grandchildren (deployments of endpoints, data assets of ML-assisted labeling jobs),
  // each started as soon as its parent has been read.
  const phase3: Promise<unknown>[] = [];
  // A read fails only for an authentication failure, which ends the scan through whichever wait
  // sees it first; marked handled here, so reads not yet awaited then do not crash the process.
  const track = (into: Promise<unknown>[], read: () => Promise<unknown>) => {
    const p = ctx.start(read);
    p.catch(() => undefined);
    into.push(p);
  };
  const after = (kinds: DataKind[], start: () => void) => opts.listed(kinds).then(start);
  const readDeployments = (e: ArmResource) => {
    if (!needs.has('onlineDeployments')) return;
    const sub = subscriptionOf(e.id) as string;
    track(phase3, () => c.read('onlineDeployments', e.id, () => listRaw(ml(sub), url(`${withoutTrailingSlashes(e.id)}/deployments`, API_VERSIONS.machineLearning))));
  };
  const readDataAsset = (job: ArmResource) => {
    if (!needs.has('dataAssets')) return;
    const p = props(job);
    if (String(p.mlAssistConfiguration?.mlAssist ?? '').toLowerCase() !== 'enabled') return;
    const dataId = typeof p.dataConfiguration?.dataId === 'string' ? p.dataConfiguration.dataId.replace(/^azureml:/i, '') : undefined;
    if (!dataId || !dataId.startsWith('/subscriptions/')) return;
    const sub = subscriptionOf(dataId) as string;
    track(phase3, () => c.read('dataAssets', dataId, async () => ({ items: [await getRaw(ml(sub), url(dataId, API_VERSIONS.machineLearning)) as ArmResource] })));
  };
  const wsPath = (ws: ArmResource) => withoutTrailingSlashes(ws.id);

  const triggers = [
    // What a workspace holds, known from the workspace alone.
    after(['workspaces'], () => {
      const workspaces = ofType(WORKSPACE_TYPE);
      ctx.phase(`reading ${workspaces.length} workspace(s) and their network details`);
      // Reads whose results start more reads (grandchildren) first, so the deepest chains start early.
      if (needs.has('onlineEndpoints') && !opts.onlineEndpointsListed) {
        for (const ws of workspaces) {
          track(phase2, () => c.read('onlineEndpoints', ws.id, () => listRaw(ml(subscriptionOf(ws.id) as string), url(`${wsPath(ws)}/onlineEndpoints`, API_VERSIONS.machineLearning))).then((e) => e.forEach(readDeployments)));
        }
      }
      if (needs.has('computes')) {
        for (const ws of workspaces) track(phase2, () => c.read('computes', ws.id, () => listRaw(ml(subscriptionOf(ws.id) as string), url(`${wsPath(ws)}/computes`, API_VERSIONS.machineLearning))));
      }
    }),
    // What is read only next to restricted storage.
    after(['workspaces', 'storageAccounts'], () => {
      // Datastores matter only where a rule can match them to a restricted storage account (AMLNET301
      // looks the account up by name among the scanned accounts, so any datastore of any workspace may
      // point at it; AMLNET303 only asks when the default storage is restricted). With no restricted
      // account in scope (and the storage list complete) no datastore can produce a finding.
      const storageKnown = !c.gaps.some((g) => g.kind === 'storageAccounts');
      const anyRestrictedStorage = ofType('microsoft.storage/storageaccounts').some(isRestricted);
      const wantDatastores = needs.has('datastores') && (!storageKnown || anyRestrictedStorage);
      const workspaces = ofType(WORKSPACE_TYPE);
      // Labeling jobs matter only when the default storage is restricted (AMLNET303); first, as their
      // data assets are read after them.
      if (needs.has('labelingJobs')) {
        for (const ws of workspaces) {
          const storage = byId(idOrUndefined(props(ws).storageAccount));
          if (!storage || !isRestricted(storage)) continue;
          track(phase2, () => readLabelingJobs(c, ml(subscriptionOf(ws.id) as string), url(`${wsPath(ws)}/labelingJobs`, API_VERSIONS.labelingJobs), ws.id).then((jobs) => jobs.forEach(readDataAsset)));
        }
      }
      if (wantDatastores) {
        for (const ws of workspaces) track(phase2, () => c.read('datastores', ws.id, () => listRaw(ml(subscriptionOf(ws.id) as string), url(`${wsPath(ws)}/datastores`, API_VERSIONS.machineLearning))));
      }
    }),
    after(['privateEndpoints', 'virtualNetworks'], () => {
      if (!needs.has('privateDnsZoneGroups')) return;
      // Zone groups matter where names resolve through Azure DNS (AMLNET401); a VNet with custom
      // DNS servers is AMLNET402's, which reads the endpoint itself. Unknown VNet: read them.
      const customDnsVnets = new Set(ofType('microsoft.network/virtualnetworks')
        .filter((v) => arrayOf(props(v).dhcpOptions?.dnsServers).length > 0).map((v) => normalizeId(v.id)));
      for (const pe of ofType('microsoft.network/privateendpoints')) {
        const p = props(pe);
        const vnetId = vnetOfSubnet(String(p.subnet?.id ?? ''));
        if (vnetId && customDnsVnets.has(vnetId)) continue;
        const targets = [...arrayOf(p.privateLinkServiceConnections), ...arrayOf(p.manualPrivateLinkServiceConnections)]
          .map((x: any) => String(x?.properties?.privateLinkServiceId ?? '').toLowerCase());
        if (!targets.some((t) => [...DEPENDENCY_TYPES].some((dt) => t.includes(`/providers/${dt}/`)))) continue;
        if (opts.dnsRecordsListed && endpointAddresses(pe).length > 0) continue;
        const sub = subscriptionOf(pe.id) as string;
        track(phase2, () => c.read('privateDnsZoneGroups', pe.id, () => listTyped((o) => session.network(sub).privateDnsZoneGroups.list(nameOf(pe.id), rgOf(pe.id), o))));
      }
    }),
    after(['privateDnsZones'], () => {
      if (!needs.has('virtualNetworkLinks') || opts.virtualNetworkLinksListed) return;
      const wantedZones = new Set([
        ...options.cloud.zones.workspace, ...Object.values(options.cloud.zones.storage), options.cloud.zones.vault, options.cloud.zones.registry,
      ]);
      for (const zone of ofType('microsoft.network/privatednszones')) {
        if (!wantedZones.has(String(zone.name ?? nameOf(zone.id)).toLowerCase())) continue;
        const sub = subscriptionOf(zone.id) as string;
        track(phase2, () => c.read('virtualNetworkLinks', zone.id, () => listTyped((o) => session.privateDns(sub).virtualNetworkLinks.list(rgOf(zone.id), nameOf(zone.id), o))));
      }
    }),
    after(['azureFirewalls', 'firewallPolicies'], () => {
      if (!needs.has('firewallPolicyRuleCollectionGroups')) return;
      const policiesInUse = new Set(ofType('microsoft.network/azurefirewalls').map((f) => idOrUndefined(props(f).firewallPolicy)).filter(Boolean));
      for (const policy of ofType('microsoft.network/firewallpolicies')) {
        if (!policiesInUse.has(normalizeId(policy.id))) continue;
        const sub = subscriptionOf(policy.id) as string;
        track(phase2, () => c.read('firewallPolicyRuleCollectionGroups', policy.id, () => listTyped((o) => session.network(sub).firewallPolicyRuleCollectionGroups.list(rgOf(policy.id), nameOf(policy.id), o))));
      }
    }),
  ];
  await Promise.all(triggers);
  await Promise.all(phase2);
  // Phase 3 reads were started as their parents arrived (no barrier between the phases).
  await Promise.all(phase3);
}

export function finishInventory(ctx: CollectContext, subscriptions: string[]): Inventory {
  const { options, c } = ctx;
  if (ctx.session.stats.ok === 0 && c.gaps.length > 0) {
    const first = c.gaps[0];
    throw new NothingReadable(`nothing could be read from ${ctx.armEndpoint}: all ${c.gaps.length} read(s) failed, the first (${first.kind}) with ${first.status ? `HTTP ${first.status} ` : ''}${first.code ?? 'an error'}: ${first.message}`);
  }
  return {
    schemaVersion: 1,
    tool: { name: 'amlnet', version: options.toolVersion ?? '0.0.0' },
    collectedAt: new Date().toISOString(),
    cloud: options.cloud.name,
    scope: {
      subscriptions,
      ...(options.resourceGroup ? { resourceGroup: options.resourceGroup } : {}),
      ...(options.workspace ? { workspace: options.workspace } : {}),
    },
    resources: [...c.resources.values()],
    gaps: c.gaps,
    collected: [...ctx.needs].sort(),
  };
}

/** The private IP addresses an endpoint's DNS records point at (`customDnsConfigs`, as the model reads them). */
export function endpointAddresses(pe: ArmResource): string[] {
  return arrayOf(props(pe).customDnsConfigs).flatMap((c: any) => arrayOf(c?.ipAddresses))
    .filter((ip): ip is string => typeof ip === 'string' && ip !== '');
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
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

export function inScope(ws: ArmResource, options: CollectOptions): boolean {
  return workspaceInScope(ws, options);
}

/** The collector's own, minimal view of "restricted", used only to decide what to fetch (the model decides verdicts). */
export function isRestricted(r: ArmResource): boolean {
  const p = props(r);
  const pna = String(p.publicNetworkAccess ?? '').toLowerCase();
  return pna === 'disabled' || pna === 'securedbyperimeter' || String(p.networkAcls?.defaultAction ?? '').toLowerCase() === 'deny';
}
