/**
 * The Resource Graph collector, for `--management-group` and `--all-subscriptions`: a handful of
 * paged Resource Graph queries (1000 rows a page, `$skipToken`) over the whole scope (the tenant
 * or the management groups; the subscriptions named, 1000 a query, if Resource Graph refuses that)
 * replace one list per type per subscription, which is what makes hundreds of subscriptions
 * scannable under Resource Manager's per-subscription throttling. Rows are projected to the ARM
 * shape (id, name, type, location, kind, sku, identity, tags, properties), so they go into the same
 * inventory as the per-subscription collector's lists. Online endpoints and their deployments
 * come from `resources`, role assignments (those at management groups above the scanned
 * subscriptions too) from `authorizationresources`, and the privatelink zones' A records from
 * `dnsresources`, which say which zones resolve an endpoint without a zone group read per endpoint.
 * What Resource Graph does not hold (computes, datastores, labeling jobs, data assets; zone groups
 * of an endpoint whose addresses are unknown) is read per parent by the phases both collectors
 * share (collectChildren).
 *
 * The query is a raw POST through an SDK client's pipeline (bearer token, the session's retries and
 * pacing, which honour Resource Graph's quota headers, the read-only policy, which allows exactly this POST):
 * @azure/arm-resourcegraph 5.x needs Node >= 22 and 4.2.1 does not retry 429.
 */
import type { ServiceClient } from '@azure/core-client';
import type { ArmResource, DataKind } from '../model/inventory';
import { normalizeId, parentOf, subscriptionOf } from '../model/ids';
import { DNS_A_RECORD, graphTypesOf, KINDS, kindRow, parentKind, type GraphTable } from '../model/kinds';
import {
  API_VERSIONS,
  collectChildren,
  finishInventory,
  inScope,
  parentsWanted,
  startCollection,
  type CollectContext,
  type CollectOptions,
  type CollectResult,
} from './collect';
import { appendAll, ArmReadError, AuthenticationFailure, listRaw, MAX_LIST_ITEMS, MAX_PAGES, sendRaw, toReadError } from './paging';

export const RESOURCE_GRAPH_API_VERSION = '2022-10-01';
/** Resource Graph's largest page. */
export const RESOURCE_GRAPH_PAGE_SIZE = 1000;
/** Subscriptions named in one query (Resource Graph's documented ceiling is 1000 a request). */
const SUBSCRIPTIONS_PER_QUERY = 1000;

/** Where each kind lives in Resource Graph (kinds.ts), and which query reads it: one per table, since every page
 *  costs a request and splitting a table's query only pays off when its pages outnumber the other work. */
interface GraphKind {
  kind: DataKind;
  table: GraphTable;
  types: readonly string[];
  query: string;
}
const GRAPH_KINDS: GraphKind[] = KINDS.flatMap((k) =>
  k.graphTable ? [{ kind: k.kind, table: k.graphTable, types: graphTypesOf(k), query: k.graphTable }] : [],
);
/**
 * Kinds whose rows are children of their parent kind's rows (VNet links, online endpoints and their
 * deployments), in the table's order, so a deployment's endpoint is placed before it. Not DNS zone
 * groups: Resource Graph holds the zones' A records instead, which hang off zones, not endpoints.
 */
const CHILD_ROW_KINDS = GRAPH_KINDS.filter((k) => parentKind(k.kind) && !kindRow(k.kind).graphTypes);
const CHILD_ROW_TYPES = new Set(CHILD_ROW_KINDS.flatMap((k) => k.types));

const MANAGEMENT_GROUP_ASSIGNMENT =
  /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)\/providers\/microsoft\.authorization\/roleassignments\//i;
const ROOT_ASSIGNMENT = /^\/providers\/microsoft\.authorization\/roleassignments\//i;

const PROJECTION = 'project id, name, type, location, kind, sku, identity, tags, properties';

export interface GraphScope {
  /** Management group ids (`--management-group`); empty with allSubscriptions. */
  managementGroups: string[];
  allSubscriptions: boolean;
}

/** The scope named nothing the credential can read. */
export class ScopeUnreadable extends Error {}

export async function collectWithResourceGraph(options: Omit<CollectOptions, 'subscriptions'>, scope: GraphScope): Promise<CollectResult> {
  const ctx = startCollection({ ...options, subscriptions: [] });
  const graph = new GraphClient(ctx);
  const groups = new Map<string, typeof GRAPH_KINDS>();
  for (const k of GRAPH_KINDS) {
    if (!ctx.needs.has(k.kind)) continue;
    groups.set(k.query, [...(groups.get(k.query) ?? []), k]);
  }
  const queryFor = (kinds: typeof GRAPH_KINDS) =>
    `${kinds[0].table} | where type in~ (${kinds
      .flatMap((k) => k.types)
      .map((t) => `'${t}'`)
      .join(', ')}) | ${PROJECTION}`;

  // Resource Graph runs a query over the scope itself: the management groups, or for
  // --all-subscriptions the tenant (every subscription the identity can read). So the queries go
  // out with the subscription list instead of after it, one round trip less before the first
  // child read; their rows are then kept for the listed subscriptions only, which is what a query
  // naming those subscriptions returns. Should Resource Graph refuse a query over the whole scope
  // (it caps the subscriptions one may cover), the subscriptions are named instead, 1000 a query.
  const overScope = scope.allSubscriptions ? {} : { managementGroups: scope.managementGroups };
  const early = new Map([...groups].map(([name, kinds]) => [name, settle(graph.query(queryFor(kinds), overScope))]));

  // Role assignments made at a management group or the tenant root have no subscription in their
  // id: they are kept when that group is an ancestor of a scanned subscription, which
  // resourcecontainers says (properties.managementGroupAncestorsChain).
  const ancestry = ctx.needs.has('roleAssignments') && scope.allSubscriptions ? settle(graph.ancestry({})) : undefined;
  const { subscriptions, ancestors: mgAncestors } = await graph.subscriptionsInScope(scope);
  if (subscriptions.length === 0) {
    throw new ScopeUnreadable(
      scope.allSubscriptions
        ? 'the signed-in identity can see no subscription'
        : `management group(s) ${scope.managementGroups.join(', ')} hold no subscription the signed-in identity can see`,
    );
  }
  ctx.phase(`querying Resource Graph over ${subscriptions.length} subscription(s)`);

  const listedSubscriptions = new Set(subscriptions);
  const wantedZones = new Set([
    ...options.cloud.zones.workspace,
    ...Object.values(options.cloud.zones.storage),
    options.cloud.zones.vault,
    options.cloud.zones.registry,
  ]);
  let ancestors: Set<string> | undefined = mgAncestors;
  const ancestryKnown = async (): Promise<ArmReadError | undefined> => {
    if (!ancestry) return undefined;
    let r = await ancestry;
    if ('error' in r && !(toReadError(r.error) instanceof AuthenticationFailure)) {
      // Refused over the whole tenant: ask again naming the subscriptions, as for the other queries.
      const batches: string[][] = [];
      for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_QUERY) batches.push(subscriptions.slice(i, i + SUBSCRIPTIONS_PER_QUERY));
      r = await settle(Promise.all(batches.map((batch) => graph.ancestry({ subscriptions: batch }))).then((rows) => rows.flat()));
    }
    if ('value' in r) {
      const chains = r.value.filter((row) => listedSubscriptions.has(String(row.subscriptionId ?? '').toLowerCase()));
      ancestors = ancestorsOf(chains);
      return undefined;
    }
    const e = toReadError(r.error);
    if (e instanceof AuthenticationFailure) throw e;
    return e as ArmReadError;
  };
  const keep = (kinds: typeof GRAPH_KINDS, subs: string[], { rows, truncated }: { rows: ArmResource[]; truncated?: ArmReadError }) => {
    // The per-subscription collector reads the same rows; keep exactly what it keeps.
    const kept = rows.filter((r) => {
      const t = String(r.type ?? '').toLowerCase();
      if (t === 'microsoft.authorization/roleassignments' && !subscriptionOf(r.id)) {
        // Listed per subscription, Resource Manager returns the assignments inherited from above it.
        if (ROOT_ASSIGNMENT.test(r.id)) return true;
        const mg = MANAGEMENT_GROUP_ASSIGNMENT.exec(r.id)?.[1]?.toLowerCase();
        return !!mg && !!ancestors?.has(mg);
      }
      if (!listedSubscriptions.has(subscriptionOf(r.id) ?? '')) return false;
      if (t === 'microsoft.machinelearningservices/workspaces') return inScope(r, options as CollectOptions);
      if (t === DNS_A_RECORD) return wantedZones.has(zoneNameOfRecord(r.id));
      return true;
    });
    const added = ctx.c.add(kept.filter((r) => !CHILD_ROW_TYPES.has(String(r.type ?? '').toLowerCase())));
    // Child rows count only under the parents kept (a workspace's children only for the workspaces in
    // scope) and the rules want, as a read per parent would.
    for (const k of CHILD_ROW_KINDS) {
      const types = new Set(k.types);
      const children = kept.filter((r) => types.has(String(r.type ?? '').toLowerCase()));
      if (children.length === 0) continue;
      const parentTypes = new Set(kindRow(parentKind(k.kind) as DataKind).armTypes);
      const parents = added.filter((r) => parentTypes.has(String(r.type ?? '').toLowerCase()));
      const wanted = new Set(parentsWanted(ctx, k.kind, parents).map((p) => normalizeId(p.id)));
      added.push(...ctx.c.add(children.filter((r) => wanted.has(parentOf(r.id) ?? ''))));
    }
    if (truncated) for (const k of kinds) for (const sub of subs) ctx.c.gap(k.kind, `/subscriptions/${sub}`, truncated);
  };
  const failed = (kinds: typeof GRAPH_KINDS, subs: string[], err: unknown) => {
    const e = toReadError(err);
    if (e instanceof AuthenticationFailure) throw e;
    for (const k of kinds) for (const sub of subs) ctx.c.gap(k.kind, `/subscriptions/${sub}`, e as ArmReadError);
  };
  const listed = new Map<DataKind, Promise<void>>();
  for (const [name, kinds] of groups) {
    const done = (early.get(name) as Promise<Settled<QueryResult>>).then(async (r) => {
      if (kinds.some((k) => k.kind === 'roleAssignments')) {
        const unknown = await ancestryKnown();
        // Without the ancestry, inherited assignments cannot be placed: say so rather than guess.
        if (unknown)
          for (const sub of subscriptions)
            ctx.c.gap(
              'roleAssignments',
              `/subscriptions/${sub}`,
              new ArmReadError(unknown.status, unknown.code, `management group ancestry: ${unknown.message}`),
            );
      }
      if ('value' in r) return keep(kinds, subscriptions, r.value);
      const e = toReadError(r.error);
      if (e instanceof AuthenticationFailure) throw e;
      const batches: string[][] = [];
      for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_QUERY) batches.push(subscriptions.slice(i, i + SUBSCRIPTIONS_PER_QUERY));
      await Promise.all(
        batches.map((batch) =>
          graph.query(queryFor(kinds), { subscriptions: batch }).then(
            (result) => keep(kinds, batch, result),
            (err) => failed(kinds, batch, err),
          ),
        ),
      );
    });
    for (const k of kinds) listed.set(k.kind, done);
  }
  // The children of what a query returns start when that query is complete, not after every query.
  await Promise.all([
    ...listed.values(),
    collectChildren(ctx, {
      listedAsRows: new Set(CHILD_ROW_KINDS.map((k) => k.kind)),
      dnsRecordsListed: ctx.needs.has('privateDnsZoneGroups'),
      listed: (kinds) => Promise.all(kinds.map((k) => listed.get(k))).then(() => undefined),
    }),
  ]);
  return { inventory: finishInventory(ctx, subscriptions), session: ctx.session };
}

interface QueryResult {
  rows: ArmResource[];
  truncated?: ArmReadError;
}
type Settled<T> = { value: T } | { error: unknown };

/** A promise that never rejects: for reads whose outcome is looked at later, or not at all if the scan ends first. */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function zoneNameOfRecord(id: string): string {
  const m = /\/privatednszones\/([^/]+)\/a\//i.exec(id);
  return m ? m[1].toLowerCase() : '';
}

/** The management groups (lower-cased names) above the given subscriptions, from resourcecontainers rows. */
function ancestorsOf(rows: ArmResource[]): Set<string> {
  const out = new Set<string>();
  for (const row of rows) {
    const chain = row.properties?.managementGroupAncestorsChain;
    if (!Array.isArray(chain)) continue;
    for (const g of chain) if (g && typeof g.name === 'string') out.add(g.name.toLowerCase());
  }
  return out;
}

class GraphClient {
  private readonly client: ServiceClient;
  private readonly endpoint: string;

  constructor(private readonly ctx: CollectContext) {
    // Any generated client's pipeline will do: the URL is absolute.
    this.client = ctx.session.ml('00000000-0000-0000-0000-000000000000');
    this.endpoint = `${ctx.armEndpoint}/providers/Microsoft.ResourceGraph/resources?api-version=${RESOURCE_GRAPH_API_VERSION}`;
  }

  /** The subscription rows of resourcecontainers over a scope: their state and management-group ancestry. */
  async ancestry(scope: { managementGroups?: string[]; subscriptions?: string[] }): Promise<ArmResource[]> {
    const { rows, truncated } = await this.query(
      "resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project id, name, type, subscriptionId, properties",
      scope,
    );
    if (truncated) throw truncated;
    return rows;
  }

  /** The subscriptions in scope, and (for management groups) the groups above them. */
  async subscriptionsInScope(scope: GraphScope): Promise<{ subscriptions: string[]; ancestors?: Set<string> }> {
    try {
      if (scope.allSubscriptions) {
        const r = await listRaw(this.client, this.ctx.url('/subscriptions', API_VERSIONS.subscription));
        if (r.truncated) throw r.truncated;
        return { subscriptions: uniqueIds(r.items.filter(isUsable).map((s) => String(s.subscriptionId ?? s.id.split('/')[2] ?? ''))) };
      }
      const rows = (await this.ancestry({ managementGroups: scope.managementGroups })).filter(isUsable);
      return { subscriptions: uniqueIds(rows.map((s) => String(s.subscriptionId ?? s.id.split('/')[2] ?? ''))), ancestors: ancestorsOf(rows) };
    } catch (err) {
      const e = toReadError(err);
      if (e instanceof AuthenticationFailure) throw e;
      throw new ScopeUnreadable(`could not list the subscriptions in scope: ${e.message}`);
    }
  }

  /** One paged query: every page, following `$skipToken`; a token that repeats stops it with a truncation. */
  async query(query: string, scope: { subscriptions?: string[]; managementGroups?: string[] }): Promise<QueryResult> {
    const rows: ArmResource[] = [];
    const seen = new Set<string>();
    let skipToken: string | undefined;
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES)
        return { rows, truncated: new ArmReadError(200, 'SkipTokenLoop', `Resource Graph paging did not end (past ${MAX_PAGES} pages)`) };
      const { body } = await sendRaw(this.client, this.endpoint, 'POST', {
        ...scope,
        query,
        options: { $top: RESOURCE_GRAPH_PAGE_SIZE, ...(skipToken ? { $skipToken: skipToken } : {}), resultFormat: 'objectArray' },
      });
      if (!Array.isArray(body.data)) throw new ArmReadError(200, 'InvalidResponse', 'a Resource Graph response has no "data" array');
      appendAll(
        rows,
        body.data.filter((r: unknown): r is ArmResource => !!r && typeof r === 'object' && typeof (r as ArmResource).id === 'string'),
      );
      if (rows.length > MAX_LIST_ITEMS) {
        return {
          rows: rows.slice(0, MAX_LIST_ITEMS),
          truncated: new ArmReadError(
            200,
            'ListTooLong',
            `the query passed ${MAX_LIST_ITEMS.toLocaleString('en-US')} rows, the most amlnet reads of one query; the rest was not read`,
          ),
        };
      }
      const next = typeof body.$skipToken === 'string' && body.$skipToken ? body.$skipToken : undefined;
      if (!next) {
        const cut = String(body.resultTruncated).toLowerCase() === 'true';
        return {
          rows,
          ...(cut ? { truncated: new ArmReadError(200, 'ResultTruncated', 'Resource Graph truncated the result and gave no $skipToken') } : {}),
        };
      }
      if (seen.has(next))
        return { rows, truncated: new ArmReadError(200, 'SkipTokenLoop', 'Resource Graph paging did not end ($skipToken repeats)') };
      seen.add(next);
      skipToken = next;
    }
  }
}

function isUsable(s: ArmResource): boolean {
  // A disabled subscription answers nothing but errors; Resource Graph skips it too.
  const state = String(s.state ?? s.properties?.state ?? '').toLowerCase();
  return state !== 'disabled' && typeof s.id === 'string';
}

function uniqueIds(ids: string[]): string[] {
  return [...new Set(ids.map((s) => s.toLowerCase()).filter((s) => /^[0-9a-f-]{36}$/.test(s)))];
}
