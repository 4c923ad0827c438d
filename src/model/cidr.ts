/**
 * IPv4 address arithmetic for the network rules: CIDR blocks (`10.0.0.0/16`), single addresses and
 * the `a-b` ranges Azure Firewall accepts. Anything else (IPv6, service tags, `*`) parses as
 * undefined, and callers decide what an unparsable value means.
 */

import { cachedByString } from './cache';

/** An inclusive range of IPv4 addresses as unsigned 32-bit numbers. */
export interface Ipv4Range {
  first: number;
  last: number;
}

function parseAddress(s: string): number | undefined {
  const parts = s.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/**
 * `10.0.0.0/16`, `10.0.0.4`, or `10.0.0.1-10.0.0.9`; undefined for anything else. Prefixes repeat
 * (every compute of a VNet asks about the same address space): each distinct string is parsed once.
 */
export const parseIpv4Range: (value: string) => Readonly<Ipv4Range> | undefined = cachedByString((value) => {
  const range = parseUncached(value);
  return range ? Object.freeze(range) : undefined;
}, 100_000);

function parseUncached(value: string): Ipv4Range | undefined {
  const s = value.trim();
  const dash = s.indexOf('-');
  if (dash > 0) {
    const first = parseAddress(s.slice(0, dash));
    const last = parseAddress(s.slice(dash + 1));
    return first !== undefined && last !== undefined && first <= last ? { first, last } : undefined;
  }
  const [addr, bits, extra] = s.split('/');
  if (extra !== undefined) return undefined;
  const base = parseAddress(addr);
  if (base === undefined) return undefined;
  if (bits === undefined) return { first: base, last: base };
  if (!/^\d{1,2}$/.test(bits) || Number(bits) > 32) return undefined;
  const size = 2 ** (32 - Number(bits));
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True when `outer` contains all of `inner`. */
export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** True when two prefixes share an address; false when either is not an IPv4 prefix. */
export function prefixesOverlap(a: string, b: string): boolean {
  const ra = parseIpv4Range(a);
  const rb = parseIpv4Range(b);
  return !!ra && !!rb && rangesOverlap(ra, rb);
}
