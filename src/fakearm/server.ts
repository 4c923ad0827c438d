/**
 * A fake Azure Resource Manager: an HTTPS server on 127.0.0.1 that serves a tenant (subscriptions
 * plus a bag of ARM-shaped resources) the way the real ARM front door does, so tests, the demo and
 * benchmarks can run the real Azure SDK clients against it without leaving the machine.
 *
 * What it imitates, because the SDKs and our collectors depend on it:
 *  - bearer auth and the mandatory api-version query parameter;
 *  - case-insensitive ids (ARM returns mixed case and the SDKs send ids back as given);
 *  - subscription / resource-group / parent-scoped lists with absolute `nextLink` paging;
 *  - ARM's error body `{error:{code,message}}` for 401/403/404/429/5xx, plus injected faults
 *    (throttling with Retry-After, truncated bodies, slow answers) and "API not registered" 404s;
 *  - throttling as Resource Manager does it (optional): a token bucket of reads per subscription
 *    and principal, `x-ms-ratelimit-remaining-subscription-reads` on every answer, 429 with
 *    `Retry-After` when empty; and Resource Graph's per-user quota window with its headers.
 * It serves reads only: there is no PUT/PATCH/DELETE (405).
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';
import type { ArmResource } from '../model/inventory';
import { armTypeOf } from './arm';
import { graphTableOf } from '../model/kinds';

export type { ArmResource };

export interface Tenant {
  subscriptions: { subscriptionId: string; displayName?: string; tenantId?: string }[];
  resources: ArmResource[];
  /** Resource groups that exist even though no resource lives in them (optional; a group that
   *  holds a resource always exists). Listing in a group that does not exist answers 404. */
  resourceGroups?: { subscriptionId: string; name: string; location?: string }[];
  /** Management group id -> the subscriptions under it, at any depth (for Resource Graph's
   *  `managementGroups`, and the groups above a subscription whose role assignments it inherits). */
  managementGroups?: Record<string, string[]>;
}

const DEFAULT_TENANT_ID = '72f988bf-0000-0000-0000-000000000000';
const MANAGEMENT_GROUP_ASSIGNMENT =
  /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)\/providers\/microsoft\.authorization\/roleassignments\/[^/]+$/i;
const ROOT_ASSIGNMENT = /^\/providers\/microsoft\.authorization\/roleassignments\/[^/]+$/i;

export interface Fault {
  method?: string;
  /** Regex (or its source), matched case-insensitively against the decoded path without query. */
  path: RegExp | string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests get the fault, then normal; default unlimited. */
  times?: number;
  /** Sent as the body verbatim, e.g. truncated or non-JSON. */
  rawBody?: string;
  /** Wait this long before answering, e.g. to simulate a timeout. */
  delayMs?: number;
  /** Regex (or its source) the request body must match too, e.g. to tell Resource Graph queries apart by scope. */
  requestBody?: RegExp | string;
  /** Only every n-th matching request gets the fault (the n-th, 2n-th, ...); the others are answered normally. */
  every?: number;
}

/** Resource Manager's read throttling: a token bucket per subscription (or the tenant) and principal. */
export interface ReadBucket {
  burst: number;
  refillPerSecond: number;
}

/** Resource Graph's per-user quota: at most `queries` in each window of `windowMs`. */
export interface GraphQuota {
  queries: number;
  windowMs: number;
}

export interface FakeArmOptions {
  tenant: Tenant;
  /** Items per list page; default 100. */
  pageSize?: number;
  /** Added to every response. */
  latencyMs?: number;
  faults?: Fault[];
  /** Port to listen on (127.0.0.1 only); default 0, a random free port. */
  port?: number;
  /** The most rows one Resource Graph page holds, whatever `$top` asks (default 1000, Resource Graph's own cap). */
  graphPageSize?: number;
  /** Paths that answer 404 as an API that does not exist (e.g. a preview API not registered). */
  unavailable?: RegExp[];
  /** Throttle reads with a token bucket per subscription and principal (Resource Graph aside). */
  readBucket?: ReadBucket;
  /** Throttle Resource Graph queries with a per-user quota window; without it every answer says 14 left in 5 s. */
  graphQuota?: GraphQuota;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Whether an `Authorization: Bearer ...` header was present. The token itself is never kept. */
  hadBearerToken: boolean;
  at: number;
}

export interface FakeArm {
  url: string;
  port: number;
  requests: RequestLogEntry[];
  setFaults(f: Fault[]): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

interface ActiveFault {
  fault: Fault;
  re: RegExp;
  bodyRe?: RegExp;
  remaining: number;
  seen: number;
}

/** `hh:mm:ss[.fff]`, as Resource Graph writes `x-ms-user-quota-resets-after`. */
function hhmmss(ms: number): string {
  const total = Math.max(0, ms) / 1000;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const p = (n: number) => String(n).padStart(2, '0');
  const secText = Number.isInteger(sec) ? p(sec) : `${p(Math.floor(sec))}.${String(Math.round((sec % 1) * 1000)).padStart(3, '0')}`;
  return `${p(h)}:${p(m)}:${secText}`;
}

/**
 * Resource Manager's and Resource Graph's throttling, per principal: a token bucket of reads per
 * subscription (answers carry what is left; an empty bucket answers 429 with the seconds until a
 * token is back), and a window of queries for Resource Graph (answers carry what is left of the
 * window and when it resets; a spent window answers 429).
 */
class Throttling {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly windows = new Map<string, { start: number; used: number }>();
  constructor(
    private readonly bucket?: ReadBucket,
    private readonly quota?: GraphQuota,
  ) {}

  /** Takes a read token; undefined when no bucket is configured. */
  read(key: string, now = Date.now()): { ok: true; remaining: number } | { ok: false; retryAfterS: number } | undefined {
    if (!this.bucket) return undefined;
    const { burst, refillPerSecond } = this.bucket;
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * refillPerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, remaining: Math.floor(b.tokens) };
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / refillPerSecond)) };
  }

  /** Counts a Resource Graph query against the principal's window. */
  query(principal: string, now = Date.now()): { ok: boolean; headers: Record<string, string> } {
    if (!this.quota) return { ok: true, headers: { 'x-ms-user-quota-remaining': '14', 'x-ms-user-quota-resets-after': '00:00:05' } };
    const w = this.windows.get(principal);
    const win = w && now - w.start < this.quota.windowMs ? w : { start: now, used: 0 };
    this.windows.set(principal, win);
    const resets = hhmmss(win.start + this.quota.windowMs - now);
    if (win.used >= this.quota.queries) return { ok: false, headers: { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': resets } };
    win.used++;
    return { ok: true, headers: { 'x-ms-user-quota-remaining': String(this.quota.queries - win.used), 'x-ms-user-quota-resets-after': resets } };
  }
}

const RESOURCE_GRAPH_PATH = '/providers/microsoft.resourcegraph/resources';

function ciRegex(p: RegExp | string): RegExp {
  if (typeof p === 'string') return new RegExp(p, 'i');
  const flags = p.flags.replace(/[gyi]/g, '') + 'i'; // no lastIndex state between requests
  return new RegExp(p.source, flags);
}

function armError(status: number, code: string, message: string, headers?: Record<string, string>): Answer {
  return { status, body: { error: { code, message } }, headers };
}

function defaultFaultBody(status: number, method: string, path: string): unknown {
  switch (status) {
    case 401:
      return { error: { code: 'AuthenticationFailed', message: 'Authentication failed.' } };
    case 403:
      return {
        error: {
          code: 'AuthorizationFailed',
          message: `The client '00000000-0000-0000-0000-000000000000' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action '${actionFor(method, path)}' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        },
      };
    case 404:
      return { error: { code: 'ResourceNotFound', message: `The resource '${path}' was not found.` } };
    case 409:
      return { error: { code: 'Conflict', message: 'The request conflicts with the current state.' } };
    case 429:
      return { error: { code: 'TooManyRequests', message: 'The request is being throttled.' } };
    case 500:
      return {
        error: {
          code: 'InternalServerError',
          message: 'Encountered internal server error. Diagnostic information: timestamp, subscription id, tracking id, request correlation id.',
        },
      };
    case 502:
      return { error: { code: 'BadGateway', message: 'The gateway did not receive a response.' } };
    case 503:
      return { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' } };
    case 504:
      return { error: { code: 'GatewayTimeout', message: 'The gateway did not receive a response within the specified time period.' } };
    default:
      return { error: { code: 'FaultInjected', message: `Injected fault ${status}.` } };
  }
}

/** `Microsoft.Network/virtualNetworks/read` for a GET of a vnet path, roughly as ARM phrases it. */
function actionFor(method: string, path: string): string {
  const t = armTypeOf(path) ?? armTypeOf(`${path}/x`) ?? 'Microsoft.Resources/subscriptions';
  return `${t}/${method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write'}`;
}

function splitPath(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** The routing model of a tenant: lookups by lower-cased id, built once per server. */
class TenantIndex {
  readonly subs = new Map<string, Tenant['subscriptions'][number]>();
  /** Resources and sub-resources embedded in their parents' properties, by lower-cased id. */
  readonly byId = new Map<string, ArmResource>();
  readonly resourceGroups = new Map<string, { id: string; name: string; location: string; sub: string }>();
  /** Explicit tenant resources in tenant order (lists answer in this order). */
  readonly all: ArmResource[];
  /** Children by lower-cased collection path (`{parentId}/{childSegment}`). */
  readonly children = new Map<string, ArmResource[]>();
  /** Role assignments made at a management group or the tenant root (no subscription in their id). */
  readonly inheritedAssignments: ArmResource[] = [];

  constructor(private readonly tenant: Tenant) {
    for (const s of tenant.subscriptions) this.subs.set(s.subscriptionId.toLowerCase(), s);
    this.all = tenant.resources;
    for (const r of tenant.resources) {
      if (typeof r.id !== 'string') continue;
      if (MANAGEMENT_GROUP_ASSIGNMENT.test(r.id) || ROOT_ASSIGNMENT.test(r.id)) this.inheritedAssignments.push(r);
      this.byId.set(r.id.toLowerCase(), r);
      this.addChild(r);
      const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)(\/|$)/i.exec(r.id);
      if (m) this.addGroup(m[1], m[2], r.location);
    }
    for (const g of tenant.resourceGroups ?? []) this.addGroup(g.subscriptionId, g.name, g.location, true);
    // Sub-resources embedded in a parent's properties (vnet subnets and peerings, NSG rules, routes,
    // private endpoint connections, ...) are readable and listable on their own, as in ARM.
    for (const r of tenant.resources) {
      if (typeof r.id !== 'string' || !r.properties) continue;
      for (const [key, val] of Object.entries(r.properties)) {
        if (!Array.isArray(val)) continue;
        const prefix = `${r.id}/${key}/`.toLowerCase();
        for (const item of val) {
          if (!item || typeof item !== 'object' || typeof item.id !== 'string') continue;
          const lid = item.id.toLowerCase();
          if (!lid.startsWith(prefix) || lid.slice(prefix.length).includes('/')) continue;
          if (this.byId.has(lid)) continue;
          this.byId.set(lid, item as ArmResource);
          this.addChild(item as ArmResource);
        }
      }
    }
  }

  /** The management groups above a subscription, nearest first as far as the tenant says, ending with the tenant root group. */
  ancestorsOf(sub: string): { name: string; displayName: string }[] {
    const s = this.subs.get(sub.toLowerCase());
    const groups = Object.entries(this.tenant.managementGroups ?? {})
      .filter(([, members]) => members.some((m) => m.toLowerCase() === sub.toLowerCase()))
      .sort(([, a], [, b]) => a.length - b.length)
      .map(([name]) => ({ name, displayName: name }));
    return [...groups, { name: s?.tenantId ?? DEFAULT_TENANT_ID, displayName: 'Tenant Root Group' }];
  }

  /** Whether an assignment at a management group or the root applies to any of these subscriptions. */
  inherits(assignment: ArmResource, subs: Iterable<string>): boolean {
    if (ROOT_ASSIGNMENT.test(assignment.id)) return true;
    const mg = MANAGEMENT_GROUP_ASSIGNMENT.exec(assignment.id)?.[1]?.toLowerCase();
    for (const sub of subs) if (this.ancestorsOf(sub).some((g) => g.name.toLowerCase() === mg)) return true;
    return false;
  }

  private addChild(r: ArmResource): void {
    const i = r.id.lastIndexOf('/');
    if (i <= 0) return;
    const coll = r.id.slice(0, i).toLowerCase();
    const list = this.children.get(coll);
    if (list) list.push(r);
    else this.children.set(coll, [r]);
  }

  private addGroup(sub: string, name: string, location: string | undefined, explicit = false): void {
    const key = `/subscriptions/${sub}/resourcegroups/${name}`.toLowerCase();
    const had = this.resourceGroups.get(key);
    if (had && !explicit) return;
    this.resourceGroups.set(key, {
      id: `/subscriptions/${had ? had.sub : sub}/resourceGroups/${had ? had.name : name}`,
      name: had ? had.name : name,
      location: location ?? had?.location ?? 'westus',
      sub,
    });
  }
}

class Router {
  idx: TenantIndex;
  constructor(private readonly tenant: Tenant) {
    this.idx = new TenantIndex(tenant);
  }

  /** Answers a GET (auth, api-version and faults already handled). Returns a body or a list. */
  get(segs: string[]): Answer | { list: unknown[] } {
    const path = '/' + segs.join('/');
    const lower = path.toLowerCase();
    const lsegs = segs.map((s) => s.toLowerCase());
    if (lsegs[0] !== 'subscriptions') {
      const r = this.idx.byId.get(lower);
      if (r) return { status: 200, body: r };
      return armError(404, 'ResourceNotFound', `The resource '${path}' was not found.`);
    }
    if (segs.length === 1) {
      return { list: this.tenant.subscriptions.map((s) => this.subscriptionBody(s)) };
    }
    const sub = this.idx.subs.get(lsegs[1]);
    if (!sub) return armError(404, 'SubscriptionNotFound', `The subscription '${segs[1]}' could not be found.`);
    if (segs.length === 2) return { status: 200, body: this.subscriptionBody(sub) };

    const exact = this.idx.byId.get(lower);
    if (exact) return { status: 200, body: exact };

    let p = -1;
    for (let i = lsegs.length - 1; i >= 2; i--)
      if (lsegs[i] === 'providers') {
        p = i;
        break;
      }
    if (p < 0) return this.resourceManagement(segs, lsegs, sub.subscriptionId);

    const scopeSegs = segs.slice(0, p);
    const scopeLower = '/' + lsegs.slice(0, p).join('/');
    const scopeCheck = this.checkScope(scopeSegs, scopeLower);
    if (scopeCheck) return scopeCheck;
    const tail = segs.slice(p + 1); // [Ns, type, name, childType, ...]
    if (tail.length < 2) {
      return armError(404, 'InvalidResourceNamespace', `The resource namespace '${tail[0] ?? ''}' is invalid.`);
    }
    if (tail.length === 2) {
      // A type list at a scope: top-level resources (and extension resources such as role
      // assignments, which ARM lists for a scope including the scopes below it).
      const want = `${tail[0]}/${tail[1]}`.toLowerCase();
      const prefix = scopeLower + '/';
      const list = this.idx.all.filter(
        (r) => typeof r.id === 'string' && r.id.toLowerCase().startsWith(prefix) && armTypeOf(r.id)?.toLowerCase() === want,
      );
      // Role assignments listed at a scope include those inherited from the management groups above it and the root.
      if (want === 'microsoft.authorization/roleassignments')
        list.push(...this.idx.inheritedAssignments.filter((r) => this.idx.inherits(r, [lsegs[1]])));
      return { list };
    }
    if (tail.length % 2 === 0) {
      // `{parentId}/{childSegment}`: a child collection of an existing resource.
      if (!this.idx.byId.has('/' + lsegs.slice(0, -1).join('/'))) return this.parentNotFound(segs.slice(0, -1), scopeSegs);
      return { list: this.idx.children.get(lower) ?? [] };
    }
    // A single resource that does not exist (say so about its parent first, as ARM does).
    if (tail.length >= 5 && !this.idx.byId.has('/' + lsegs.slice(0, -2).join('/'))) {
      return this.parentNotFound(segs.slice(0, -2), scopeSegs);
    }
    return this.resourceNotFound(tail, scopeSegs);
  }

  private subscriptionBody(s: Tenant['subscriptions'][number]): unknown {
    return {
      id: `/subscriptions/${s.subscriptionId}`,
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionId: s.subscriptionId,
      tenantId: s.tenantId ?? '72f988bf-0000-0000-0000-000000000000',
      displayName: s.displayName ?? s.subscriptionId,
      state: 'Enabled',
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    };
  }

  /** `/subscriptions/s/resourceGroups[/rg]` and `/resources` lists (paths without a provider). */
  private resourceManagement(segs: string[], lsegs: string[], sub: string): Answer | { list: unknown[] } {
    const subPrefix = `/subscriptions/${sub}/`.toLowerCase();
    const groups = () => [...this.idx.resourceGroups.entries()].filter(([k]) => k.startsWith(subPrefix)).map(([, g]) => g);
    const groupBody = (g: { id: string; name: string; location: string }) => ({
      id: g.id,
      name: g.name,
      type: 'Microsoft.Resources/resourceGroups',
      location: g.location,
      properties: { provisioningState: 'Succeeded' },
    });
    const topLevel = (prefix: string) =>
      this.idx.all
        .filter((r) => typeof r.id === 'string' && r.id.toLowerCase().startsWith(prefix) && armTypeOf(r.id)?.split('/').length === 2)
        .map((r) => ({
          id: r.id,
          name: r.name,
          type: r.type ?? armTypeOf(r.id),
          location: r.location,
          kind: r.kind,
          tags: r.tags,
          sku: r.sku,
          identity: r.identity,
        }));
    if (lsegs[2] === 'resourcegroups') {
      if (segs.length === 3) return { list: groups().map(groupBody) };
      const key = '/' + lsegs.slice(0, 4).join('/');
      const g = this.idx.resourceGroups.get(key);
      if (!g) return armError(404, 'ResourceGroupNotFound', `Resource group '${segs[3]}' could not be found.`);
      if (segs.length === 4) return { status: 200, body: groupBody(g) };
      if (segs.length === 5 && lsegs[4] === 'resources') return { list: topLevel(key + '/') };
    } else if (segs.length === 3 && lsegs[2] === 'resources') {
      return { list: topLevel(subPrefix) };
    }
    return armError(404, 'NotFound', `The path '/${segs.join('/')}' is not a resource.`);
  }

  private checkScope(scopeSegs: string[], scopeLower: string): Answer | undefined {
    if (scopeSegs.length <= 2) return undefined; // the subscription, already checked
    if (scopeSegs.length === 4 && scopeLower.split('/')[3] === 'resourcegroups') {
      return this.idx.resourceGroups.has(scopeLower)
        ? undefined
        : armError(404, 'ResourceGroupNotFound', `Resource group '${scopeSegs[3]}' could not be found.`);
    }
    if (this.idx.byId.has(scopeLower)) return undefined;
    const rg = this.rgOf(scopeSegs);
    if (rg && !this.idx.resourceGroups.has(rg.toLowerCase())) {
      return armError(404, 'ResourceGroupNotFound', `Resource group '${rg.split('/')[4]}' could not be found.`);
    }
    return armError(
      404,
      'ResourceNotFound',
      `The Resource '${armTypeOf('/' + scopeSegs.join('/')) ?? scopeSegs.join('/')}/${scopeSegs[scopeSegs.length - 1]}' was not found.`,
    );
  }

  private rgOf(segs: string[]): string | undefined {
    if (segs.length >= 4 && segs[2].toLowerCase() === 'resourcegroups') return `/subscriptions/${segs[1]}/resourceGroups/${segs[3]}`;
    return undefined;
  }

  private parentNotFound(parentSegs: string[], scopeSegs: string[]): Answer {
    const rg = this.rgOf(scopeSegs);
    if (rg && !this.idx.resourceGroups.has(rg.toLowerCase())) {
      return armError(404, 'ResourceGroupNotFound', `Resource group '${scopeSegs[3]}' could not be found.`);
    }
    const parentId = '/' + parentSegs.join('/');
    const t = armTypeOf(parentId) ?? parentId;
    return armError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${t.split('/').slice(1).join('/')}/${parentSegs[parentSegs.length - 1]}' not found.`,
    );
  }

  private resourceNotFound(tail: string[], scopeSegs: string[]): Answer {
    const rg = this.rgOf(scopeSegs);
    if (rg && !this.idx.resourceGroups.has(rg.toLowerCase())) {
      return armError(404, 'ResourceGroupNotFound', `Resource group '${scopeSegs[3]}' could not be found.`);
    }
    const types = [tail[0]];
    const names: string[] = [];
    for (let i = 1; i < tail.length; i += 2) {
      types.push(tail[i]);
      names.push(tail[i + 1]);
    }
    const where = rg ? ` under resource group '${scopeSegs[3]}'` : '';
    return armError(
      404,
      'ResourceNotFound',
      `The Resource '${types.slice(0, 2).join('/')}/${names.join('/')}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
}

/**
 * Resource Graph (POST /providers/Microsoft.ResourceGraph/resources): just enough KQL for the
 * queries amlnet sends: `<table> | where type in~ ('a', 'b')` or `type =~ 'a'`, then a `project`
 * (the row keeps the ARM shape; `type` comes back lower-cased as Resource Graph does). Tables:
 * `resources`, `authorizationresources` (role assignments) and `resourcecontainers`
 * (subscriptions). Scope: the body's `subscriptions`, or `managementGroups` mapped through the
 * tenant's `managementGroups`, or else every subscription. Pages of `options.$top` (default 100,
 * at most 1000) with an opaque `$skipToken`; the answer has the real shape
 * `{totalRecords, count, resultTruncated, facets, data, $skipToken?}`.
 */
function handleResourceGraph(router: Router, tenant: Tenant, body: string, maxPage: number): Answer {
  const bad = (message: string) => armError(400, 'BadRequest', message);
  let req: any;
  try {
    req = JSON.parse(body);
  } catch {
    return bad('The request body is not valid JSON.');
  }
  if (!req || typeof req !== 'object' || typeof req.query !== 'string') return bad('The request must have a "query" string.');
  const q: string = req.query;
  const table = /^\s*(\w+)/.exec(q)?.[1]?.toLowerCase();
  if (table !== 'resources' && table !== 'authorizationresources' && table !== 'resourcecontainers' && table !== 'dnsresources') {
    return bad(`Query is invalid: table '${table ?? ''}' is not supported by the fake.`);
  }
  let types: Set<string> | undefined;
  const inList = /\btype\s+in~\s*\(([^)]*)\)/i.exec(q);
  const eq = /\btype\s*=~\s*'([^']*)'/i.exec(q);
  if (inList) types = new Set([...inList[1].matchAll(/'([^']*)'/g)].map((m) => m[1].toLowerCase()));
  else if (eq) types = new Set([eq[1].toLowerCase()]);

  let subs: Set<string>;
  if (Array.isArray(req.managementGroups) && req.managementGroups.length) {
    subs = new Set();
    for (const mg of req.managementGroups) {
      const key = Object.keys(tenant.managementGroups ?? {}).find((k) => k.toLowerCase() === String(mg).toLowerCase());
      if (!key) return armError(403, 'AuthorizationFailed', `The client does not have authorization to read management group '${mg}'.`);
      for (const s of tenant.managementGroups?.[key] ?? []) subs.add(s.toLowerCase());
    }
  } else if (Array.isArray(req.subscriptions) && req.subscriptions.length) {
    subs = new Set(req.subscriptions.map((s: unknown) => String(s).toLowerCase()));
  } else {
    subs = new Set(router.idx.subs.keys());
  }

  let rows: Record<string, unknown>[];
  if (table === 'resourcecontainers') {
    rows = tenant.subscriptions
      .filter((s) => subs.has(s.subscriptionId.toLowerCase()))
      .map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`,
        name: s.displayName ?? s.subscriptionId,
        type: 'microsoft.resources/subscriptions',
        subscriptionId: s.subscriptionId,
        properties: { state: 'Enabled', managementGroupAncestorsChain: router.idx.ancestorsOf(s.subscriptionId) },
      }))
      .filter((r) => !types || types.has(r.type));
  } else if (table === 'dnsresources') {
    rows = dnsRecords(router.idx, subs).filter((r) => !types || types.has(String(r.type)));
  } else {
    rows = [];
    const visibleSubs = [...subs].filter((s) => router.idx.subs.has(s));
    for (const r of router.idx.all) {
      if (typeof r.id !== 'string') continue;
      const sub = /^\/subscriptions\/([^/]+)/i.exec(r.id)?.[1]?.toLowerCase();
      const inherited = !sub && table === 'authorizationresources' && visibleSubs.length > 0 && router.idx.inherits(r, visibleSubs);
      if (!inherited && (!sub || !subs.has(sub) || !router.idx.subs.has(sub))) continue;
      const t = (typeof r.type === 'string' ? r.type : (armTypeOf(r.id) ?? '')).toLowerCase();
      const isAuth = t.startsWith('microsoft.authorization/');
      if ((table === 'authorizationresources') !== isAuth) continue;
      if (types && !types.has(t)) continue;
      // Resource Graph holds top-level resources and, of the child types, those kinds.ts places in this
      // table (VNet links, online endpoints and their deployments; no other ML children, no DNS zone groups;
      // DNS records are in dnsresources).
      if (t.split('/').length > 2 && graphTableOf(t) !== table) continue;
      const row: Record<string, unknown> = {
        id: r.id,
        name: r.name,
        type: t,
        location: r.location ?? '',
        kind: r.kind ?? '',
        sku: r.sku ?? null,
        identity: r.identity ?? null,
        tags: r.tags ?? {},
        properties: r.properties ?? {},
      };
      rows.push(row);
    }
  }
  const opts = req.options && typeof req.options === 'object' ? req.options : {};
  const top = Math.min(maxPage, Math.max(1, Number(opts.$top) || 100));
  let skip = Math.max(0, Number(opts.$skip) || 0);
  if (typeof opts.$skipToken === 'string' && opts.$skipToken) {
    const decoded = Number.parseInt(
      Buffer.from(opts.$skipToken, 'base64')
        .toString('utf8')
        .replace(/^skip:/, ''),
      10,
    );
    if (!Number.isFinite(decoded)) return bad('The $skipToken is invalid.');
    skip = decoded;
  }
  const data = rows.slice(skip, skip + top);
  const out: Record<string, unknown> = { totalRecords: rows.length, count: data.length, resultTruncated: 'false', facets: [], data };
  if (skip + top < rows.length) out.$skipToken = Buffer.from(`skip:${skip + top}`).toString('base64');
  return { status: 200, body: out };
}

/**
 * Resource Graph's `dnsresources` rows for the A records of private DNS zones: those the tenant
 * holds, plus the ones each private endpoint's DNS zone group writes into its zones (as Azure
 * does: one record per FQDN of the endpoint, named by its first label, pointing at its addresses).
 */
function dnsRecords(idx: TenantIndex, subs: Set<string>): Record<string, unknown>[] {
  const records = new Map<string, Record<string, any>>();
  const subOf = (id: string) => /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? '';
  for (const r of idx.all) {
    if (typeof r.id !== 'string' || !subs.has(subOf(r.id))) continue;
    const t = (typeof r.type === 'string' ? r.type : (armTypeOf(r.id) ?? '')).toLowerCase();
    if (t === 'microsoft.network/privatednszones/a') {
      records.set(r.id.toLowerCase(), { id: r.id, name: r.name, type: t, location: 'global', properties: r.properties ?? {} });
      continue;
    }
    if (t !== 'microsoft.network/privateendpoints/privatednszonegroups') continue;
    const pe = idx.byId.get(r.id.split('/').slice(0, -2).join('/').toLowerCase());
    const configs = Array.isArray(pe?.properties?.customDnsConfigs) ? pe.properties.customDnsConfigs : [];
    for (const zc of Array.isArray(r.properties?.privateDnsZoneConfigs) ? r.properties.privateDnsZoneConfigs : []) {
      const zone = idx.byId.get(String(zc?.properties?.privateDnsZoneId ?? '').toLowerCase());
      if (!zone || !subs.has(subOf(zone.id))) continue;
      for (const c of configs) {
        const label = String(c?.fqdn ?? '').split('.')[0];
        const ips = (Array.isArray(c?.ipAddresses) ? c.ipAddresses : []).filter((ip: unknown) => typeof ip === 'string');
        if (!label || ips.length === 0) continue;
        const id = `${zone.id}/A/${label}`;
        const had = records.get(id.toLowerCase());
        const aRecords = [...(had?.properties.aRecords ?? [])];
        for (const ip of ips) if (!aRecords.some((a: { ipv4Address: string }) => a.ipv4Address === ip)) aRecords.push({ ipv4Address: ip });
        records.set(id.toLowerCase(), {
          id,
          name: label,
          type: 'microsoft.network/privatednszones/a',
          location: 'global',
          properties: { fqdn: `${label}.${zone.name}.`, ttl: 10, isAutoRegistered: false, aRecords },
        });
      }
    }
  }
  return [...records.values()];
}

export async function startFakeArm(opts: FakeArmOptions & { cert: string; key: string }): Promise<FakeArm> {
  const router = new Router(opts.tenant);
  const pageSize = Math.max(1, opts.pageSize ?? 100);
  const latencyMs = Math.max(0, opts.latencyMs ?? 0);
  const unavailable = (opts.unavailable ?? []).map(ciRegex);
  let faults: ActiveFault[] = [];
  const setFaults = (f: Fault[]) => {
    faults = f.map((fault) => ({
      fault,
      re: ciRegex(fault.path),
      bodyRe: fault.requestBody === undefined ? undefined : ciRegex(fault.requestBody),
      remaining: fault.times ?? Infinity,
      seen: 0,
    }));
  };
  setFaults(opts.faults ?? []);
  const requests: RequestLogEntry[] = [];
  const throttling = new Throttling(opts.readBucket, opts.graphQuota);
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let baseUrl = '';

  const send = (res: ServerResponse, entry: RequestLogEntry, a: Answer) => {
    entry.status = a.status;
    const delay = latencyMs + (a.delayMs ?? 0);
    const write = () => {
      if (res.destroyed || res.writableEnded) return;
      const text = a.rawBody !== undefined ? a.rawBody : a.body === undefined ? '' : JSON.stringify(a.body);
      const headers: Record<string, string | number> = {
        'content-type': 'application/json; charset=utf-8',
        'x-ms-request-id': randomUUID(),
        'x-ms-correlation-request-id': randomUUID(),
        'cache-control': 'no-cache',
        ...(a.headers ?? {}),
      };
      res.writeHead(a.status, headers);
      res.end(text);
    };
    if (delay > 0) {
      const t = setTimeout(() => {
        timers.delete(t);
        write();
      }, delay);
      timers.add(t);
    } else {
      write();
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const u = new URL(req.url ?? '/', 'https://127.0.0.1');
    const segs = splitPath(u.pathname);
    const path = '/' + segs.join('/');
    const query: Record<string, string> = {};
    u.searchParams.forEach((v, k) => {
      query[k] = v;
    });
    const auth = req.headers.authorization;
    const hadBearerToken = typeof auth === 'string' && /^Bearer\s+\S+/i.test(auth);
    const entry: RequestLogEntry = { method, path, query, status: 0, hadBearerToken, at: Date.now() };
    requests.push(entry);

    if (!hadBearerToken) {
      const message =
        auth === undefined
          ? "Authentication failed. The 'Authorization' header is missing."
          : "Authentication failed. The 'Authorization' header is provided in an invalid format.";
      return send(res, entry, armError(401, 'AuthenticationFailed', message));
    }
    const apiVersion = u.searchParams.get('api-version');
    if (method === 'GET' && !apiVersion) {
      return send(
        res,
        entry,
        armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'),
      );
    }
    // Throttling happens in front of everything else, per principal (a hash: the token is never kept).
    const principal = createHash('sha256').update(String(auth)).digest('hex').slice(0, 12);
    const isGraph = method === 'POST' && path.toLowerCase() === RESOURCE_GRAPH_PATH;
    let throttleHeaders: Record<string, string> = {};
    if (isGraph) {
      const q = throttling.query(principal);
      throttleHeaders = q.headers;
      if (!q.ok)
        return send(
          res,
          entry,
          armError(
            429,
            'RateLimiting',
            'Please provide below info when asking for support: timestamp, correlationId. Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.',
            throttleHeaders,
          ),
        );
    } else {
      const sub = segs[0]?.toLowerCase() === 'subscriptions' && segs.length >= 2 ? segs[1].toLowerCase() : undefined;
      const t = throttling.read(`${sub ?? 'tenant'} ${principal}`);
      if (t && !t.ok) {
        return send(
          res,
          entry,
          armError(
            429,
            sub ? 'SubscriptionRequestsThrottled' : 'TenantRequestsThrottled',
            `Number of 'read' requests for ${sub ? `subscription '${sub}'` : 'the tenant'} actor '${principal}' exceeded. Please try again after '${t.retryAfterS}' seconds after the last request issued at '${new Date().toISOString()}'.`,
            { 'Retry-After': String(t.retryAfterS) },
          ),
        );
      }
      if (t)
        throttleHeaders = { [sub ? 'x-ms-ratelimit-remaining-subscription-reads' : 'x-ms-ratelimit-remaining-tenant-reads']: String(t.remaining) };
    }
    const sendThrottled = (a: Answer) => send(res, entry, { ...a, headers: { ...throttleHeaders, ...(a.headers ?? {}) } });
    for (const f of faults) {
      if (f.remaining <= 0) continue;
      if (f.fault.method && f.fault.method.toUpperCase() !== method) continue;
      if (!f.re.test(path)) continue;
      if (f.bodyRe && !f.bodyRe.test(body)) continue;
      f.seen++;
      if (f.fault.every && f.seen % f.fault.every !== 0) continue;
      f.remaining--;
      const { status, headers, rawBody, delayMs } = f.fault;
      const given = Object.keys(headers ?? {}).map((h) => h.toLowerCase());
      const dflt: Record<string, string> = status === 429 && !given.includes('retry-after') ? { 'Retry-After': '1' } : {};
      return sendThrottled({
        status,
        body: f.fault.body !== undefined ? f.fault.body : defaultFaultBody(status, method, path),
        rawBody,
        headers: { ...dflt, ...(headers ?? {}) },
        delayMs,
      });
    }
    if (isGraph) {
      return sendThrottled(handleResourceGraph(router, opts.tenant, body, Math.max(1, Math.min(1000, opts.graphPageSize ?? 1000))));
    }
    if (method !== 'GET') {
      return sendThrottled(
        armError(405, 'MethodNotAllowed', `The fake ARM server is read-only: method '${method}' is not supported.`, { allow: 'GET' }),
      );
    }
    // A subscription that does not exist answers its own 404 for every path below it.
    if (segs[0]?.toLowerCase() === 'subscriptions' && segs.length >= 2 && !router.idx.subs.has(segs[1].toLowerCase())) {
      return sendThrottled(armError(404, 'SubscriptionNotFound', `The subscription '${segs[1]}' could not be found.`));
    }
    for (const re of unavailable) {
      if (!re.test(path)) continue;
      const t = armTypeOf(path) ?? armTypeOf(path + '/x') ?? path;
      const shortType = t.split('/').slice(1).join('/') || t;
      return sendThrottled(
        armError(
          404,
          'NoRegisteredProviderFound',
          `No registered resource provider found for location 'westus' and API version '${apiVersion}' for type '${shortType}'. The supported api-versions are '2024-04-01-preview'. The supported locations are 'westus, eastus'.`,
        ),
      );
    }

    const r = router.get(segs);
    if (!('list' in r)) return sendThrottled(r);
    const skip = Math.max(0, Number.parseInt(query['$skiptoken'] ?? '0', 10) || 0);
    const page = r.list.slice(skip, skip + pageSize);
    const out: { value: unknown[]; nextLink?: string } = { value: page };
    if (skip + pageSize < r.list.length) {
      // ARM spells `$skiptoken` literally in its nextLinks; keep api-version and the other parameters.
      const params = Object.entries(query)
        .filter(([k]) => k.toLowerCase() !== '$skiptoken')
        .map(([k, v]) => `${encodeURIComponent(k).replace(/^%24/, '$')}=${encodeURIComponent(v)}`);
      params.push(`$skiptoken=${skip + pageSize}`);
      out.nextLink = `${baseUrl}${u.pathname}?${params.join('&')}`;
    }
    return sendThrottled({ status: 200, body: out });
  };

  const server = https.createServer({ cert: opts.cert, key: opts.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'FakeArmInternalError', message: String((e as Error)?.message ?? e) } }));
        }
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    requests,
    setFaults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
