/**
 * What every adapter shares: defensive readers for tenant JSON (nulls, unknown fields, values of
 * the wrong type: a value that cannot be read is absent, never a crash) and the node fields every
 * entity starts with.
 */
import type { ArmResource } from '../inventory';
import { cachedByString } from '../cache';
import { internToken, lowerToken, nameOf, normalizeId, resourceGroupOf, subscriptionOf, withoutTrailingSlashes } from '../ids';
import type { NetworkAcls, Node, PrivateEndpointConnection } from '../types';

export type Json = Record<string, any>;

export function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
/** An enum-valued string kept as ARM spelled it (`Disabled`, `AmlCompute`), for messages; shared (see internToken). */
export function tok(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined ? undefined : internToken(s);
}
/** An enum-valued string lower-cased once, for comparisons: `lowerEnum(v, ['enabled', 'disabled'])`. */
export function lowerEnum<T extends string>(v: unknown, values: readonly T[]): T | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const l = lowerToken(s.trim());
  return (values as readonly string[]).includes(l) ? (l as T) : undefined;
}
export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}
export function num(v: unknown, dflt: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : dflt;
}
export function strs(v: unknown): string[] {
  return arr(v)
    .map(str)
    .filter((x): x is string => !!x);
}
/** A reference to another resource, as a string id or `{ id }`, normalized. */
export function idOf(v: unknown): string | undefined {
  const s = str(v) ?? str(obj(v).id);
  return s ? normalizeId(s) : undefined;
}
export function ids(v: unknown[]): string[] {
  return v.map(idOf).filter((x): x is string => !!x);
}

/** ARM spells locations `westeurope` in ids and `West Europe` in some payloads. One shared string per distinct spelling. */
const locationKey = cachedByString((s) => s.replace(/\s+/g, '').toLowerCase(), 10_000);

export function normalizeLocation(loc: unknown): string | undefined {
  const s = str(loc);
  return s ? locationKey(s) : undefined;
}

export function node(r: ArmResource): Node {
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
  };
}

/**
 * A model entity: the node's fields, then the entity's own, added in one fixed order. Not
 * `{ ...node(r), ...fields }`: V8 gives every object made by spreading a non-literal a hidden class
 * of its own, which left each of 50k entities with a unique shape and every property read in the
 * rules megamorphic (about 20x slower on a large tenant). Assigning onto the node's literal keeps
 * one shape per entity type.
 */
export function withNode<T extends Node>(r: ArmResource, fields: Omit<T, keyof Node> & Partial<Node>): T {
  return Object.assign(node(r), fields) as T;
}

/** `properties.privateEndpointConnections` of a workspace, storage account, vault or registry. */
export function peConnections(v: unknown): PrivateEndpointConnection[] {
  return arr(v).map((c) => {
    const p = obj(obj(c).properties);
    return {
      privateEndpointId: idOf(p.privateEndpoint),
      status: tok(obj(p.privateLinkServiceConnectionState).status),
    };
  });
}

/** `networkAcls` (storage, Key Vault) or a registry's `networkRuleSet`. */
export function networkAcls(v: unknown): NetworkAcls | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const a = obj(v);
  return {
    defaultAction: tok(a.defaultAction),
    bypass: (str(a.bypass) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ipRules: arr(a.ipRules)
      .map((r) => str(obj(r).value) ?? str(obj(r).ipAddressOrRange) ?? str(r))
      .filter((x): x is string => !!x),
    virtualNetworkRules: arr(a.virtualNetworkRules)
      .map((r) => idOf(obj(r).id))
      .filter((x): x is string => !!x),
    resourceAccessRules: arr(a.resourceAccessRules).map((r) => ({
      tenantId: str(obj(r).tenantId),
      resourceId: str(obj(r).resourceId) ? normalizeId(obj(r).resourceId) : undefined,
    })),
  };
}
