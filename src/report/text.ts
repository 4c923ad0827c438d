/** `--format text`: for a person at a terminal. Per workspace, its scenario and its findings with the evidence chain and the fix. */
import chalk from 'chalk';
import { nameOf } from '../model/ids';
import type { Finding, RulesMeta, Severity } from '../rules/types';
import { gapRuleOf, SEVERITIES } from '../rules/types';
import { escapeTerminal as esc } from './escape';
import type { AuditReport } from './report';

export interface TextOptions {
  color: boolean;
  verbose?: boolean;
  /** The metadata of the rules the report was computed with (remediation, which rule reports gaps). */
  rulesMeta: RulesMeta;
}

export function formatText(report: AuditReport, options: TextOptions): string {
  const c = new chalk.Instance({ level: options.color ? 1 : 0 });
  const badge: Record<Severity, (s: string) => string> = {
    high: (s) => c.red.bold(s),
    medium: (s) => c.yellow.bold(s),
    low: (s) => c.cyan(s),
    info: (s) => c.gray(s),
  };
  const lines: string[] = [];
  const source = report.source.kind === 'snapshot' ? `snapshot ${esc(report.source.path ?? '')}` : report.source.kind === 'none' ? 'the change alone (no base)' : `subscription(s) ${report.scope.subscriptions.map(esc).join(', ')}`;
  lines.push(c.bold(`amlnet ${report.tool.version}: audit of ${source}`));
  lines.push('');

  const finding = (f: Finding) => {
    const meta = options.rulesMeta.get(f.ruleId);
    lines.push(`  ${badge[f.severity](f.severity.toUpperCase().padEnd(6))} ${c.bold(f.ruleId)} ${f.name}${f.suppressed ? c.gray(` (suppressed: ${esc(f.suppression?.reason ?? '')})`) : ''}`);
    lines.push(`         ${esc(f.message)}`);
    if (f.expiredSuppression) lines.push(`         ${c.yellow(`suppression expired on ${f.expiredSuppression.expires} (${esc(f.expiredSuppression.source ?? f.expiredSuppression.kind)}): counts again`)}`);
    lines.push(`         ${c.gray('resource:')} ${esc(f.resourceId)}`);
    if (f.source || f.change) lines.push(`         ${c.gray('change:')} ${f.change ?? 'new'}${f.source ? ` ${c.gray('declared at')} ${esc(f.source.file)}${f.source.line ? `:${f.source.line}` : ''} (${esc(f.source.name)})` : ''}`);
    if (f.relatedResourceIds.length > 0) {
      lines.push(`         ${c.gray('evidence:')} ${f.relatedResourceIds.map((id) => esc(nameOf(id))).join(' -> ')}`);
      if (options.verbose) for (const id of f.relatedResourceIds) lines.push(`                   ${esc(id)}`);
    }
    for (const e of f.evidence) {
      if (!options.verbose && meta?.reportsGaps) break;
      lines.push(`         ${c.gray('expected')} ${esc(e.property)} = ${esc(e.expected)}; ${c.gray('actual')} ${esc(e.actual)}`);
    }
    if (meta && !meta.reportsGaps) lines.push(`         ${c.gray('fix:')} ${meta.remediation.text}`);
    if (meta) lines.push(`         ${c.gray('docs:')} amlnet rules ${f.ruleId}`);
  };

  const byWorkspace = new Map<string, Finding[]>();
  const other: Finding[] = [];
  for (const f of report.findings) {
    if (f.workspaceId) {
      const key = f.workspaceId.toLowerCase();
      byWorkspace.set(key, [...(byWorkspace.get(key) ?? []), f]);
    } else other.push(f);
  }
  for (const ws of report.workspaces) {
    const fs = byWorkspace.get(ws.id.toLowerCase()) ?? [];
    lines.push(`${c.bold(esc(ws.name))} ${c.gray(`(${ws.scenario})`)}  ${c.gray(esc(ws.id))}`);
    if (fs.length === 0) lines.push(`  ${c.green('no findings')}`);
    fs.forEach(finding);
    lines.push('');
  }
  if (other.length > 0) {
    lines.push(c.bold('Scan'));
    other.forEach(finding);
    lines.push('');
  }
  if (report.workspaces.length === 0) lines.push('No Azure Machine Learning workspaces found in scope.', '');

  const s = report.summary;
  const counts = SEVERITIES.map((sev) => `${s[sev]} ${sev}`).join(', ');
  const total = SEVERITIES.reduce((n, sev) => n + s[sev], 0);
  lines.push(`${c.bold(`${total} finding(s)`)} in ${report.workspaces.length} workspace(s): ${counts}${s.suppressed ? `; ${s.suppressed} suppressed` : ''}.`);
  if (report.change) {
    const fixed = report.change.fixed;
    lines.push(c.bold(`This change introduces ${report.change.introduced} finding(s) and fixes ${fixed.length}${report.change.base ? '' : ' (no base: every finding is new)'}.`));
    for (const f of fixed) lines.push(`  ${c.green('fixed')} ${c.bold(f.ruleId)} ${esc(f.resourceId)}`);
    for (const n of report.change.notes) lines.push(c.yellow(`  not applied: ${esc(n)}`));
  }
  if (report.baseline) {
    const fixed = report.baseline.fixed;
    lines.push(`${fixed.length} finding(s) of the baseline ${esc(report.baseline.path)} fixed${fixed.length ? ':' : '.'}`);
    for (const f of fixed) lines.push(`  ${c.green('fixed')} ${c.bold(f.ruleId)} ${esc(f.resourceId)}`);
  }
  if (report.unevaluatedRules.length > 0) {
    const see = gapRuleOf(options.rulesMeta);
    lines.push(c.yellow(`Partial scan: ${report.unevaluatedRules.length} rule(s) not evaluated (${report.unevaluatedRules.map((r) => r.ruleId).join(', ')})${see ? `; see ${see.id}` : ''}.`));
  }
  return lines.join('\n') + '\n';
}
