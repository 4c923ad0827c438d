/**
 * The engine runs the registered rules over the model. Rules are pure; the engine owns what
 * rules must not decide: which rules run, which cannot (missing data), completing and sorting
 * findings, and turning a crashing rule into a reported gap instead of a crashed scan.
 */
import type { Model } from '../model/model';
import { normalizeId } from '../model/ids';
import type { Evidence, Finding, FindingInput, Rule, RuleContext, RuleGap, Severity } from './types';
import { severityRank } from './types';
import { ruleConditions } from './reads';

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
  /** Rules that could not be evaluated, or were evaluated on some workspaces only, with why; sorted by rule id. */
  gaps: RuleGap[];
  rulesRun: string[];
}

export function isEnabledByDefault(rule: Rule): boolean {
  return !rule.meta.disabledByDefault;
}

export function evaluate(model: Model, rules: readonly Rule[], options: EvaluateOptions = {}): Evaluation {
  const enabled = rules.filter((r) => (options.enabled ? options.enabled.has(r.meta.id) : isEnabledByDefault(r)));
  const gaps: RuleGap[] = [];
  const completed: Completed[] = [];
  const rulesRun: string[] = [];
  // The rules that report gaps run last, so they see every other rule's.
  const ordered = [...enabled.filter((r) => !r.meta.reportsGaps), ...enabled.filter((r) => r.meta.reportsGaps)];
  for (const rule of ordered) {
    const scope = rule.meta.reportsGaps ? { skippedWorkspaces: new Set<string>() } : dataGapOf(model, rule);
    if ('unevaluated' in scope) {
      gaps.push(scope.unevaluated);
      continue;
    }
    const context: RuleContext = rule.meta.reportsGaps
      ? {
          gaps: [...gaps].sort(byRuleId),
          notCollected: model.notCollected([...new Set(enabled.flatMap((r) => r.meta.requires))]),
          options: ruleOptions(rule, options),
        }
      : { gaps: [], options: ruleOptions(rule, options) };
    const ran = runRule(model, rule, context, scope.skippedWorkspaces, options.severityOverrides);
    if ('failure' in ran) {
      gaps.push({ ruleId: rule.meta.id, reason: ran.failure });
      continue;
    }
    if (scope.partial) gaps.push(scope.partial);
    rulesRun.push(rule.meta.id);
    for (const c of ran.findings) completed.push(c);
  }
  return { findings: sortCompleted(dedupe(completed)), gaps: gaps.sort(byRuleId), rulesRun };
}

function ruleOptions(rule: Rule, options: EvaluateOptions): Readonly<Record<string, unknown>> {
  return options.ruleOptions?.get(rule.meta.id) ?? {};
}

function byRuleId(a: RuleGap, b: RuleGap): number {
  return cmp(a.ruleId, b.ruleId);
}

/**
 * What the rule cannot see. Workspaces whose own data (computes, datastores, endpoints, ...) could not be read:
 * the rule runs, but says nothing about them (a partial gap). Any other gap leaves the rule unevaluated everywhere.
 */
function dataGapOf(model: Model, rule: Rule): { unevaluated: RuleGap } | { skippedWorkspaces: Set<string>; partial?: RuleGap } {
  const gaps = model.gapsFor(rule.meta.requires, ruleConditions(rule, model));
  if (gaps.length === 0) return { skippedWorkspaces: new Set() };
  const kinds = [...new Set(gaps.map((g) => g.kind))].join(', ');
  const scoped = gaps.map((g) => workspaceOfScope(g.scope));
  if (scoped.some((w) => !w)) return { unevaluated: { ruleId: rule.meta.id, reason: `could not read ${kinds}` } };
  const skippedWorkspaces = new Set(scoped as string[]);
  const names = [...skippedWorkspaces].map((w) => model.get<{ name: string }>(w)?.name ?? w).sort();
  return {
    skippedWorkspaces,
    partial: {
      ruleId: rule.meta.id,
      reason: `not evaluated for workspace ${names.join(', ')}: could not read ${kinds}`,
      workspaceIds: [...skippedWorkspaces].map((w) => model.displayIdOf(w)).sort(),
    },
  };
}

/** Runs one rule; its findings count only if the whole rule ran, so a rule that throws half-way yields none. */
function runRule(
  model: Model,
  rule: Rule,
  context: RuleContext,
  skipped: ReadonlySet<string>,
  overrides?: ReadonlyMap<string, Severity>,
): { findings: Completed[] } | { failure: string } {
  const findings: Completed[] = [];
  try {
    for (const f of rule.check(model, context)) {
      if (skipped.size > 0 && [f.workspaceId, f.resourceId].some((id) => id && skipped.has(workspaceOfScope(id) ?? ''))) continue;
      findings.push(complete(model, rule, f, overrides));
    }
  } catch (err) {
    return { failure: `the rule failed on this data: ${(err as Error)?.message ?? String(err)}` };
  }
  return { findings };
}

/** The workspace a gap's scope belongs to (the workspace itself or one of its children), if any. */
export function workspaceOfScope(scope: string): string | undefined {
  const m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.machinelearningservices\/workspaces\/[^/]+)(\/|$)/i.exec(
    scope.trim(),
  );
  return m ? normalizeId(m[1]) : undefined;
}

/** A finding with the keys the engine de-duplicates and sorts on, computed once. */
interface Completed {
  finding: Finding;
  rank: number;
  resourceKey: string;
  workspaceKey: string;
}

function complete(model: Model, rule: Rule, f: FindingInput, overrides?: ReadonlyMap<string, Severity>): Completed {
  const severity = overrides?.get(rule.meta.id) ?? f.severity ?? rule.meta.severity;
  // One lookup per id gives both keys: the normalized id (for de-duplication and sorting) and the id as ARM spelled it (for output).
  const resource = model.node(f.resourceId);
  const resourceKey = resource ? resource.id : normalizeId(f.resourceId);
  const related: string[] = [];
  const relatedKeys: string[] = [resourceKey];
  for (const raw of f.relatedResourceIds ?? []) {
    const n = model.node(raw);
    const key = n ? n.id : normalizeId(raw);
    // A handful per finding: a linear scan beats a Set.
    if (!relatedKeys.includes(key)) {
      relatedKeys.push(key);
      related.push(n ? n.displayId : key);
    }
  }
  const workspace = f.workspaceId ? model.node(f.workspaceId) : undefined;
  const evidence: Evidence[] = [];
  for (const e of f.evidence ?? [])
    evidence.push({ resourceId: model.displayIdOf(e.resourceId), property: e.property, expected: e.expected, actual: e.actual });
  const finding: Finding = {
    ruleId: rule.meta.id,
    name: rule.meta.name,
    severity,
    resourceId: resource ? resource.displayId : f.resourceId,
    relatedResourceIds: related,
    message: f.message,
    evidence,
    suppressed: false,
  };
  if (f.workspaceId) finding.workspaceId = workspace ? workspace.displayId : f.workspaceId;
  return {
    finding,
    rank: severityRank(severity),
    resourceKey,
    workspaceKey: f.workspaceId ? (workspace ? workspace.id : normalizeId(f.workspaceId)) : '',
  };
}

/** Two identical findings (same rule, resource, workspace and message) are one; the first is kept. */
function dedupe(findings: Completed[]): Completed[] {
  // Grouped by resource (a key already hashed), then compared field by field: no composite key strings.
  const byResource = new Map<string, Completed[]>();
  return findings.filter((c) => {
    const same = byResource.get(c.resourceKey);
    if (!same) {
      byResource.set(c.resourceKey, [c]);
      return true;
    }
    if (same.some((o) => o.finding.ruleId === c.finding.ruleId && o.workspaceKey === c.workspaceKey && o.finding.message === c.finding.message))
      return false;
    same.push(c);
    return true;
  });
}

/** Severity, then rule, then resource (cli.md), then workspace and message for a total order. */
function sortCompleted(keyed: Completed[]): Finding[] {
  keyed.sort(
    (a, b) =>
      a.rank - b.rank ||
      cmp(a.finding.ruleId, b.finding.ruleId) ||
      cmp(a.resourceKey, b.resourceKey) ||
      cmp(a.workspaceKey, b.workspaceKey) ||
      cmp(a.finding.message, b.finding.message),
  );
  return keyed.map((k) => k.finding);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
