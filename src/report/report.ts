/** The report: everything a reporter needs, assembled once by the CLI. Reporters are pure functions of it. */
import type { CollectionGap } from '../model/inventory';
import type { Scenario } from '../model/types';
import type { Finding, RuleGap, Severity } from '../rules/types';
import { atLeast, SEVERITIES } from '../rules/types';
import type { PlanSourceKind } from '../iac/plan';

export interface WorkspaceSummary {
  id: string;
  name: string;
  scenario: Scenario;
  location?: string;
  /** Its unsuppressed findings by severity (all of them, whatever `--severity` lists). */
  counts: Record<Severity, number>;
}

export interface AuditReport {
  schemaVersion: 1;
  tool: { name: 'amlnet'; version: string };
  scope: { subscriptions: string[]; resourceGroup?: string; workspace?: string };
  cloud: string;
  /** Where the data came from: a live scan, or a snapshot file. */
  source: { kind: 'live' | 'snapshot' | 'none'; path?: string; collectedAt?: string };
  workspaces: WorkspaceSummary[];
  findings: Finding[];
  summary: Record<Severity, number> & { suppressed: number };
  /** The engine's gaps: rules that did not run, or (with `workspaceIds`) ran on every workspace but these. */
  unevaluatedRules: RuleGap[];
  gaps: CollectionGap[];
  failOn: Severity | 'none';
  /** Per-rule severity overrides from config, so SARIF rule descriptors carry the severity that was applied. */
  severityOverrides?: Record<string, Severity>;
  /** The config file that was applied, if any. */
  configPath?: string;
  /** With `--baseline`: the file, and the baseline findings that no longer occur. */
  baseline?: { path: string; fixed: FixedFinding[] };
  /** With --template/--what-if/--terraform-plan: what the change is, and what it introduces and fixes against the base's own audit. */
  change?: ChangeSummary;
  /** The exit code and why, decided on every finding (`--severity` hides some from the lists, never from this). */
  verdict: Verdict;
  /** With `--severity`: findings below it are left out of `findings` (the summary still counts them). */
  shown?: { severity: Severity; hidden: number };
}

export interface ChangeSummary {
  inputs: { kind: PlanSourceKind; file: string }[];
  /** Whether a base (live scan or snapshot) was audited too: without one, every finding is new. */
  base: boolean;
  /** --only-new: the exit code counts new findings (and gaps) only. */
  onlyNew: boolean;
  /** Findings that count and are new (gaps included). */
  introduced: number;
  /** Base findings the change removes. */
  fixed: FixedFinding[];
  /** What the inputs report but amlnet does not apply (what-if Ignore/Unsupported, linked templates). */
  notes: string[];
}

export interface Verdict {
  failOn: Severity | 'none';
  exitCode: 0 | 1;
  /** Unsuppressed findings at or above `failOn`. */
  failing: number;
  /** Something could not be read or a rule could not run (AMLNET900). */
  partial: boolean;
  /** One sentence: why the exit code is what it is. */
  reason: string;
}

export function verdictOf(findings: readonly Finding[], failOn: Severity | 'none', partial: boolean, onlyNew = false): Verdict {
  const open = findings.filter((f) => !f.suppressed);
  const counted = onlyNew ? ' new' : '';
  const why = onlyNew ? `--fail-on ${failOn}, --only-new` : `--fail-on ${failOn}`;
  if (failOn === 'none') {
    return { failOn, exitCode: 0, failing: 0, partial, reason: `--fail-on none: findings never fail the run (${open.length} reported)` };
  }
  const failing = open.filter((f) => atLeast(f.severity, failOn)).length;
  const at = failOn === 'high' ? 'high' : `${failOn} or above`;
  return failing > 0
    ? { failOn, exitCode: 1, failing, partial, reason: `${failing}${counted} finding(s) at ${at} fail the run (${why})` }
    : { failOn, exitCode: 0, failing, partial, reason: `no${counted} finding at ${at}, nothing fails the run (${why})` };
}

/** Unsuppressed findings per workspace (lower-cased id; '' for findings on no workspace) and severity. */
export function countsByWorkspace(findings: readonly Finding[]): Map<string, Record<Severity, number>> {
  const counts = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    if (f.suppressed) continue;
    const key = f.workspaceId?.toLowerCase() ?? '';
    let c = counts.get(key);
    if (!c) counts.set(key, (c = noFindings()));
    c[f.severity]++;
  }
  return counts;
}

/** A baseline finding that the scan no longer reports (its rule ran and did not fire). */
export interface FixedFinding {
  fingerprint: string;
  ruleId: string;
  resourceId: string;
  workspaceId?: string;
  message: string;
}

export function summarize(findings: readonly Finding[]): AuditReport['summary'] {
  const s = { high: 0, medium: 0, low: 0, info: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) s.suppressed++;
    else s[f.severity]++;
  }
  return s;
}

export function noFindings(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}
