/**
 * The per-subscription collector: one list call per resource type and subscription (paged),
 * then the child resources that only exist per parent (computes, datastores, endpoints, DNS zone
 * groups, VNet links), fetched only for the parents the rules look at. Everything runs in
 * parallel under the session's request bound; what fails becomes a gap, never a silent hole.
 */
import type { ServiceClient } from '@azure/core-client';
import type { ArmResource, CollectionGap, DataKind, Inventory, SkippedRead } from '../model/inventory';
import type { CloudProfile } from '../model/cloud';
import { normalizeId, parentOf, subscriptionOf, withoutTrailingSlashes } from '../model/ids';
import { KINDS, kindRow, type ArmClient, type KindRow } from '../model/kinds';
import { ADAPTERS, labelingJobDataAssetId } from '../model/adapters';
import { buildModel } from '../model/build';
import type { Model } from '../model/model';
import type { LabelingJob, PrivateEndpoint } from '../model/types';
import { workspaceInScope } from '../model/scope';
import { ArmSession, type SessionOptions } from './session';
import { ArmReadError, AuthenticationFailure, getRaw, listRaw, toReadError, type ListResult } from './paging';
import { redactSecrets, redactText } from './redact';
import { readEverything, type ReadPlan } from './needs';
import type { ProgressSink } from './progress';

/** The api-versions of reads that are not a kind's (kinds.ts has those). */
export const API_VERSIONS = {
  subscription: kindRow('subscriptions').apiVersion,
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
  /** What the selected rules and the report read, and under which parents (see needs.ts); default: everything. */
  reads?: ReadPlan;
}

export interface CollectResult {
  inventory: Inventory;
  session: ArmSession;
}

export class Collection {
  readonly resources = new Map<string, ArmResource>();
  readonly gaps: CollectionGap[] = [];
  /** Child reads left out because no selected rule wanted them under that parent. */
  readonly skipped: SkippedRead[] = [];

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
      const re = e as ArmReadError;
      // A preview API (labeling jobs) that answers 404 for its type or api-version is not there: not a scan failure.
      const unavailable =
        !!kindRow(kind).preview &&
        (re.status === 404 || ['NoRegisteredProviderFound', 'InvalidResourceType', 'InvalidApiVersionParameter'].includes(re.code ?? ''));
      this.gap(kind, scope, re, unavailable ? 'unavailable' : 'error');
      return [];
    }
  }

  gap(kind: DataKind, scope: string, e: ArmReadError, reason: CollectionGap['reason'] = 'error'): void {
    // A message is what the server said: it may echo a secret (a token, a connection string).
    this.gaps.push({
      kind,
      scope,
      reason,
      ...(e.status ? { status: e.status } : {}),
      ...(e.code ? { code: redactText(e.code) } : {}),
      message: redactText(e.message),
    });
  }
}

export function typeOf(r: ArmResource): string {
  return (typeof r.type === 'string' ? r.type : '').toLowerCase();
}

/** The SDK client whose pipeline sends a kind's reads (kinds.ts names it). */
const CLIENTS: Record<ArmClient, (s: ArmSession, sub: string) => ServiceClient> = {
  machineLearning: (s, sub) => s.ml(sub),
  network: (s, sub) => s.network(sub),
  storage: (s, sub) => s.storage(sub),
  keyVault: (s, sub) => s.keyVault(sub),
  containerRegistry: (s, sub) => s.containerRegistry(sub),
  containerService: (s, sub) => s.containerService(sub),
  privateDns: (s, sub) => s.privateDns(sub),
  authorization: (s, sub) => s.authorization(sub),
};

/** What both collectors share: the session, the collection, and what the selected rules need. */
export interface CollectContext {
  options: CollectOptions;
  session: ArmSession;
  c: Collection;
  armEndpoint: string;
  needs: ReadonlySet<DataKind>;
  reads: ReadPlan;
  /** The client for a kind's reads in a subscription. */
  client: (row: KindRow, sub: string) => ServiceClient;
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
    if (queue.length > 0) {
      scheduled = true;
      setImmediate(turn);
    }
  };
  return (read) =>
    new Promise((resolve, reject) => {
      queue.push(() => {
        try {
          read().then(resolve, reject);
        } catch (err) {
          reject(err);
        }
      });
      if (!scheduled) {
        scheduled = true;
        setImmediate(turn);
      }
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
  const reads = options.reads ?? readEverything();
  return {
    options,
    session,
    c: new Collection(),
    armEndpoint,
    needs: reads.needs,
    reads,
    client: (row, sub) => CLIENTS[row.client](session, sub),
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

  // Phase 1: one paged list per type and subscription, for the types the selected rules read, in
  // the table's order (the lists that decide children come first).
  ctx.phase(`listing resources in ${options.subscriptions.length} subscription(s)`);
  const lists = new Map<DataKind, Promise<unknown>[]>();
  // Kind by kind (each kind in every subscription), so the children of a kind can start early.
  const phase1 = Promise.all(
    KINDS.filter((row) => row.listing.per === 'subscription' && needs.has(row.kind)).flatMap((row) => {
      const reads = options.subscriptions.map((sub) => {
        const scope = `/subscriptions/${sub}`;
        return ctx.start(() => c.read(row.kind, scope, () => listInSubscription(ctx, row, sub, scope)));
      });
      lists.set(row.kind, reads);
      return reads;
    }),
  );

  // Phase 0: each subscription exists and is visible to the credential. It runs alongside phase 1
  // (no list depends on it), so it costs no round trip of its own; it is queued after the lists,
  // as nothing waits for it.
  const phase0 = Promise.all(
    options.subscriptions.map((sub) =>
      ctx.start(async () => {
        try {
          await getRaw(session.ml(sub), url(`/subscriptions/${sub}`, API_VERSIONS.subscription));
        } catch (err) {
          const e = toReadError(err);
          if (e instanceof AuthenticationFailure) throw e;
          const re = e as ArmReadError;
          if (re.status === 404 || re.code === 'SubscriptionNotFound' || re.code === 'InvalidSubscriptionId') {
            throw new SubscriptionNotFound(`subscription ${sub} was not found or is not visible to the signed-in identity`);
          }
          c.gap('subscriptions', `/subscriptions/${sub}`, re);
        }
      }),
    ),
  );

  // Phases 2 and 3 start as the lists they depend on complete, alongside the other lists.
  const children = collectChildren(ctx, {
    listedAsRows: new Set(),
    listed: (kinds) => Promise.all(kinds.flatMap((k) => lists.get(k) ?? [])).then(() => undefined),
  });
  await Promise.all([phase0, phase1, children]);
  return { inventory: finishInventory(ctx, options.subscriptions), session };
}

/** `GET /subscriptions/{id}/providers/{provider}`, paged; workspaces outside `--resource-group`/`--workspace` are dropped. */
async function listInSubscription(ctx: CollectContext, row: KindRow, sub: string, scope: string): Promise<ListResult> {
  const provider = row.listing.per === 'subscription' ? row.listing.provider : '';
  const r = await listRaw(ctx.client(row, sub), ctx.url(`${scope}/providers/${provider}`, row.apiVersion));
  if (row.kind === 'workspaces') r.items = r.items.filter((w) => inScope(w, ctx.options));
  return r;
}

export interface ChildrenOptions {
  /** Kinds the Resource Graph query returned as rows (VNet links, online endpoints and deployments): no read per parent. */
  listedAsRows: ReadonlySet<DataKind>;
  /**
   * Resource Graph returned the A records of the privatelink zones (`dnsresources`): an endpoint
   * whose addresses are known needs no zone group read, as the records say which zones resolve it.
   */
  dnsRecordsListed?: boolean;
  /** Resolves when every list (every subscription, every page) of these kinds has been read. */
  listed: (kinds: DataKind[]) => Promise<void>;
}

/** The child kinds read under each kind, in the table's order (reads whose results start more reads come first). */
function childKindsOf(parent: DataKind, ctx: CollectContext, opts: ChildrenOptions): KindRow[] {
  return KINDS.filter(
    (row) => 'parent' in row.listing && row.listing.parent === parent && ctx.needs.has(row.kind) && !opts.listedAsRows.has(row.kind),
  );
}

/** The collected resources of a kind. */
function collectedOf(c: Collection, kind: DataKind): ArmResource[] {
  const types = new Set(kindRow(kind).armTypes);
  const out: ArmResource[] = [];
  for (const r of c.resources.values()) if (types.has(String(r.type ?? '').toLowerCase())) out.push(r);
  return out;
}

/** The model of what has been read of these kinds so far: what a read condition is judged on. */
export function modelSoFar(ctx: CollectContext, kinds: readonly DataKind[]): Model {
  const resources = [...new Set(kinds)].flatMap((k) => collectedOf(ctx.c, k));
  return buildModel({ schemaVersion: 1, cloud: ctx.options.cloud.name, scope: { subscriptions: [] }, resources, gaps: ctx.c.gaps });
}

/**
 * The parents under which the rules want `kind` read; the others are recorded as skipped. The
 * condition sees each parent as the model built from the lists it depends on has it.
 */
export function parentsWanted(ctx: CollectContext, kind: DataKind, parents: ArmResource[]): ArmResource[] {
  if (!ctx.reads.conditional(kind)) return parents;
  const parent = kindRow(kind).listing;
  const parentKind = 'parent' in parent ? parent.parent : kind;
  const model = modelSoFar(ctx, [parentKind, ...ctx.reads.after(kind)]);
  return parents.filter((r) => {
    const entity = model.get(r.id) ?? (ADAPTERS[parentKind] as (r: ArmResource, p: string) => unknown)(r, parentOf(r.id) ?? '');
    if (ctx.reads.wants(kind, entity, model)) return true;
    ctx.c.skipped.push({ kind, scope: withoutTrailingSlashes(r.id) });
    return false;
  });
}

/** One read of `row`'s children under a parent: a paged list, a singleton GET, or the GET of the id the parent names. */
function readUnder(ctx: CollectContext, row: KindRow, parent: ArmResource): Promise<ArmResource[]> | undefined {
  const sub = subscriptionOf(parent.id) as string;
  const client = ctx.client(row, sub);
  const path = withoutTrailingSlashes(parent.id);
  const l = row.listing;
  if (l.per === 'parent') return ctx.c.read(row.kind, parent.id, () => listRaw(client, ctx.url(`${path}/${l.segment}`, row.apiVersion)));
  if (l.per === 'singleton')
    return ctx.c.read(row.kind, parent.id, async () => ({
      items: [(await getRaw(client, ctx.url(`${path}/${l.segment}`, row.apiVersion))) as ArmResource],
    }));
  if (l.per !== 'reference') return undefined;
  const target = labelingJobDataAssetId(ADAPTERS.labelingJobs(parent, parentOf(parent.id) ?? '') as LabelingJob);
  if (!target) return undefined;
  const targetSub = subscriptionOf(target) as string;
  return ctx.c.read(row.kind, target, async () => ({
    items: [(await getRaw(ctx.client(row, targetSub), ctx.url(target, row.apiVersion))) as ArmResource],
  }));
}

/**
 * Phases 2 and 3, shared by both collectors: the children that only exist per parent (Resource
 * Graph does not hold them either), read under the parents the rules want (needs.ts). Each kind's
 * reads start as soon as the lists they are decided from are complete (computes of a workspace
 * need the workspaces, DNS zone groups the endpoints and VNets, ...), and grandchildren as soon as
 * their parent's read returns: a slow or long list of an unrelated type holds nothing up.
 */
export async function collectChildren(ctx: CollectContext, opts: ChildrenOptions): Promise<void> {
  const pending: Promise<unknown>[] = [];
  // A read fails only for an authentication failure, which ends the scan through whichever wait
  // sees it first; marked handled here, so reads not yet awaited then do not crash the process.
  const track = (p: Promise<unknown>) => {
    p.catch(() => undefined);
    pending.push(p);
  };
  const under = (row: KindRow, parents: ArmResource[]) => {
    let wanted = parentsWanted(ctx, row.kind, parents);
    // Wanted, and known without a read: the A records Resource Graph returned say which zones resolve these endpoints.
    if (row.kind === 'privateDnsZoneGroups' && opts.dnsRecordsListed) wanted = wanted.filter((pe) => !addressesKnown(pe));
    for (const parent of wanted) {
      track(
        ctx.start(async () => {
          const items = await readUnder(ctx, row, parent);
          if (items?.length) startChildren(row.kind, items);
        }),
      );
    }
  };
  const startChildren = (parentKind: DataKind, parents: ArmResource[]) => {
    for (const row of childKindsOf(parentKind, ctx, opts)) {
      const after = ctx.reads.after(row.kind).filter((k) => k !== parentKind);
      if (after.length === 0) under(row, parents);
      else track(opts.listed(after).then(() => under(row, parents)));
    }
  };
  const topLevel = KINDS.filter(
    (row) => row.listing.per === 'subscription' && ctx.needs.has(row.kind) && childKindsOf(row.kind, ctx, opts).length > 0,
  );
  await Promise.all(
    topLevel.map((row) =>
      opts.listed([row.kind]).then(() => {
        const parents = collectedOf(ctx.c, row.kind);
        if (row.kind === 'workspaces') ctx.phase(`reading ${parents.length} workspace(s) and their network details`);
        startChildren(row.kind, parents);
      }),
    ),
  );
  // Reads started by reads: wait until no new ones appear.
  for (let seen = 0; seen < pending.length;) {
    const batch = pending.slice(seen);
    seen = pending.length;
    await Promise.all(batch);
  }
}

export function finishInventory(ctx: CollectContext, subscriptions: string[]): Inventory {
  const { options, c } = ctx;
  if (ctx.session.stats.ok === 0 && c.gaps.length > 0) {
    const first = c.gaps[0];
    throw new NothingReadable(
      `nothing could be read from ${ctx.armEndpoint}: all ${c.gaps.length} read(s) failed, the first (${first.kind}) with ${first.status ? `HTTP ${first.status} ` : ''}${first.code ?? 'an error'}: ${first.message}`,
    );
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
    // In one order whichever collector decided them, and whenever each decision was made.
    ...(c.skipped.length
      ? { skipped: [...c.skipped].sort((a, b) => (a.kind === b.kind ? cmp(a.scope.toLowerCase(), b.scope.toLowerCase()) : cmp(a.kind, b.kind))) }
      : {}),
  };
}

/** Whether an endpoint's payload names the private addresses its DNS records point at (`customDnsConfigs`). */
function addressesKnown(pe: ArmResource): boolean {
  return (ADAPTERS.privateEndpoints(pe, '') as PrivateEndpoint).customDnsConfigs.some((c) => c.ipAddresses.length > 0);
}

export function inScope(ws: ArmResource, options: CollectOptions): boolean {
  return workspaceInScope(ws, options);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
