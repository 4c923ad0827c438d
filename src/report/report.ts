/** The report: everything a reporter needs, assembled once by the CLI. Reporters are pure functions of it. */
import type { CollectionGap } from '../model/inventory';
import type { Scenario } from '../model/types';
import type { Finding, RuleGap, Severity } from '../rules/types';
import type { PlanSourceKind } from '../iac/plan';

export interface WorkspaceSummary {
  id: string;
  name: string;
  scenario: Scenario;
  location?: string;
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
