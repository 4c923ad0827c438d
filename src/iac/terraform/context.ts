/**
 * What a mapping (mapping.ts) reads an instance through, and the set of GET-shaped records it
 * writes into. `Ctx` answers "what will this attribute be": the planned value, the resource a
 * reference names, the service default for what the provider computes, or an UnknownValue
 * recorded against the ARM property it would fill. `Working` holds the records by id and hands a
 * folded child (a subnet, a rule, an association) its parent: planned, or copied from the base.
 */
import type { ArmResource } from '../../model/inventory';
import { isArmId, normalizeId } from '../../model/ids';
import type { MissingReference, SourceRef, UnknownValue } from '../plan';
import type { Instance, Json } from './plan-json';
import { candidatesOf } from './references';
import type { Resolved, Resolver } from './references';

export interface Env {
  resolver: Resolver;
  subscriptionOf(inst: Instance): string;
  working: Working;
  unknown(u: UnknownValue): void;
  missing(m: MissingReference): void;
  note(text: string): void;
  sourceOf(inst: Instance): SourceRef;
}

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function splitPath(path: string): (string | number)[] {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export class Ctx {
  constructor(
    readonly inst: Instance,
    readonly env: Env,
  ) {}

  get address(): string {
    return this.inst.address;
  }
  get source(): SourceRef {
    return this.env.sourceOf(this.inst);
  }
  get subscription(): string {
    return this.env.subscriptionOf(this.inst);
  }

  private resolve(path: string): Resolved {
    return this.env.resolver.attribute(this.inst, splitPath(path));
  }

  /** The attribute's value when the plan or a reference makes it known; undefined when absent or unknown. */
  val(path: string): unknown {
    const r = this.resolve(path);
    if (r.kind === 'value') return r.value ?? undefined;
    return undefined;
  }
  str(path: string): string | undefined {
    const v = this.val(path);
    return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
  }
  bool(path: string): boolean | undefined {
    const v = this.val(path);
    return typeof v === 'boolean' ? v : undefined;
  }
  num(path: string): number | undefined {
    const v = this.val(path);
    return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  }
  strs(path: string): string[] {
    const v = this.val(path);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }
  /** A nested block's elements as planned (`[]` when absent or unknown). */
  blocks(path: string): number[] {
    const v = this.val(path);
    return Array.isArray(v) ? v.map((_, i) => i) : [];
  }
  /** True when the configuration does not set the attribute and the provider will compute it. */
  computed(path: string): boolean {
    const r = this.resolve(path);
    return r.kind === 'unknown' && r.computed === true;
  }
  /** True when the attribute is set from a value not known before apply. */
  unknown(path: string): boolean {
    const r = this.resolve(path);
    return r.kind === 'unknown' && r.computed !== true;
  }

  /**
   * A value the GET shape needs (`property` of `resourceId`): known, or an UnknownValue recorded
   * with the reason. A computed attribute takes `computedDefault` when given (the service default).
   */
  value(path: string, resourceId: string, property: string, computedDefault?: unknown): unknown {
    const r = this.resolve(path);
    if (r.kind === 'value') return r.value ?? undefined;
    if (r.kind === 'instance') return undefined;
    if (r.computed && computedDefault !== undefined) return computedDefault;
    this.env.unknown({ resourceId, property, reason: this.reason(path, r) });
    return undefined;
  }

  /** An ARM id the attribute holds (`subnet_id`), resolved through references; unknown recorded against `property`. */
  ref(path: string, resourceId: string, property: string): string | undefined {
    const r = this.resolve(path);
    const id = this.idFrom(r);
    if (id !== null) return id;
    if (r.kind === 'value' && (r.value === null || r.value === undefined || r.value === '')) return undefined;
    // Not set by the configuration: nothing to point at (the provider fills it with what Azure reports, not a link amlnet needs).
    if (r.kind === 'unknown' && r.computed) return undefined;
    this.env.unknown({ resourceId, property, reason: r.kind === 'unknown' ? this.reason(path, r) : `${this.address}.${path} is not a resource id` });
    return undefined;
  }

  /** A list of ARM ids (`private_dns_zone_ids`); a list built of several references resolves when each names a resource. */
  refs(path: string, resourceId: string, property: string): string[] | undefined {
    const r = this.resolve(path);
    if (r.kind === 'unknown' && r.computed) return [];
    if (r.kind === 'value') {
      if (r.value === null || r.value === undefined) return [];
      if (Array.isArray(r.value)) {
        const ids = r.value.map((x) => (typeof x === 'string' && isArmId(x) ? x : null));
        if (ids.every((x) => x !== null)) return ids as string[];
      }
    }
    // `[azurerm_private_dns_zone.blob.id]`: a one-element tuple resolves to its element.
    const one = this.idFrom(r);
    if (one !== null) return [one];
    // A tuple of references (`[azurerm_private_dns_zone.blob.id, azurerm_private_dns_zone.file.id]`):
    // each candidate must name a resource's id for the list to be known.
    const expr = this.expressionAt(path);
    const cands = r.kind === 'unknown' && !r.computed && expr ? candidatesOf(expr) : undefined;
    if (cands && cands.length > 1) {
      const scope = this.env.resolver.scopeOf(this.inst);
      const ids = cands.map((c) => this.idFrom(this.env.resolver.reference(scope, c.steps)));
      if (ids.every((x) => x !== null)) return ids as string[];
    }
    this.env.unknown({
      resourceId,
      property,
      reason: r.kind === 'unknown' ? this.reason(path, r) : `${this.address}.${path} is not a list of resource ids`,
    });
    return undefined;
  }

  private expressionAt(path: string): Json | undefined {
    let e: unknown = this.inst.config?.expressions;
    for (const p of splitPath(path)) {
      if (e === undefined || e === null || typeof e !== 'object') return undefined;
      if ('references' in (e as Json) || 'constant_value' in (e as Json)) return e as Json;
      e = Array.isArray(e) ? (typeof p === 'number' ? e[p] : undefined) : (e as Json)[p as any];
    }
    return e !== null && typeof e === 'object' ? (e as Json) : undefined;
  }

  /** An id out of a resolution: a string id, or the id of the instance it names; null when it is neither. */
  private idFrom(r: Resolved): string | null {
    if (r.kind === 'value' && typeof r.value === 'string' && isArmId(r.value)) return r.value;
    if (r.kind === 'instance') {
      const id = this.env.resolver.attribute(r.inst, ['id']);
      return id.kind === 'value' && typeof id.value === 'string' ? id.value : null;
    }
    return null;
  }

  private reason(path: string, r: Extract<Resolved, { kind: 'unknown' }>): string {
    const via = r.via.filter((v, i) => i === 0 || v !== r.via[i - 1]);
    const chain = via.length > 0 ? ` (through ${via.join(' -> ')})` : '';
    return `${this.address}.${path} is known only after apply${chain}: ${r.reason}`;
  }

  /** The planned name; the Terraform address stands in when the name itself is known only after apply. */
  name(path = 'name'): string {
    const n = this.str(path);
    if (n) return n;
    this.env.note(`${this.address}: the name is known only after apply; the resource is named by its Terraform address`);
    return this.address;
  }

  resourceGroup(path = 'resource_group_name'): string {
    const n = this.str(path);
    if (n) return n;
    this.env.note(`${this.address}: the resource group is known only after apply; "unknown-resource-group" stands in`);
    return 'unknown-resource-group';
  }

  /** `/subscriptions/S/resourceGroups/RG/providers/<provider path>/<name>` from the planned name and group. */
  groupId(provider: string, name?: string, rgPath = 'resource_group_name'): string {
    return `/subscriptions/${this.subscription}/resourceGroups/${this.resourceGroup(rgPath)}/providers/${provider}/${name ?? this.name()}`;
  }

  location(): string | undefined {
    return this.str('location');
  }

  tags(): Record<string, string> | undefined {
    const t = obj(this.val('tags'));
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out[k] = v;
    return Object.keys(out).length > 0 ? out : undefined;
  }
}

interface Entry {
  resource: ArmResource;
  source: SourceRef;
}

/** The planned records by lower-cased id, in the order they were written. */
export class Working {
  private readonly records = new Map<string, Entry>();
  private readonly base = new Map<string, ArmResource>();

  constructor(
    base: readonly ArmResource[],
    private readonly env: () => Env,
  ) {
    for (const r of base) if (r && typeof r.id === 'string') this.base.set(normalizeId(r.id), r);
  }

  add(resource: ArmResource, source: SourceRef): void {
    this.records.set(normalizeId(resource.id), { resource, source });
  }

  get(id: string): ArmResource | undefined {
    return this.records.get(normalizeId(id))?.resource;
  }

  inBase(id: string): ArmResource | undefined {
    return this.base.get(normalizeId(id));
  }

  has(id: string): boolean {
    return this.records.has(normalizeId(id)) || this.base.has(normalizeId(id));
  }

  /**
   * The record a child folds into: the planned one, else a copy of the base's (which the plan then
   * upserts, changed), else a MissingReference naming it.
   */
  parent(id: string, from: SourceRef, what: string): ArmResource | undefined {
    const planned = this.get(id);
    if (planned) return planned;
    const base = this.inBase(id);
    if (base) {
      const copy = JSON.parse(JSON.stringify(base)) as ArmResource;
      this.add(copy, from);
      return copy;
    }
    this.env().missing({ id, from, reason: `${from.name} ${what} ${id}, which is neither in the plan nor in the base` });
    return undefined;
  }

  delete(id: string): void {
    this.records.delete(normalizeId(id));
  }

  entries(): Entry[] {
    return [...this.records.values()];
  }
}
