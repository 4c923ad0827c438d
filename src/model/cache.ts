/**
 * The model asks the same questions of the same few strings again and again (normalize this id,
 * lower-case this enum value, parse this prefix). `cachedByString` answers each distinct string
 * once; the cache is bounded so a pathological tenant cannot grow it without limit (past the bound,
 * answers are computed and not kept).
 */
const NONE = Symbol('none');

export function cachedByString<T>(compute: (value: string) => T, limit: number): (value: string) => T {
  const cache = new Map<string, T | typeof NONE>();
  return (value: string): T => {
    const hit = cache.get(value);
    if (hit !== undefined) return (hit === NONE ? undefined : hit) as T;
    const result = compute(value);
    if (cache.size < limit) cache.set(value, result === undefined ? NONE : result);
    return result;
  };
}
