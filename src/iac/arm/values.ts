/**
 * The values an ARM expression produces: JSON, plus `Unknown` for what only the deployment itself
 * can tell (a `reference()` outside the deployment, `list*`, a runtime property), and errors that
 * stop the evaluation as Resource Manager would stop the deployment.
 */

/** A value the template cannot know before deployment. It flows through functions (any unknown argument gives an unknown result). */
export class Unknown {
  constructor(readonly reason: string) {}
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** Resource Manager would reject the template: bad syntax, a wrong argument, a missing parameter. */
export class TemplateError extends Error {}

/** A function the evaluator does not implement (exit 2, naming it: never a silent guess). */
export class UnknownFunctionError extends TemplateError {
  constructor(readonly functionName: string) {
    super(`unknown template function ${functionName}()`);
  }
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Objects that came from `reference()` of a resource in the deployment: a property the template did
 * not set is known only after deployment (provisioningState, principalId, ...), so reading it gives
 * an Unknown instead of ARM's "property does not exist" error.
 */
const runtimeObjects = new WeakSet<object>();

export function markRuntime<T>(v: T, reason: string): T {
  if (v !== null && typeof v === 'object' && !isUnknown(v)) {
    runtimeObjects.add(v as object);
    runtimeReasons.set(v as object, reason);
  }
  return v;
}
const runtimeReasons = new WeakMap<object, string>();

export function runtimeReasonOf(v: object): string | undefined {
  return runtimeObjects.has(v) ? runtimeReasons.get(v) : undefined;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (isUnknown(v)) return 'unknown';
  return typeof v === 'object' ? 'object' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : typeof v;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v);
}

/** A property of an object, matched exactly first and then case-insensitively (ARM's property access ignores case). */
export function getProperty(obj: Record<string, unknown>, name: string): { found: boolean; value?: unknown } {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return { found: true, value: obj[name] };
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return { found: true, value: obj[k] };
  return { found: false };
}

/** The first unknown among values, if any: its reason explains the result. */
export function firstUnknown(values: readonly unknown[]): Unknown | undefined {
  for (const v of values) if (isUnknown(v)) return v;
  return undefined;
}

/** Deep search for an Unknown inside arrays and objects (a value built from an unknown is not fully known). */
export function containsUnknown(v: unknown): Unknown | undefined {
  if (isUnknown(v)) return v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = containsUnknown(x);
      if (u) return u;
    }
  } else if (isPlainObject(v)) {
    for (const x of Object.values(v)) {
      const u = containsUnknown(x);
      if (u) return u;
    }
  }
  return undefined;
}

/** ARM's string() / string conversion in format() and concat(): strings as is, everything else as compact JSON. */
export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined) return '';
  return JSON.stringify(v);
}
