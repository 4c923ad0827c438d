/**
 * The engine runs the registered rules over the model. Rules are pure; the engine owns what
 * rules must not decide: which rules run, which cannot (missing data), completing and sorting
 * findings, and turning a crashing rule into a reported gap instead of a crashed scan.
 */
import type { Model } from '../model/model';
import { normalizeId } from '../model/ids';
import type { Finding, FindingInput, Rule, Severity } from './types';
import { severityRank } from './types';

export interface EvaluateOptions {
  /** Rule ids to run; default: every rule not disabled by default. */
  enabled?: ReadonlySet<string>;
  /** Per-rule severity overrides (config). */
  severityOverrides?: ReadonlyMap<string, Severity>;
  /** Per-rule options (config), handed to the rule in its context. */
  ruleOptions?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

export interface Evaluation {
  findings: Finding[];
  /** Rules that could not be evaluated, with why. */
  unevaluated: Map<string, string>;
  /** For rules evaluated on some workspaces only: the workspaces left out (ARM ids as spelled). */
  partial: Map<string, string[]>;
  rulesRun: string[];
}

export const COLLECTION_RULE_ID = 'AMLNET900';

export function isEnabledByDefault(rule: Rule): boolean {
  return !rule.meta.disabledByDefault;
}

export function evaluate(model: Model, rules: readonly Rule[], options: EvaluateOptions = {}): Evaluation {
  const enabled = (r: Rule) => (options.enabled ? options.enabled.has(r.meta.id) : isEnabledByDefault(r));
  const unevaluated = new Map<string, string>();
  const partial = new Map<string, string[]>();
  const findings: Finding[] = [];
  const rulesRun: string[] = [];
  const ordered = [...rules].filter(enabled).sort((a, b) => Number(a.meta.id === COLLECTION_RULE_ID) - Number(b.meta.id === COLLECTION_RULE_ID));
  for (const rule of ordered) {
    // Workspaces whose own data (computes, datastores, endpoints, ...) could not be read: the rule
    // runs, but says nothing about them. Any other gap leaves the rule unevaluated everywhere.
    let partialWorkspaces = new Set<string>();
    if (rule.meta.id !== COLLECTION_RULE_ID) {
      const gaps = model.gapsFor(rule.meta.requires);
      const kinds = [...new Set(gaps.map((g) => g.kind))].join(', ');
      const scoped = gaps.map((g) => workspaceOfScope(g.scope));
      if (gaps.length > 0 && scoped.some((w) => !w)) {
        unevaluated.set(rule.meta.id, `could not read ${kinds}`);
        continue;
      }
      partialWorkspaces = new Set(scoped as string[]);
      if (partialWorkspaces.size > 0) {
        const names = [...partialWorkspaces].map((w) => model.get<{ name: string }>(w)?.name ?? w).sort();
        unevaluated.set(rule.meta.id, `not evaluated for workspace ${names.join(', ')}: could not read ${kinds}`);
        partial.set(rule.meta.id, [...partialWorkspaces].map((w) => display(model, w)).sort());
      }
    }
    let produced: FindingInput[];
    try {
      const notCollected = rule.meta.id === COLLECTION_RULE_ID ? model.notCollected([...new Set(ordered.flatMap((r) => r.meta.requires))]) : [];
      produced = [...rule.check(model, { unevaluated, notCollected, options: options.ruleOptions?.get(rule.meta.id) ?? {} })];
    } catch (err) {
      unevaluated.set(rule.meta.id, `the rule failed on this data: ${(err as Error)?.message ?? String(err)}`);
      continue;
    }
    rulesRun.push(rule.meta.id);
    for (const f of produced) {
      if (partialWorkspaces.size > 0 && [f.workspaceId, f.resourceId].some((id) => id && partialWorkspaces.has(workspaceOfScope(id) ?? ''))) continue;
      findings.push(complete(model, rule, f, options.severityOverrides));
    }
  }
  return { findings: sortFindings(dedupe(findings)), unevaluated, partial, rulesRun };
}

/** The workspace a gap's scope belongs to (the workspace itself or one of its children), if any. */
export function workspaceOfScope(scope: string): string | undefined {
  const m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.machinelearningservices\/workspaces\/[^/]+)(\/|$)/i.exec(scope.trim());
  return m ? normalizeId(m[1]) : undefined;
}

function display(model: Model, id: string): string {
  return model.get<{ displayId?: string }>(id)?.displayId ?? model.subnet(id)?.displayId ?? id;
}

function complete(model: Model, rule: Rule, f: FindingInput, overrides?: ReadonlyMap<string, Severity>): Finding {
  const severity = overrides?.get(rule.meta.id) ?? f.severity ?? rule.meta.severity;
  const resourceKey = normalizeId(f.resourceId);
  const related: string[] = [];
  const seen = new Set<string>([resourceKey]);
  for (const raw of f.relatedResourceIds ?? []) {
    const id = normalizeId(raw);
    if (!seen.has(id)) { seen.add(id); related.push(id); }
  }
  return {
    ruleId: rule.meta.id,
    name: rule.meta.name,
    severity,
    resourceId: display(model, f.resourceId),
    ...(f.workspaceId ? { workspaceId: display(model, f.workspaceId) } : {}),
    relatedResourceIds: related.map((id) => display(model, id)),
    message: f.message,
    evidence: (f.evidence ?? []).map((e) => ({ ...e, resourceId: display(model, e.resourceId) })),
    suppressed: false,
  };
}

/** Two identical findings (same rule, resource, workspace and message) are one. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\u0000${f.resourceId.toLowerCase()}\u0000${(f.workspaceId ?? '').toLowerCase()}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Severity, then rule, then resource (cli.md), then workspace and message for a total order. */
export function sortFindings(findings: Finding[]): Finding[] {
  // Keys are computed once per finding, not once per comparison.
  const keyed = findings.map((f) => ({ f, rank: severityRank(f.severity), resource: f.resourceId.toLowerCase(), workspace: (f.workspaceId ?? '').toLowerCase() }));
  keyed.sort((a, b) => a.rank - b.rank
    || cmp(a.f.ruleId, b.f.ruleId)
    || cmp(a.resource, b.resource)
    || cmp(a.workspace, b.workspace)
    || cmp(a.f.message, b.f.message));
  return keyed.map((k) => k.f);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
