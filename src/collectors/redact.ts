/**
 * Snapshots and reports must never carry secrets. Resource Manager does not return keys in the
 * payloads amlnet reads, but a datastore's `credentials.secrets` block or a tag can: anything
 * whose key looks like a secret is replaced before it enters the inventory.
 */
const SECRET_KEY = /^(secrets?|password|accountkey|sastoken|sas|connectionstring|primarykey|secondarykey|clientsecret|certificate|privatekey|key1|key2|accesskey)$/i;

export const REDACTED = '<redacted>';

/** Values that are secrets whatever their key says: a tag or description holding a connection string, a SAS or a PEM key. */
const SECRET_VALUE = /(AccountKey|SharedAccessKey|SharedAccessSignature|sig)=[A-Za-z0-9%+/=]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\b(Bearer)\s+[A-Za-z0-9._-]{8,}/i;

export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined ? REDACTED : redactSecrets(v);
    }
    return out as T;
  }
  if (typeof value === 'string' && SECRET_VALUE.test(value)) return REDACTED as unknown as T;
  return value;
}
