/**
 * Collection declared by the rules. A rule's `meta.requires` names the kinds it reads; where a
 * child read is costly and the rule needs it only under some parents, `meta.reads` adds the
 * condition ("datastores of workspaces whose default storage is restricted"), evaluated on the
 * model built from the lists read so far. The collector reads a child under a parent when some
 * selected rule wants it there, and records the parents it left out (src/collectors/needs.ts);
 * the engine then treats a left-out parent as a gap for any rule whose own condition wants it
 * (see Model.gapsFor).
 */
import type { DataKind } from '../model/inventory';
import type { Model } from '../model/model';
import type { FirewallPolicy, LabelingJob, PrivateDnsZone, PrivateEndpoint, Workspace } from '../model/types';

/** The entity a child kind hangs off, as the condition sees it. */
export interface ParentOf {
  datastores: Workspace;
  labelingJobs: Workspace;
  computes: Workspace;
  onlineEndpoints: Workspace;
  managedNetworks: Workspace;
  dataAssets: LabelingJob;
  privateDnsZoneGroups: PrivateEndpoint;
  virtualNetworkLinks: PrivateDnsZone;
  firewallPolicyRuleCollectionGroups: FirewallPolicy;
}

export type ChildKind = keyof ParentOf;

export interface ChildRead<K extends ChildKind = ChildKind> {
  kind: K;
  /** In words, for CONTRIBUTING and the collector's progress: "workspaces whose default storage is restricted". */
  when: string;
  /** The kinds the condition looks at besides the parent's: the collector decides after those lists are read. */
  after: readonly DataKind[];
  wants(parent: ParentOf[K], model: Model): boolean;
}

/** typed helper, so each declaration checks its parent type. */
export function childRead<K extends ChildKind>(read: ChildRead<K>): ChildRead {
  return read as unknown as ChildRead;
}

interface Declares {
  meta: { reads?: readonly ChildRead[] };
}

/** What Model.gapsFor needs to know of a rule's declared conditions. */
export interface RuleConditions {
  /** Child kinds the rule reads only under some parents. */
  kinds: ReadonlySet<DataKind>;
  /** Whether the rule wants `kind` under this parent entity (a parent the model cannot show is wanted). */
  wants(kind: DataKind, parent: unknown): boolean;
}

/** For the engine: a rule's conditions, judged on the full model (undefined: the rule declares none). */
export function ruleConditions(rule: Declares, model: Model): RuleConditions | undefined {
  const reads = rule.meta.reads ?? [];
  if (reads.length === 0) return undefined;
  return {
    kinds: new Set(reads.map((r) => r.kind as DataKind)),
    wants: (kind, parent) => parent === undefined || reads.some((r) => r.kind === kind && r.wants(parent as never, model)),
  };
}
