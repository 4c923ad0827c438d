/**
 * Nothing amlnet writes may carry a secret, whatever Resource Manager (or something posing as it)
 * sent. Two layers:
 *  - redactSecrets, on the structured data as it enters the inventory: values under keys named
 *    like a secret, and secret-shaped substrings in any string;
 *  - redactText, on every string that leaves the process (stdout, stderr, every file): the
 *    secret shapes again, and the literal value of every token the credential produced.
 * Both build objects without consulting prototypes, so a key `__proto__` from a response stays
 * data (as JSON.parse keeps it when a snapshot is replayed) instead of becoming a prototype.
 */

export const REDACTED = '<redacted>';

/** Keys whose value is secret whatever it is (an object such as a datastore's `secrets` block included). */
const SECRET_KEY =
  /^(secrets?|password|accountkey|sastoken|sas|connectionstring|primarykey|secondarykey|clientsecret|client_secret|certificate|privatekey|key1|key2|accesskey|api_key|apikey)$/i;

/** Keys named like a secret: their string or number value is replaced (a boolean such as `disablePasswordAuthentication` says nothing). */
const SECRET_NAMED = /password|passwd|secret|(key|token)$/i;

/** Secret shapes in free text, each with what replaces it (the name and separator stay, the value goes). */
const SECRET_SHAPES: [RegExp, string][] = [
  // A JWT (header.payload.signature; both JSON parts start with `{"`, base64url `eyJ`).
  [/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // An Authorization value, also URL- or form-encoded.
  [/\b(Bearer|Basic|SharedAccessSignature)(\s+|%20|\+)(?!<redacted>)[A-Za-z0-9._~+/=%-]{8,}/gi, `$1$2${REDACTED}`],
  // Connection strings and SAS query strings: AccountKey=..., SharedAccessKey=..., sig=..., also URL-encoded (`%3Fsig%3D...`).
  [
    /(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9]))(AccountKey|SharedAccessKey|SharedAccessSignature|sig|client_secret|clientsecret|api_key|apikey|password|pwd)(\s*(?:=|%3D|%253D)\s*)(?!<redacted>)[^;&\s"'<>,]{4,}/gi,
    `$1$2${REDACTED}`,
  ],
  // The same as JSON or YAML in an echoed message: "client_secret": "...".
  [
    /(["']?)\b([\w-]*(?:password|secret|api_?key|access_?key|account_?key)[\w-]*)\1(\s*:\s*)(["'])(?!<redacted>)[^"']{4,}\4/gi,
    `$1$2$1$3$4${REDACTED}$4`,
  ],
  // A PEM private key.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
];

/** Token values the credential produced in this process: never written anywhere, whatever surrounds them. */
const knownSecrets = new Set<string>();

/** Remembers a secret (the credential's access token) so that redactText removes it from every output. */
export function rememberSecret(value: string | undefined): void {
  // Short values would redact ordinary words; a real token is hundreds of characters.
  if (value && value.length >= 8) knownSecrets.add(value);
}

/** Replaces every secret-shaped substring, and every remembered token, in a string. */
export function redactText(s: string): string {
  if (typeof s !== 'string' || s.length < 8) return s;
  let out = s;
  for (const secret of knownSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const [shape, replacement] of SECRET_SHAPES) out = out.replace(shape, replacement);
  return out;
}

/** Sets an own, enumerable property even when the key is `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A deep copy of ARM JSON with secrets replaced. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      let clean: unknown;
      if (v === null || v === undefined) clean = v;
      else if (SECRET_KEY.test(k)) clean = REDACTED;
      else if (SECRET_NAMED.test(k) && (typeof v === 'string' ? v !== '' : typeof v === 'number')) clean = REDACTED;
      else clean = redactSecrets(v);
      setOwn(out, k, clean);
    }
    return out as T;
  }
  if (typeof value === 'string') return redactText(value) as unknown as T;
  return value;
}
