import type { CollectionGap, DataKind } from '../model/inventory';
import type { Model } from '../model/model';
import type { ChildRead } from './reads';
import type { SourceRef } from '../iac/plan';

export type Severity = 'high' | 'medium' | 'low' | 'info';

/** The one severity order: most severe first. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** True when `s` is at least as severe as `threshold`. */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) <= severityRank(threshold);
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export type RuleCategory = 'workspace' | 'compute' | 'inference' | 'studio' | 'dns-firewall' | 'managed-vnet' | 'sentinel' | 'scan';

export interface RuleMeta {
  /** Stable public id, `AMLNET` and three digits. Never changes meaning once shipped. */
  id: string;
  /** kebab-case readable name. */
  name: string;
  /** The default severity; for rules with several, the most severe. */
  severity: Severity;
  /** For rules with more than one severity: which case gives which. */
  severities?: { severity: Severity; when: string }[];
  category: RuleCategory;
  /** One line. */
  summary: string;
  /** Why: the constraint it enforces, quoted from the seed article or a linked Microsoft Learn page. */
  rationale: string;
  remediation: { text: string; azCli: string; bicep: string };
  /** Microsoft Learn pages; the first is the primary source (the page the rationale quotes). */
  links: string[];
  /** Built-in Azure Policy definitions that enforce the same thing one resource at a time (name and definition GUID as Azure publishes them). */
  policies?: { name: string; id: string }[];
  /** The data the rule reads: a gap in any of these leaves it unevaluated, and the engine reports it as a gap. */
  requires: readonly DataKind[];
  /** Child reads the rule needs only under some parents, with the condition (see reads.ts); a required child kind not listed here is read under every parent. */
  reads?: readonly ChildRead[];
  /**
   * The rule that reports the scan's gaps (AMLNET900): it runs after every other rule and reads the gaps from its
   * context. A partial scan must fail the run, so config may neither turn it off nor change its severity, and
   * reporters show its evidence (one line per unreadable scope) only in verbose views.
   */
  reportsGaps?: true;
  /** Off unless enabled through config or `--rule` (AMLNET601). */
  disabledByDefault?: boolean;
  /** Options the rule reads from config (`rules: { ID: { options } }`): name -> what it expects. Config validation rejects any other option. */
  options?: Record<string, { type: 'string' | 'number' | 'boolean' | 'string[]'; description: string }>;
}

/** One place a rule compares what it expected with what it found (KICS-style). */
export interface Evidence {
  resourceId: string;
  property: string;
  expected: string;
  actual: string;
}

/** What a rule reports; the engine completes it into a Finding. */
export interface FindingInput {
  resourceId: string;
  workspaceId?: string;
  relatedResourceIds?: string[];
  message: string;
  /** For rules with several severities. */
  severity?: Severity;
  /** Required: every finding shows what was expected and what was found (KICS-style). */
  evidence: Evidence[];
}

export interface Suppression {
  kind: 'config' | 'tag' | 'baseline';
  reason: string;
  expires?: string;
  /** Where it was declared: `.amlnet.yaml suppressions[2]`, `tag amlnet-ignore on st1`, `baseline b.json`. */
  source?: string;
}

export interface Finding {
  ruleId: string;
  name: string;
  severity: Severity;
  resourceId: string;
  workspaceId?: string;
  relatedResourceIds: string[];
  message: string;
  evidence: Evidence[];
  suppressed: boolean;
  suppression?: Suppression;
  /** A suppression that matched but has expired: the finding counts again, and the report says why. */
  expiredSuppression?: Suppression;
  /** With a planned change: whether the change introduces the finding or the base already had it. */
  change?: 'new' | 'existing';
  /** With a planned change: where the planned resource the finding involves is declared. */
  source?: SourceRef;
}

/** A rule the engine could not evaluate, or (with `workspaceIds`) evaluated on every workspace but these. */
export interface RuleGap {
  ruleId: string;
  reason: string;
  /** The workspaces left out (ARM ids as spelled), when the rule ran on the others. */
  workspaceIds?: string[];
}

export interface RuleContext {
  /** For a rule that `reportsGaps`: the rules left unevaluated by the others, sorted by rule id; empty for any other rule. */
  readonly gaps: readonly RuleGap[];
  /** For a rule that `reportsGaps`: data the enabled rules need that the inventory was not collected for. */
  readonly notCollected?: readonly CollectionGap[];
  /** This rule's options from config (validated against `meta.options`); empty when none. */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface Rule {
  meta: RuleMeta;
  /**
   * The rule's findings on the model. The catalogue's rules return arrays rather than being
   * generators: V8 does not optimize a generator while it runs, and each rule runs once per scan,
   * so a generator's loops stayed in the interpreter (2-3x slower on a large tenant).
   */
  check(model: Model, context: RuleContext): Iterable<FindingInput>;
}

/** The metadata of the rules a report was computed with, by id, in catalogue order: what reporters are given (ESLint's `data.rulesMeta`). */
export type RulesMeta = ReadonlyMap<string, RuleMeta>;

export function rulesMetaOf(rules: readonly Rule[]): RulesMeta {
  return new Map(rules.map((r) => [r.meta.id, r.meta]));
}

/** The rule among `meta` that reports the scan's gaps, for "see AMLNET900" pointers. */
export function gapRuleOf(meta: RulesMeta): RuleMeta | undefined {
  for (const m of meta.values()) if (m.reportsGaps) return m;
  return undefined;
}

export const DOCS_BASE = 'https://github.com/amlnet/amlnet/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** typescript-eslint's createRule habit: one typed helper so metadata has one shape. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
