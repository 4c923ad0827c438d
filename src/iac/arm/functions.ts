/**
 * The template functions, one table keyed by lower-cased name (ARM function names are
 * case-insensitive). Each follows the behaviour Microsoft Learn documents on the "Template functions"
 * pages (string, array, object, logical, comparison, numeric, date, resource, deployment, lambda).
 * Values only the deployment can know (`list*`, `utcNow`, `newGuid`, the tenant) are `Unknown`.
 * A name missing here is an UnknownFunctionError: the evaluator never guesses a function.
 */
import type { Expr } from './expression';
import { armGuid, uniqueString } from './hash';
import { TemplateError, Unknown, firstUnknown, isPlainObject, isUnknown, toText, typeName, UnknownFunctionError } from './values';

/** What a function may ask of the deployment being evaluated. */
export interface FunctionContext {
  parameter(name: string): unknown;
  variable(name: string): unknown;
  copyIndex(loop: string | undefined): number;
  deployment(): unknown;
  environment(): unknown;
  resourceGroup(): unknown;
  subscription(): unknown;
  reference(target: unknown, apiVersion: unknown, full: boolean): unknown;
  references(target: unknown, full: boolean): unknown;
  resourceInfo(symbolicName: string): unknown;
  /** Where resourceId() and subscriptionResourceId() default to. */
  subscriptionId: string;
  resourceGroupName: string | undefined;
  lambdaVariable(name: string): unknown;
  /** Evaluates an argument, with lambda variables bound (lambdas are evaluated lazily). */
  evaluate(expr: Expr, bindings?: Record<string, unknown>): unknown;
}

type Eager = (args: unknown[], ctx: FunctionContext) => unknown;
type Lazy = (args: Expr[], ctx: FunctionContext) => unknown;

interface FunctionDef {
  /** Eager functions get evaluated arguments; an unknown argument makes the result unknown unless `acceptsUnknown`. */
  eager?: Eager;
  lazy?: Lazy;
  acceptsUnknown?: boolean;
}

function fail(name: string, why: string): never {
  throw new TemplateError(`${name}(): ${why}`);
}
function str(name: string, v: unknown, what = 'argument'): string {
  if (typeof v !== 'string') fail(name, `expected a string ${what}, got ${typeName(v)}`);
  return v;
}
function int(name: string, v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  fail(name, `expected an integer, got ${typeName(v)}`);
}
function arr(name: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) fail(name, `expected an array, got ${typeName(v)}`);
  return v;
}
function obj(name: string, v: unknown): Record<string, unknown> {
  if (!isPlainObject(v)) fail(name, `expected an object, got ${typeName(v)}`);
  return v;
}
function arity(name: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    fail(name, `expects ${min === max ? min : max === Infinity ? `at least ${min}` : `${min} to ${max}`} argument(s), got ${args.length}`);
  }
}

/** Deep equality as ARM compares values: strings case-sensitively, objects key by key. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function compare(name: string, a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  fail(name, `compares two integers or two strings, got ${typeName(a)} and ${typeName(b)}`);
}

function containsValue(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return container.includes(toText(item));
  if (Array.isArray(container)) return container.some((x) => deepEqual(x, item));
  if (isPlainObject(container)) {
    const key = toText(item).toLowerCase();
    return Object.keys(container).some((k) => k.toLowerCase() === key);
  }
  fail('contains', `expected a string, array or object, got ${typeName(container)}`);
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** union(): objects merge (later wins; nested objects merged deeply), arrays concatenate without duplicates. */
function union(args: unknown[]): unknown {
  if (args.every(Array.isArray)) {
    const out: unknown[] = [];
    for (const a of args as unknown[][]) for (const x of a) if (!out.some((y) => deepEqual(x, y))) out.push(x);
    return out;
  }
  if (args.every(isPlainObject)) {
    const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = isPlainObject(out[k]) && isPlainObject(v) ? merge(out[k] as Record<string, unknown>, v) : v;
      return out;
    };
    return (args as Record<string, unknown>[]).reduce(merge, {});
  }
  fail('union', 'expects all arrays or all objects');
}

function intersection(args: unknown[]): unknown {
  if (args.every(Array.isArray)) {
    const [first, ...rest] = args as unknown[][];
    return first.filter((x, i) => first.findIndex((y) => deepEqual(x, y)) === i && rest.every((r) => r.some((y) => deepEqual(x, y))));
  }
  if (args.every(isPlainObject)) {
    const [first, ...rest] = args as Record<string, unknown>[];
    return Object.fromEntries(
      Object.entries(first).filter(([k, v]) => rest.every((r) => Object.prototype.hasOwnProperty.call(r, k) && deepEqual(r[k], v))),
    );
  }
  fail('intersection', 'expects all arrays or all objects');
}

/** .NET composite formatting as format() uses it: {0}, {1:D2}, {{ and }}. */
function format(args: unknown[]): string {
  const [fmt, ...values] = args;
  return str('format', fmt, 'format string').replace(/\{\{|\}\}|\{(\d+)(?:,(-?\d+))?(?::([^}]*))?\}/g, (m, index, align, spec) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const i = Number(index);
    if (i >= values.length) fail('format', `{${i}} refers to argument ${i + 1}, but only ${values.length} were given`);
    const v = values[i];
    let text: string;
    if (typeof v === 'number' && spec) {
      const d = /^[Dd](\d*)$/.exec(spec);
      const n = /^[Nn](\d*)$/.exec(spec);
      if (d) text = String(Math.trunc(v)).padStart(Number(d[1] || 0), '0');
      else if (n) text = v.toLocaleString('en-US', { minimumFractionDigits: Number(n[1] || 2), maximumFractionDigits: Number(n[1] || 2) });
      else if (/^0+$/.test(spec)) text = String(v).padStart(spec.length, '0');
      else text = String(v);
    } else {
      text = toText(v);
    }
    if (align) text = Number(align) < 0 ? text.padEnd(-Number(align)) : text.padStart(Number(align));
    return text;
  });
}

/** The segments of a resource type and name, validated: `Microsoft.Network/virtualNetworks/subnets` and `vnet/snet`. */
export function resourcePath(fn: string, type: string, names: readonly string[]): string {
  const typeParts = type.split('/');
  if (typeParts.length < 2) fail(fn, `resource type ${JSON.stringify(type)} needs a namespace and a type (e.g. Microsoft.Network/virtualNetworks)`);
  const [namespace, ...types] = typeParts;
  const nameParts = names.flatMap((n) => n.split('/'));
  if (nameParts.length !== types.length)
    fail(fn, `resource type ${type} needs ${types.length} name segment(s), got ${nameParts.length} (${nameParts.join(', ')})`);
  return `/providers/${namespace}/${types.map((t, i) => `${t}/${nameParts[i]}`).join('/')}`;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** resourceId([subscriptionId], [resourceGroupName], resourceType, name1, ...): optional leading arguments are told apart by shape, as ARM does. */
function resourceId(args: unknown[], ctx: FunctionContext): string {
  const s = args.map((a) => str('resourceId', a));
  const typeAt = s.findIndex((x) => x.includes('/') && !x.startsWith('/'));
  if (typeAt < 0) fail('resourceId', 'no resource type argument (such as Microsoft.Network/virtualNetworks)');
  if (typeAt > 2) fail('resourceId', 'at most a subscription id and a resource group name may come before the resource type');
  let sub = ctx.subscriptionId;
  let rg = ctx.resourceGroupName;
  if (typeAt === 2) {
    sub = s[0];
    rg = s[1];
  } else if (typeAt === 1) {
    if (GUID_RE.test(s[0])) {
      sub = s[0];
      rg = ctx.resourceGroupName;
    } else rg = s[0];
  }
  const path = resourcePath('resourceId', s[typeAt], s.slice(typeAt + 1));
  return rg === undefined ? `/subscriptions/${sub}${path}` : `/subscriptions/${sub}/resourceGroups/${rg}${path}`;
}

function subscriptionResourceId(args: unknown[], ctx: FunctionContext): string {
  const s = args.map((a) => str('subscriptionResourceId', a));
  const typeAt = s.findIndex((x) => x.includes('/'));
  if (typeAt < 0 || typeAt > 1) fail('subscriptionResourceId', 'expected ([subscriptionId], resourceType, name, ...)');
  const sub = typeAt === 1 ? s[0] : ctx.subscriptionId;
  return `/subscriptions/${sub}${resourcePath('subscriptionResourceId', s[typeAt], s.slice(typeAt + 1))}`;
}

/** ISO 8601 durations as dateTimeAdd takes them (P1Y2M3DT4H5M6S, PT1H, -P1D). */
function addDuration(base: Date, duration: string): Date {
  const m = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!m) fail('dateTimeAdd', `${JSON.stringify(duration)} is not an ISO 8601 duration (such as P1D or PT1H)`);
  const sign = m[1] ? -1 : 1;
  const d = new Date(base.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + sign * Number(m[2] ?? 0));
  d.setUTCMonth(d.getUTCMonth() + sign * Number(m[3] ?? 0));
  d.setUTCDate(d.getUTCDate() + sign * (Number(m[4] ?? 0) * 7 + Number(m[5] ?? 0)));
  d.setTime(d.getTime() + sign * ((Number(m[6] ?? 0) * 3600 + Number(m[7] ?? 0) * 60 + Number(m[8] ?? 0)) * 1000));
  return d;
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A lambda: lambda('x', 'y', body), applied with its variables bound. */
interface Lambda {
  params: string[];
  body: Expr;
}
function lambdaOf(fn: string, e: Expr): Lambda {
  if (e.kind !== 'call' || e.name.toLowerCase() !== 'lambda' || e.args.length < 1) fail(fn, 'expects a lambda(...) argument');
  const params = e.args.slice(0, -1).map((p) => (p.kind === 'string' ? p.value : fail(fn, 'lambda variable names are string literals')));
  return { params, body: e.args[e.args.length - 1] };
}
function apply(ctx: FunctionContext, l: Lambda, values: unknown[]): unknown {
  return ctx.evaluate(l.body, Object.fromEntries(l.params.map((p, i) => [p, values[i]])));
}
function lazyArray(fn: string, ctx: FunctionContext, e: Expr): unknown[] | Unknown {
  const v = ctx.evaluate(e);
  return isUnknown(v) ? v : arr(fn, v);
}

const unknownAtDeployment = (what: string): FunctionDef => ({ eager: () => new Unknown(what), acceptsUnknown: true });

const FUNCTIONS: Record<string, FunctionDef> = {
  // --- string ---
  base64: {
    eager: (a) => {
      arity('base64', a, 1);
      return Buffer.from(str('base64', a[0]), 'utf8').toString('base64');
    },
  },
  base64tostring: {
    eager: (a) => {
      arity('base64ToString', a, 1);
      return Buffer.from(str('base64ToString', a[0]), 'base64').toString('utf8');
    },
  },
  base64tojson: {
    eager: (a) => {
      arity('base64ToJson', a, 1);
      return JSON.parse(Buffer.from(str('base64ToJson', a[0]), 'base64').toString('utf8'));
    },
  },
  concat: {
    eager: (a) => {
      if (a.length === 0) return '';
      if (a.every((x) => Array.isArray(x) || x === null)) return (a as (unknown[] | null)[]).flatMap((x) => x ?? []);
      return a.map(toText).join('');
    },
  },
  contains: {
    eager: (a) => {
      arity('contains', a, 2);
      return containsValue(a[0], a[1]);
    },
  },
  datauri: {
    eager: (a) => {
      arity('dataUri', a, 1);
      return `data:text/plain;charset=utf8;base64,${Buffer.from(toText(a[0]), 'utf8').toString('base64')}`;
    },
  },
  datauritostring: {
    eager: (a) => {
      arity('dataUriToString', a, 1);
      const m = /^data:[^,]*;base64,(.*)$/.exec(str('dataUriToString', a[0]));
      return m ? Buffer.from(m[1], 'base64').toString('utf8') : fail('dataUriToString', 'not a base64 data URI');
    },
  },
  empty: {
    eager: (a) => {
      arity('empty', a, 1);
      return isEmpty(a[0]);
    },
  },
  endswith: {
    eager: (a) => {
      arity('endsWith', a, 2);
      return str('endsWith', a[0]).toLowerCase().endsWith(str('endsWith', a[1]).toLowerCase());
    },
  },
  first: {
    eager: (a) => {
      arity('first', a, 1);
      const v = a[0];
      if (typeof v === 'string') return v.slice(0, 1);
      const x = arr('first', v);
      return x.length ? x[0] : null;
    },
  },
  last: {
    eager: (a) => {
      arity('last', a, 1);
      const v = a[0];
      if (typeof v === 'string') return v.slice(-1);
      const x = arr('last', v);
      return x.length ? x[x.length - 1] : null;
    },
  },
  format: {
    eager: (a) => {
      arity('format', a, 1, Infinity);
      return format(a);
    },
  },
  guid: {
    eager: (a) => {
      arity('guid', a, 1, Infinity);
      return armGuid(a.map((x) => str('guid', x)));
    },
  },
  indexof: {
    eager: (a) => {
      arity('indexOf', a, 2);
      if (Array.isArray(a[0])) return a[0].findIndex((x) => deepEqual(x, a[1]));
      return str('indexOf', a[0]).toLowerCase().indexOf(str('indexOf', a[1]).toLowerCase());
    },
  },
  lastindexof: {
    eager: (a) => {
      arity('lastIndexOf', a, 2);
      if (Array.isArray(a[0])) {
        for (let i = a[0].length - 1; i >= 0; i--) if (deepEqual(a[0][i], a[1])) return i;
        return -1;
      }
      return str('lastIndexOf', a[0]).toLowerCase().lastIndexOf(str('lastIndexOf', a[1]).toLowerCase());
    },
  },
  join: {
    eager: (a) => {
      arity('join', a, 2);
      return arr('join', a[0]).map(toText).join(str('join', a[1]));
    },
  },
  json: {
    eager: (a) => {
      arity('json', a, 1);
      try {
        return JSON.parse(str('json', a[0]));
      } catch {
        fail('json', `${JSON.stringify(a[0]).slice(0, 60)} is not valid JSON`);
      }
    },
  },
  length: {
    eager: (a) => {
      arity('length', a, 1);
      const v = a[0];
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      return Object.keys(obj('length', v)).length;
    },
  },
  newguid: unknownAtDeployment('newGuid() is chosen at deployment'),
  padleft: {
    eager: (a) => {
      arity('padLeft', a, 2, 3);
      return toText(a[0]).padStart(int('padLeft', a[1]), a.length > 2 ? str('padLeft', a[2]) : ' ');
    },
  },
  replace: {
    eager: (a) => {
      arity('replace', a, 3);
      return str('replace', a[0]).split(str('replace', a[1])).join(str('replace', a[2]));
    },
  },
  skip: {
    eager: (a) => {
      arity('skip', a, 2);
      const n = Math.max(0, int('skip', a[1]));
      return typeof a[0] === 'string' ? a[0].slice(n) : arr('skip', a[0]).slice(n);
    },
  },
  take: {
    eager: (a) => {
      arity('take', a, 2);
      const n = Math.max(0, int('take', a[1]));
      return typeof a[0] === 'string' ? a[0].slice(0, n) : arr('take', a[0]).slice(0, n);
    },
  },
  split: {
    eager: (a) => {
      arity('split', a, 2);
      const s = str('split', a[0]);
      const delims = Array.isArray(a[1]) ? a[1].map((d) => str('split', d)) : [str('split', a[1])];
      let parts = [s];
      for (const d of delims) parts = parts.flatMap((p) => p.split(d));
      return parts;
    },
  },
  startswith: {
    eager: (a) => {
      arity('startsWith', a, 2);
      return str('startsWith', a[0]).toLowerCase().startsWith(str('startsWith', a[1]).toLowerCase());
    },
  },
  string: {
    eager: (a) => {
      arity('string', a, 1);
      return toText(a[0]);
    },
  },
  substring: {
    eager: (a) => {
      arity('substring', a, 1, 3);
      const s = str('substring', a[0]);
      const start = a.length > 1 ? int('substring', a[1]) : 0;
      const len = a.length > 2 ? int('substring', a[2]) : s.length - start;
      if (start < 0 || start > s.length || len < 0 || start + len > s.length)
        fail('substring', `start ${start} and length ${len} fall outside ${JSON.stringify(s)} (length ${s.length})`);
      return s.slice(start, start + len);
    },
  },
  tolower: {
    eager: (a) => {
      arity('toLower', a, 1);
      return str('toLower', a[0]).toLowerCase();
    },
  },
  toupper: {
    eager: (a) => {
      arity('toUpper', a, 1);
      return str('toUpper', a[0]).toUpperCase();
    },
  },
  trim: {
    eager: (a) => {
      arity('trim', a, 1);
      return str('trim', a[0]).trim();
    },
  },
  uniquestring: {
    eager: (a) => {
      arity('uniqueString', a, 1, Infinity);
      return uniqueString(a.map((x) => str('uniqueString', x)));
    },
  },
  uri: {
    eager: (a) => {
      arity('uri', a, 2);
      const base = str('uri', a[0]);
      const rel = str('uri', a[1]);
      try {
        return new URL(rel, base).toString();
      } catch {
        fail('uri', `cannot combine ${JSON.stringify(base)} and ${JSON.stringify(rel)}`);
      }
    },
  },
  uricomponent: {
    eager: (a) => {
      arity('uriComponent', a, 1);
      return encodeURIComponent(str('uriComponent', a[0]));
    },
  },
  uricomponenttostring: {
    eager: (a) => {
      arity('uriComponentToString', a, 1);
      return decodeURIComponent(str('uriComponentToString', a[0]));
    },
  },
  utcnow: unknownAtDeployment('utcNow() is the time of the deployment'),

  // --- array ---
  array: {
    eager: (a) => {
      arity('array', a, 1);
      return Array.isArray(a[0]) ? a[0] : [a[0]];
    },
  },
  createarray: { eager: (a) => a },
  flatten: {
    eager: (a) => {
      arity('flatten', a, 1);
      return arr('flatten', a[0]).flatMap((x) => arr('flatten', x));
    },
  },
  intersection: {
    eager: (a) => {
      arity('intersection', a, 2, Infinity);
      return intersection(a);
    },
  },
  union: {
    eager: (a) => {
      arity('union', a, 2, Infinity);
      return union(a);
    },
  },
  range: {
    eager: (a) => {
      arity('range', a, 2);
      const start = int('range', a[0]);
      const n = int('range', a[1]);
      return Array.from({ length: Math.max(0, n) }, (_, i) => start + i);
    },
  },
  max: {
    eager: (a) => {
      const xs = (a.length === 1 && Array.isArray(a[0]) ? a[0] : a).map((x) => int('max', x));
      return Math.max(...xs);
    },
  },
  min: {
    eager: (a) => {
      const xs = (a.length === 1 && Array.isArray(a[0]) ? a[0] : a).map((x) => int('min', x));
      return Math.min(...xs);
    },
  },
  items: {
    eager: (a) => {
      arity('items', a, 1);
      return Object.keys(obj('items', a[0]))
        .sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase()))
        .map((k) => ({ key: k, value: (a[0] as Record<string, unknown>)[k] }));
    },
  },

  // --- lambda (what Bicep compiles filter/map/... to) ---
  lambda: { lazy: () => fail('lambda', 'can only be an argument of filter, map, reduce, sort, toObject, mapValues or groupBy') },
  lambdavariables: {
    eager: (a, ctx) => {
      arity('lambdaVariables', a, 1);
      return ctx.lambdaVariable(str('lambdaVariables', a[0]));
    },
  },
  filter: {
    lazy: (e, ctx) => {
      const xs = lazyArray('filter', ctx, e[0]);
      if (isUnknown(xs)) return xs;
      const l = lambdaOf('filter', e[1]);
      const out: unknown[] = [];
      for (let i = 0; i < xs.length; i++) {
        const keep = apply(ctx, l, [xs[i], i]);
        if (isUnknown(keep)) return keep;
        if (keep === true) out.push(xs[i]);
      }
      return out;
    },
  },
  map: {
    lazy: (e, ctx) => {
      const xs = lazyArray('map', ctx, e[0]);
      if (isUnknown(xs)) return xs;
      const l = lambdaOf('map', e[1]);
      return xs.map((x, i) => apply(ctx, l, [x, i]));
    },
  },
  reduce: {
    lazy: (e, ctx) => {
      const xs = lazyArray('reduce', ctx, e[0]);
      if (isUnknown(xs)) return xs;
      const l = lambdaOf('reduce', e[2]);
      return xs.reduce((acc, x, i) => apply(ctx, l, [acc, x, i]), ctx.evaluate(e[1]));
    },
  },
  sort: {
    lazy: (e, ctx) => {
      const xs = lazyArray('sort', ctx, e[0]);
      if (isUnknown(xs)) return xs;
      const l = lambdaOf('sort', e[1]);
      return [...xs].sort((x, y) => (apply(ctx, l, [x, y]) === true ? -1 : apply(ctx, l, [y, x]) === true ? 1 : 0));
    },
  },
  toobject: {
    lazy: (e, ctx) => {
      const xs = lazyArray('toObject', ctx, e[0]);
      if (isUnknown(xs)) return xs;
      const key = lambdaOf('toObject', e[1]);
      const value = e[2] ? lambdaOf('toObject', e[2]) : undefined;
      const out: Record<string, unknown> = {};
      for (const x of xs) out[toText(apply(ctx, key, [x]))] = value ? apply(ctx, value, [x]) : x;
      return out;
    },
  },
  mapvalues: {
    lazy: (e, ctx) => {
      const o = ctx.evaluate(e[0]);
      if (isUnknown(o)) return o;
      const l = lambdaOf('mapValues', e[1]);
      return Object.fromEntries(Object.entries(obj('mapValues', o)).map(([k, v]) => [k, apply(ctx, l, [v])]));
    },
  },
  groupby: {
    lazy: (e, ctx) => {
      const xs = lazyArray('groupBy', ctx, e[0]);
      if (isUnknown(xs)) return xs;
      const l = lambdaOf('groupBy', e[1]);
      const out: Record<string, unknown[]> = {};
      for (const x of xs) (out[toText(apply(ctx, l, [x]))] ??= []).push(x);
      return out;
    },
  },

  // --- object ---
  createobject: {
    eager: (a) => {
      if (a.length % 2 !== 0) fail('createObject', 'expects key, value pairs');
      const out: Record<string, unknown> = {};
      for (let i = 0; i < a.length; i += 2) out[str('createObject', a[i], 'key')] = a[i + 1];
      return out;
    },
  },
  null: {
    eager: (a) => {
      arity('null', a, 0);
      return null;
    },
  },
  objectkeys: {
    eager: (a) => {
      arity('objectKeys', a, 1);
      return Object.keys(obj('objectKeys', a[0]));
    },
  },
  shallowmerge: {
    eager: (a) => {
      arity('shallowMerge', a, 1);
      return Object.assign({}, ...arr('shallowMerge', a[0]).map((x) => obj('shallowMerge', x)));
    },
  },
  tryget: {
    eager: (a) => {
      arity('tryGet', a, 2, Infinity);
      let v: unknown = a[0];
      for (const k of a.slice(1)) {
        if (Array.isArray(v) && typeof k === 'number') v = v[k];
        else if (isPlainObject(v)) v = Object.entries(v).find(([key]) => key.toLowerCase() === toText(k).toLowerCase())?.[1];
        else v = undefined;
        if (v === undefined) return null;
      }
      return v;
    },
  },

  // --- logical ---
  and: {
    eager: (a) => {
      arity('and', a, 2, Infinity);
      return a.every((x) => x === true);
    },
  },
  or: {
    eager: (a) => {
      arity('or', a, 2, Infinity);
      return a.some((x) => x === true);
    },
  },
  not: {
    eager: (a) => {
      arity('not', a, 1);
      if (typeof a[0] !== 'boolean') fail('not', `expected a bool, got ${typeName(a[0])}`);
      return !a[0];
    },
  },
  bool: {
    eager: (a) => {
      arity('bool', a, 1);
      const v = a[0];
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
      fail('bool', `cannot convert ${JSON.stringify(v)} to a bool`);
    },
  },
  true: {
    eager: (a) => {
      arity('true', a, 0);
      return true;
    },
  },
  false: {
    eager: (a) => {
      arity('false', a, 0);
      return false;
    },
  },
  if: {
    // Only the branch taken is evaluated, as in Resource Manager (a reference() in the other branch is never read).
    lazy: (e, ctx) => {
      arity('if', e, 3);
      const c = ctx.evaluate(e[0]);
      if (isUnknown(c)) return c;
      if (typeof c !== 'boolean') fail('if', `the condition must be a bool, got ${typeName(c)}`);
      return ctx.evaluate(c ? e[1] : e[2]);
    },
  },

  // --- comparison ---
  coalesce: {
    acceptsUnknown: true,
    eager: (a) => {
      for (const x of a) {
        if (isUnknown(x)) return x;
        if (x !== null && x !== undefined) return x;
      }
      return null;
    },
  },
  equals: {
    eager: (a) => {
      arity('equals', a, 2);
      return deepEqual(a[0], a[1]);
    },
  },
  less: {
    eager: (a) => {
      arity('less', a, 2);
      return compare('less', a[0], a[1]) < 0;
    },
  },
  lessorequals: {
    eager: (a) => {
      arity('lessOrEquals', a, 2);
      return compare('lessOrEquals', a[0], a[1]) <= 0;
    },
  },
  greater: {
    eager: (a) => {
      arity('greater', a, 2);
      return compare('greater', a[0], a[1]) > 0;
    },
  },
  greaterorequals: {
    eager: (a) => {
      arity('greaterOrEquals', a, 2);
      return compare('greaterOrEquals', a[0], a[1]) >= 0;
    },
  },

  // --- numeric ---
  add: {
    eager: (a) => {
      arity('add', a, 2);
      return int('add', a[0]) + int('add', a[1]);
    },
  },
  sub: {
    eager: (a) => {
      arity('sub', a, 2);
      return int('sub', a[0]) - int('sub', a[1]);
    },
  },
  mul: {
    eager: (a) => {
      arity('mul', a, 2);
      return int('mul', a[0]) * int('mul', a[1]);
    },
  },
  div: {
    eager: (a) => {
      arity('div', a, 2);
      const d = int('div', a[1]);
      if (d === 0) fail('div', 'division by zero');
      return Math.trunc(int('div', a[0]) / d);
    },
  },
  mod: {
    eager: (a) => {
      arity('mod', a, 2);
      const d = int('mod', a[1]);
      if (d === 0) fail('mod', 'division by zero');
      return int('mod', a[0]) % d;
    },
  },
  int: {
    eager: (a) => {
      arity('int', a, 1);
      return typeof a[0] === 'number' ? Math.trunc(a[0]) : int('int', a[0]);
    },
  },
  float: {
    eager: (a) => {
      arity('float', a, 1);
      const n = Number(a[0]);
      if (!Number.isFinite(n)) fail('float', `cannot convert ${JSON.stringify(a[0])}`);
      return n;
    },
  },
  copyindex: {
    eager: (a, ctx) => {
      arity('copyIndex', a, 0, 2);
      let loop: string | undefined;
      let offset = 0;
      if (typeof a[0] === 'string') {
        loop = a[0];
        if (a.length > 1) offset = int('copyIndex', a[1]);
      } else if (a.length > 0) offset = int('copyIndex', a[0]);
      return ctx.copyIndex(loop) + offset;
    },
  },

  // --- date ---
  datetimeadd: {
    eager: (a) => {
      arity('dateTimeAdd', a, 2, 3);
      const base = new Date(str('dateTimeAdd', a[0]));
      if (Number.isNaN(base.getTime())) fail('dateTimeAdd', `${JSON.stringify(a[0])} is not a date-time`);
      return isoSeconds(addDuration(base, str('dateTimeAdd', a[1])));
    },
  },
  datetimefromepoch: {
    eager: (a) => {
      arity('dateTimeFromEpoch', a, 1);
      return isoSeconds(new Date(int('dateTimeFromEpoch', a[0]) * 1000));
    },
  },
  datetimetoepoch: {
    eager: (a) => {
      arity('dateTimeToEpoch', a, 1);
      const t = new Date(str('dateTimeToEpoch', a[0])).getTime();
      if (Number.isNaN(t)) fail('dateTimeToEpoch', `${JSON.stringify(a[0])} is not a date-time`);
      return Math.floor(t / 1000);
    },
  },

  // --- deployment ---
  parameters: {
    eager: (a, ctx) => {
      arity('parameters', a, 1);
      return ctx.parameter(str('parameters', a[0]));
    },
  },
  variables: {
    eager: (a, ctx) => {
      arity('variables', a, 1);
      return ctx.variable(str('variables', a[0]));
    },
  },
  deployment: {
    eager: (a, ctx) => {
      arity('deployment', a, 0);
      return ctx.deployment();
    },
  },
  environment: {
    eager: (a, ctx) => {
      arity('environment', a, 0);
      return ctx.environment();
    },
  },
  deployer: unknownAtDeployment('deployer() is the identity that runs the deployment'),

  // --- resource and scope ---
  resourcegroup: {
    eager: (a, ctx) => {
      arity('resourceGroup', a, 0);
      return ctx.resourceGroup();
    },
  },
  subscription: {
    eager: (a, ctx) => {
      arity('subscription', a, 0);
      return ctx.subscription();
    },
  },
  tenant: unknownAtDeployment('tenant() is the tenant of the deployment'),
  managementgroup: unknownAtDeployment('managementGroup() is the management group of the deployment'),
  resourceid: {
    eager: (a, ctx) => {
      arity('resourceId', a, 2, Infinity);
      return resourceId(a, ctx);
    },
  },
  subscriptionresourceid: {
    eager: (a, ctx) => {
      arity('subscriptionResourceId', a, 2, Infinity);
      return subscriptionResourceId(a, ctx);
    },
  },
  tenantresourceid: {
    eager: (a) => {
      arity('tenantResourceId', a, 2, Infinity);
      const s = a.map((x) => str('tenantResourceId', x));
      return resourcePath('tenantResourceId', s[0], s.slice(1));
    },
  },
  managementgroupresourceid: {
    eager: (a) => {
      arity('managementGroupResourceId', a, 3, Infinity);
      const s = a.map((x) => str('managementGroupResourceId', x));
      return `/providers/Microsoft.Management/managementGroups/${s[0]}${resourcePath('managementGroupResourceId', s[1], s.slice(2))}`;
    },
  },
  extensionresourceid: {
    eager: (a) => {
      arity('extensionResourceId', a, 3, Infinity);
      const s = a.map((x) => str('extensionResourceId', x));
      return `${s[0].replace(/\/+$/, '')}${resourcePath('extensionResourceId', s[1], s.slice(2))}`;
    },
  },
  reference: {
    acceptsUnknown: true,
    eager: (a, ctx) => {
      arity('reference', a, 1, 3);
      if (isUnknown(a[0])) return a[0];
      return ctx.reference(a[0], a[1], typeof a[2] === 'string' && a[2].toLowerCase() === 'full');
    },
  },
  references: {
    eager: (a, ctx) => {
      arity('references', a, 1, 2);
      return ctx.references(a[0], typeof a[1] === 'string' && a[1].toLowerCase() === 'full');
    },
  },
  resourceinfo: {
    eager: (a, ctx) => {
      arity('resourceInfo', a, 1);
      return ctx.resourceInfo(str('resourceInfo', a[0]));
    },
  },
  pickzones: unknownAtDeployment("pickZones() depends on the region's zones at deployment"),
  providers: unknownAtDeployment('providers() is read from the subscription at deployment'),
};

/** Calls a function by name (case-insensitive). `list*` functions (listKeys, listSecrets, ...) read secrets at deployment: always unknown. */
export function callFunction(name: string, args: Expr[], ctx: FunctionContext): unknown {
  const lower = name.toLowerCase();
  if (/^list/.test(lower)) return new Unknown(`${name}() is read from the resource at deployment`);
  const def = FUNCTIONS[lower];
  if (!def) throw new UnknownFunctionError(name);
  if (def.lazy) return def.lazy(args, ctx);
  const values = args.map((e) => ctx.evaluate(e));
  if (!def.acceptsUnknown) {
    const u = firstUnknown(values);
    if (u) return u;
  }
  return def.eager!(values, ctx);
}

export const SUPPORTED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS).sort();
