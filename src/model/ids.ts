/**
 * The one place that interprets ARM resource ids. Resource Manager returns ids in mixed case
 * (`resourceGroups` vs `resourcegroups`, `Microsoft.Network` vs `microsoft.network`), so every
 * key in the model is the lower-cased id with no trailing slash.
 */
/** Ids repeat across payloads and lookups; normalizing each distinct string once saves the scan and the copy. */
const normalized = new Map<string, string>();
const NORMALIZED_CACHE_LIMIT = 1_000_000;

export function normalizeId(id: string): string {
  const cached = normalized.get(id);
  if (cached !== undefined) return cached;
  const value = normalizeUncached(id);
  if (normalized.size < NORMALIZED_CACHE_LIMIT) normalized.set(id, value);
  return value;
}

function normalizeUncached(id: string): string {
  let s = id;
  if (s.length > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32)) s = s.trim();
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 47 /* / */) end--;
  if (end !== s.length) s = s.slice(0, end);
  return s.toLowerCase();
}

/**
 * Lower-cases a short token (an enum value, a type name, a GUID) through a cache: rules compare
 * the same few values (`Disabled`, `AmlCompute`) hundreds of thousands of times on a large tenant.
 */
const lowered = new Map<string, string>();
const LOWERED_CACHE_LIMIT = 100_000;

export function lowerToken(value: string): string {
  const cached = lowered.get(value);
  if (cached !== undefined) return cached;
  const v = value.toLowerCase();
  if (lowered.size < LOWERED_CACHE_LIMIT) lowered.set(value, v);
  return v;
}

/**
 * One shared string per distinct enum value (`Disabled`, `AmlCompute`, `Approved`). The model
 * builder stores these instead of the parser's copies, so the rules' comparisons of the same few
 * values touch a handful of strings that stay in cache rather than one string per resource.
 */
const interned = new Map<string, string>();

export function internToken(value: string): string {
  const cached = interned.get(value);
  if (cached !== undefined) return cached;
  if (interned.size < LOWERED_CACHE_LIMIT) interned.set(value, value);
  return value;
}

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
const vnetOfSubnetCache = new Map<string, string | null>();

export function vnetOfSubnet(subnetId: string): string | undefined {
  const cached = vnetOfSubnetCache.get(subnetId);
  if (cached !== undefined) return cached ?? undefined;
  const vnet = vnetOfSubnetUncached(subnetId);
  if (vnetOfSubnetCache.size < NORMALIZED_CACHE_LIMIT) vnetOfSubnetCache.set(subnetId, vnet ?? null);
  return vnet;
}

function vnetOfSubnetUncached(subnetId: string): string | undefined {
  const m = /^(.*\/providers\/microsoft\.network\/virtualnetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId.trim().replace(/\/+$/, ''));
  return m ? normalizeId(m[1]) : undefined;
}

/** The parent of a child resource id (`.../workspaces/ws/computes/c` -> `.../workspaces/ws`), at any depth. */
export function parentOf(id: string): string | undefined {
  const m = /^(.*\/providers\/[^/]+)\/(.+)$/i.exec(id.replace(/\/+$/, ''));
  if (!m) return undefined;
  const segs = m[2].split('/');
  if (segs.length < 4 || segs.length % 2 !== 0) return undefined;
  return normalizeId(`${m[1]}/${segs.slice(0, -2).join('/')}`);
}

/** The resource type of a top-level or child id, lower-cased: `microsoft.network/virtualnetworks/subnets`. */
export function typeOfId(id: string): string | undefined {
  const m = /\/providers\/([^/]+)\/(.+)$/i.exec(id.replace(/\/+$/, ''));
  if (!m) return undefined;
  const segs = m[2].split('/');
  const types: string[] = [];
  for (let i = 0; i < segs.length; i += 2) types.push(segs[i]);
  return `${m[1]}/${types.join('/')}`.toLowerCase();
}
