/**
 * Request economy: collection reads only the data the selected rules (and the report) declare
 * in `meta.requires`, and a child kind only under the parents some rule's `meta.reads` condition
 * wants (src/rules/reads.ts). A kind nobody reads costs no request; a child kind pulls in its
 * parent's list and the lists its conditions look at.
 */
import type { DataKind } from '../model/inventory';
import type { Model } from '../model/model';
import { ALL_KINDS, parentKind } from '../model/kinds';

export { ALL_KINDS };

/**
 * What the report reads beyond the rules: the scenario of each workspace (the JSON
 * `workspaces[].scenario`) is decided from its private endpoints, dependencies and computes.
 */
export const REPORT_NEEDS: readonly DataKind[] = [
  'subscriptions',
  'workspaces',
  'computes',
  'storageAccounts',
  'keyVaults',
  'containerRegistries',
  'privateEndpoints',
];

/** A declared condition on a child read, as the collector sees it (src/rules/reads.ts has the rules' side). */
interface Condition {
  kind: DataKind;
  after: readonly DataKind[];
  wants(parent: never, model: Model): boolean;
}
interface Declares {
  meta: { requires: readonly DataKind[]; reads?: readonly Condition[] };
}

/** What a rule set wants collected. */
export interface ReadPlan {
  /** Kinds to read, closed over each child kind's parent and the lists its conditions look at. */
  readonly needs: ReadonlySet<DataKind>;
  /** Whether some rule wants `kind` read under this parent (the parent's entity, on the model built so far). */
  wants(kind: DataKind, parent: unknown, model: Model): boolean;
  /** Kinds to have listed before the reads of `kind` are decided, beyond its parent. */
  after(kind: DataKind): readonly DataKind[];
  /** Whether some parents may be left out (the kind is wanted only under a condition). */
  conditional(kind: DataKind): boolean;
}

/** Adds each kind's parent (and the parent's parent), and subscriptions and workspaces, which every scan reads. */
export function closeNeeds(kinds: Iterable<DataKind>): Set<DataKind> {
  const out = new Set<DataKind>(['subscriptions', 'workspaces']);
  for (const k of kinds) {
    for (let p: DataKind | undefined = k; p && !out.has(p); p = parentKind(p)) out.add(p);
  }
  return out;
}

export function planReads(rules: readonly Declares[], extra: readonly DataKind[] = REPORT_NEEDS): ReadPlan {
  const unconditional = new Set<DataKind>(extra);
  const conditions = new Map<DataKind, Condition[]>();
  for (const r of rules) {
    const declared = new Set((r.meta.reads ?? []).map((x) => x.kind));
    for (const k of r.meta.requires) if (!declared.has(k)) unconditional.add(k);
    for (const c of r.meta.reads ?? []) conditions.set(c.kind, [...(conditions.get(c.kind) ?? []), c]);
  }
  for (const k of unconditional) conditions.delete(k);
  const needs = closeNeeds([...unconditional, ...conditions.keys(), ...[...conditions.values()].flat().flatMap((c) => c.after)]);
  return {
    needs,
    wants: (kind, parent, model) => !conditions.has(kind) || (conditions.get(kind) as Condition[]).some((c) => c.wants(parent as never, model)),
    after: (kind) => [...new Set((conditions.get(kind) ?? []).flatMap((c) => c.after))],
    conditional: (kind) => conditions.has(kind),
  };
}

/** Every kind, under every parent. */
export function readEverything(kinds: ReadonlySet<DataKind> = ALL_KINDS): ReadPlan {
  return { needs: closeNeeds(kinds), wants: () => true, after: () => [], conditional: () => false };
}

/** The data a rule set and the report need. */
export function kindsNeededBy(rules: readonly Declares[]): Set<DataKind> {
  return new Set(planReads(rules).needs);
}
