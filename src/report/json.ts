/**
 * `--format json`: the contract in cli.md (fixed fields), plus evidence, each finding's fix and docs
 * URL, the verdict (why the exit code is what it is) and what the scan could not see. Fields are
 * only ever added.
 */
import type { RulesMeta } from '../rules/types';
import { docsUrl } from '../rules/types';
import type { AuditReport } from './report';

export function formatJson(report: AuditReport, rulesMeta: RulesMeta): string {
  const out = {
    schemaVersion: 1,
    tool: report.tool,
    scope: report.scope,
    cloud: report.cloud,
    source: report.source,
    verdict: report.verdict,
    workspaces: report.workspaces.map((w) => ({ id: w.id, name: w.name, scenario: w.scenario, counts: w.counts })),
    findings: report.findings
      .map((f) => ({ meta: rulesMeta.get(f.ruleId), f }))
      .map(({ meta, f }) => ({
        ruleId: f.ruleId,
        name: f.name,
        severity: f.severity,
        resourceId: f.resourceId,
        ...(f.workspaceId ? { workspaceId: f.workspaceId } : {}),
        relatedResourceIds: f.relatedResourceIds,
        message: f.message,
        evidence: f.evidence,
        suppressed: f.suppressed,
        ...(f.suppression ? { suppression: f.suppression } : {}),
        ...(f.expiredSuppression ? { expiredSuppression: f.expiredSuppression } : {}),
        ...(f.change ? { change: f.change } : {}),
        ...(f.source ? { source: f.source } : {}),
        ...(meta ? { fix: meta.remediation.text } : {}),
        docsUrl: docsUrl(f.ruleId),
      })),
    summary: report.summary,
    ...(report.shown ? { shown: report.shown } : {}),
    unevaluatedRules: report.unevaluatedRules,
    gaps: report.gaps,
    ...(report.configPath ? { config: report.configPath } : {}),
    ...(report.baseline ? { baseline: report.baseline.path, fixed: report.baseline.fixed } : {}),
    // iac.md: the report lists `fixed`, the base's findings the change removes (a baseline's own list keeps the top-level name when both are given).
    ...(report.change ? { change: report.change, ...(report.baseline ? {} : { fixed: report.change.fixed }) } : {}),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
