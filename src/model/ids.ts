/**
 * The one place that interprets ARM resource ids. Resource Manager returns ids in mixed case
 * (`resourceGroups` vs `resourcegroups`, `Microsoft.Network` vs `microsoft.network`), so every
 * key in the model is the lower-cased id with no trailing slash.
 */
import { cachedByString } from './cache';

const NORMALIZED_CACHE_LIMIT = 1_000_000;
const TOKEN_CACHE_LIMIT = 100_000;

/** Ids repeat across payloads and lookups; normalizing each distinct string once saves the scan and the copy. */
export const normalizeId: (id: string) => string = cachedByString(normalizeUncached, NORMALIZED_CACHE_LIMIT);

function normalizeUncached(id: string): string {
  return withoutTrailingSlashes(id.trim()).toLowerCase();
}

/** `id` without trailing slashes; the same string when it has none (no regex: this runs for every resource). */
export function withoutTrailingSlashes(id: string): string {
  let end = id.length;
  while (end > 0 && id.charCodeAt(end - 1) === 47 /* / */) end--;
  return end === id.length ? id : id.slice(0, end);
}

/**
 * Lower-cases a short token (an enum value, a type name, a GUID) through a cache: rules compare
 * the same few values (`Disabled`, `AmlCompute`) hundreds of thousands of times on a large tenant.
 */
export const lowerToken: (value: string) => string = cachedByString((value) => value.toLowerCase(), TOKEN_CACHE_LIMIT);

/**
 * One shared string per distinct enum value (`Disabled`, `AmlCompute`, `Approved`). The model
 * builder stores these instead of the parser's copies, so the rules' comparisons of the same few
 * values touch a handful of strings that stay in cache rather than one string per resource.
 */
export const internToken: (value: string) => string = cachedByString((value) => value, TOKEN_CACHE_LIMIT);

export function isArmId(value: unknown): value is string {
  return typeof value === 'string' && /^\/subscriptions\/[^/]+\//i.test(value.trim());
}

const SUBSCRIPTIONS_PREFIX = '/subscriptions/';

export function subscriptionOf(id: string): string | undefined {
  // Fast path for normalized ids (every id in the model): no regex, one slice.
  if (id.startsWith(SUBSCRIPTIONS_PREFIX)) {
    const end = id.indexOf('/', SUBSCRIPTIONS_PREFIX.length);
    const sub = end < 0 ? id.slice(SUBSCRIPTIONS_PREFIX.length) : id.slice(SUBSCRIPTIONS_PREFIX.length, end);
    if (sub.length > 0) return lowerToken(sub);
  }
  const m = /^\/subscriptions\/([^/]+)/i.exec(id);
  return m ? m[1].toLowerCase() : undefined;
}

export function resourceGroupOf(id: string): string | undefined {
  const m = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(id);
  return m ? m[1].toLowerCase() : undefined;
}

/** The last segment of an id: the resource's name. */
export function nameOf(id: string): string {
  // Called for every name in every message: no regex, no array.
  let end = id.length;
  while (end > 0 && id.charCodeAt(end - 1) === 47 /* / */) end--;
  return id.slice(id.lastIndexOf('/', end - 1) + 1, end);
}

/** `/subscriptions/s/.../virtualNetworks/v/subnets/x` -> the VNet id (normalized). */
export const vnetOfSubnet: (subnetId: string) => string | undefined = cachedByString(vnetOfSubnetUncached, NORMALIZED_CACHE_LIMIT);

function vnetOfSubnetUncached(subnetId: string): string | undefined {
  const m = /^(.*\/providers\/microsoft\.network\/virtualnetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(withoutTrailingSlashes(subnetId.trim()));
  return m ? normalizeId(m[1]) : undefined;
}

/** The parent of a child resource id (`.../workspaces/ws/computes/c` -> `.../workspaces/ws`), at any depth. */
export function parentOf(id: string): string | undefined {
  const m = /^(.*\/providers\/[^/]+)\/(.+)$/i.exec(withoutTrailingSlashes(id));
  if (!m) return undefined;
  const segs = m[2].split('/');
  if (segs.length < 4 || segs.length % 2 !== 0) return undefined;
  return normalizeId(`${m[1]}/${segs.slice(0, -2).join('/')}`);
}

/** The resource type of a top-level or child id, lower-cased: `microsoft.network/virtualnetworks/subnets`. */
export function typeOfId(id: string): string | undefined {
  const m = /\/providers\/([^/]+)\/(.+)$/i.exec(withoutTrailingSlashes(id));
  if (!m) return undefined;
  const segs = m[2].split('/');
  const types: string[] = [];
  for (let i = 0; i < segs.length; i += 2) types.push(segs[i]);
  return `${m[1]}/${types.join('/')}`.toLowerCase();
}
