/**
 * `uniqueString()` and `guid()` exactly as Resource Manager computes them, so names built from them
 * (`st${uniqueString(resourceGroup().id)}`) are the names the deployment will create and a base
 * scan's resources line up with the template's.
 *
 * - uniqueString: the arguments joined with `-`, UTF-8, hashed with the 64-bit MurmurHash variant of
 *   Microsoft.PowerPlatform.ResourceStack (two 32-bit lanes, its own mixing constants), the top 65
 *   bits written as 13 characters of lower-case RFC 4648 base32.
 * - guid: an RFC 4122 version-5 (SHA-1, name-based) UUID of the arguments joined with `-` under the
 *   namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830.
 * Test vectors (test/iac/arm/functions.test.ts) come from outputs of Resource Manager itself.
 */
import { createHash } from 'node:crypto';

const C1 = 0xab0e9789;
const C2 = 0x239b961b;
const C3 = 0x85ebca6b;
const C4 = 0xc2b2ae35;

const rotl = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a: number, b: number) => Math.imul(a, b) >>> 0;
const le32 = (b: Buffer, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** The partial little-endian word of the last `n` (1-3) bytes at `o`. */
function tail(b: Buffer, o: number, n: number): number {
  let k = 0;
  for (let j = n - 1; j >= 0; j--) k = (k << 8) | b[o + j];
  return k >>> 0;
}

function mix(x: number): number {
  x = mul(x ^ (x >>> 16), C3);
  x = mul(x ^ (x >>> 13), C4);
  return (x ^ (x >>> 16)) >>> 0;
}

export function murmurHash64(data: Buffer): bigint {
  const len = data.length;
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 7 < len; i += 8) {
    const k1 = mul(rotl(mul(le32(data, i), C2), 15), C1);
    const k2 = mul(rotl(mul(le32(data, i + 4), C1), 17), C2);
    h1 = (rotl((h1 ^ k1) >>> 0, 19) + h2) >>> 0;
    h1 = (mul(h1, 5) + 0x561ccd1b) >>> 0;
    h2 = (rotl((h2 ^ k2) >>> 0, 13) + h1) >>> 0;
    h2 = (mul(h2, 5) + 0x0bcaa747) >>> 0;
  }
  const rem = len - i;
  if (rem > 0) {
    const k1 = rem >= 4 ? le32(data, i) : tail(data, i, rem);
    h1 = (h1 ^ mul(rotl(mul(k1, C2), 15), C1)) >>> 0;
    if (rem > 4) {
      const k2 = tail(data, i + 4, rem - 4);
      h2 = (h2 ^ mul(rotl(mul(k2, C1), 17), C2)) >>> 0;
    }
  }
  const r0 = (h2 ^ len) >>> 0;
  let r1 = (((h1 ^ len) >>> 0) + r0) >>> 0;
  let r2 = (r0 + r1) >>> 0;
  r1 = mix(r1);
  r2 = mix(r2);
  r1 = (r1 + r2) >>> 0;
  r2 = (r2 + r1) >>> 0;
  return (BigInt(r2) << 32n) | BigInt(r1);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function uniqueString(parts: readonly string[]): string {
  let h = murmurHash64(Buffer.from(parts.join('-'), 'utf8'));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number((h >> 59n) & 31n)];
    h = (h << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

const GUID_NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

export function armGuid(parts: readonly string[]): string {
  const hash = createHash('sha1')
    .update(GUID_NAMESPACE)
    .update(Buffer.from(parts.join('-'), 'utf8'))
    .digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
