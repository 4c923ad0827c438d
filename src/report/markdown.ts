/**
 * `--format markdown`: a summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`. Tenant
 * strings (names, ids, messages, reasons) are untrusted: in a PR comment they could inject links,
 * images or HTML, so every one passes through `md()`. Rule metadata is ours and is not escaped.
 */
import { nameOf } from '../model/ids';
import type { Finding, RulesMeta, Severity } from '../rules/types';
import { atLeast, docsUrl, gapRuleOf, SEVERITIES } from '../rules/types';
import type { AuditReport } from './report';

/** Escapes Markdown and HTML so that a tenant string renders as the text it is. */
export function md(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- control characters are what a tenant string must not smuggle into Markdown
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/([\\`*_{}[\]()#+\-.!|~:])/g, '\\$1')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // No @mentions from tenant strings in a PR comment.
      .replace(/@/g, '&#64;')
  );
}

/** Findings listed in full up to this many per workspace; beyond, the list is collapsed. */
const OPEN_LIMIT = 10;
const ICON: Record<Severity, string> = { high: '🔴', medium: '🟠', low: '🟡', info: 'ℹ️' };

function findingBlock(f: Finding, rulesMeta: RulesMeta): string[] {
  const meta = rulesMeta.get(f.ruleId);
  const out: string[] = [];
  const tail = f.suppressed ? ` — *suppressed (${f.suppression?.kind}): ${md(f.suppression?.reason ?? '')}*` : '';
  out.push(
    `- ${ICON[f.severity]} **${f.severity.toUpperCase()}** [${f.ruleId}](${docsUrl(f.ruleId)}) \`${f.name}\` on **${md(nameOf(f.resourceId))}**${tail}`,
  );
  out.push(`  ${md(f.message)}`);
  if (f.source)
    out.push(
      `  ${f.change === 'existing' ? 'Already in the base; declared' : 'Declared'} in \`${md(f.source.file)}${f.source.line ? `:${f.source.line}` : ''}\` (${md(f.source.name)}).`,
    );
  else if (f.change === 'existing') out.push('  Already in the base.');
  if (f.expiredSuppression)
    out.push(
      `  ⚠️ Its suppression (${md(f.expiredSuppression.source ?? f.expiredSuppression.kind)}) expired on ${f.expiredSuppression.expires}: it counts again.`,
    );
  const details: string[] = [`  - Resource: ${md(f.resourceId)}`];
  if (f.relatedResourceIds.length) details.push(`  - Evidence: ${f.relatedResourceIds.map((id) => md(nameOf(id))).join(' → ')}`);
  for (const e of f.evidence) details.push(`  - Expected ${md(e.property)} = ${md(e.expected)}; actual ${md(e.actual)}`);
  if (meta && !meta.reportsGaps) details.push(`  - Fix: ${meta.remediation.text}`);
  out.push('', '  <details><summary>Resource, evidence and fix</summary>', '', ...details, '', '  </details>', '');
  return out;
}

/** GitHub refuses a job summary (`$GITHUB_STEP_SUMMARY`) over 1 MiB. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;
/** Room kept for what is always written: closing tags, the notices and the partial-scan list. */
const RESERVED_BYTES = 64 * 1024;

/** Lines with a running byte count, so the summary can stop listing before the limit. */
class SizedLines {
  private readonly lines: string[] = [];
  private bytes = 0;
  push(...lines: string[]): void {
    for (const l of lines) {
      this.lines.push(l);
      this.bytes += Buffer.byteLength(l) + 1;
    }
  }
  /** Whether these lines still fit under the limit, leaving the reserve. */
  fits(lines: string[]): boolean {
    let n = this.bytes;
    for (const l of lines) n += Buffer.byteLength(l) + 1;
    return n <= STEP_SUMMARY_LIMIT - RESERVED_BYTES;
  }
  join(sep: string): string {
    return this.lines.join(sep);
  }
}

export function formatMarkdown(report: AuditReport, rulesMeta: RulesMeta): string {
  const s = report.summary;
  const active = report.findings.filter((f) => !f.suppressed);
  const failing = report.failOn === 'none' ? [] : active.filter((f) => atLeast(f.severity, report.failOn as Severity));
  const out = new SizedLines();
  // Past the limit, rows and findings are counted instead of listed (the counts tables include them).
  const left = { findings: 0, workspaces: 0, fixed: 0 };
  const pushIfFits = (lines: string[], what: keyof typeof left) => {
    if (out.fits(lines)) out.push(...lines);
    else left[what]++;
  };
  const scope =
    report.source.kind === 'snapshot'
      ? `snapshot \`${md(report.source.path ?? '')}\``
      : report.source.kind === 'none'
        ? 'the change alone (no base)'
        : `subscription(s) ${report.scope.subscriptions.map(md).join(', ')}`;
  out.push(`## amlnet ${report.tool.version}: network security of Azure Machine Learning`, '');
  if (report.change) out.push(...changeLead(report.change), '');
  out.push(
    `${failing.length ? '❌' : '✅'} **${failing.length ? `${failing.length} finding(s) at or above ${report.failOn}` : 'passed'}** (fail-on: \`${report.failOn}\`) — audit of ${scope}, ${report.workspaces.length} workspace(s).`,
    '',
  );

  out.push('| high | medium | low | info | suppressed |', '|---:|---:|---:|---:|---:|');
  out.push(`| ${s.high} | ${s.medium} | ${s.low} | ${s.info} | ${s.suppressed} |`, '');

  const byWorkspace = new Map<string, Finding[]>();
  const other: Finding[] = [];
  for (const f of report.findings) {
    if (!f.workspaceId) {
      other.push(f);
      continue;
    }
    const key = f.workspaceId.toLowerCase();
    const list = byWorkspace.get(key);
    if (list) list.push(f);
    else byWorkspace.set(key, [f]);
  }
  if (report.workspaces.length) {
    out.push('### Workspaces', '', '| workspace | scenario | high | medium | low | info | suppressed |', '|---|---|---:|---:|---:|---:|---:|');
    for (const ws of report.workspaces) {
      const fs = byWorkspace.get(ws.id.toLowerCase()) ?? [];
      const count = (sev: Severity) => fs.filter((f) => !f.suppressed && f.severity === sev).length;
      pushIfFits(
        [`| ${md(ws.name)} | \`${ws.scenario}\` | ${SEVERITIES.map(count).join(' | ')} | ${fs.filter((f) => f.suppressed).length} |`],
        'workspaces',
      );
    }
    out.push('');
  } else {
    out.push('No Azure Machine Learning workspaces found in scope.', '');
  }

  const section = (title: string, fs: Finding[]) => {
    const open = fs.filter((f) => !f.suppressed);
    const suppressed = fs.filter((f) => f.suppressed);
    if (!fs.length) return;
    if (!out.fits([`### ${title}`, '', ...findingBlock(fs[0], rulesMeta)])) {
      left.findings += fs.length;
      return;
    }
    out.push(`### ${title}`, '');
    if (open.length > OPEN_LIMIT) out.push(`<details><summary>${open.length} finding(s)</summary>`, '');
    for (const f of open) pushIfFits(findingBlock(f, rulesMeta), 'findings');
    if (open.length > OPEN_LIMIT) out.push('</details>', '');
    if (suppressed.length) {
      out.push(`<details><summary>${suppressed.length} suppressed finding(s)</summary>`, '');
      for (const f of suppressed) pushIfFits(findingBlock(f, rulesMeta), 'findings');
      out.push('</details>', '');
    }
  };
  for (const ws of report.workspaces) section(`${md(ws.name)} (\`${ws.scenario}\`)`, byWorkspace.get(ws.id.toLowerCase()) ?? []);
  section('Scan', other);

  if (report.baseline) {
    const fixed = report.baseline.fixed;
    out.push(`### Fixed since the baseline (${fixed.length})`, '');
    if (fixed.length === 0) out.push(`None of the findings in \`${md(report.baseline.path)}\` is gone yet.`, '');
    else {
      if (fixed.length > OPEN_LIMIT) out.push(`<details><summary>${fixed.length} fixed finding(s)</summary>`, '');
      for (const f of fixed) pushIfFits([`- ✅ [${f.ruleId}](${docsUrl(f.ruleId)}) on **${md(nameOf(f.resourceId))}**: ${md(f.message)}`], 'fixed');
      if (fixed.length > OPEN_LIMIT) out.push('', '</details>');
      out.push('');
    }
  }
  if (report.change?.base) {
    const fixed = report.change.fixed;
    out.push(`### Fixed by this change (${fixed.length})`, '');
    for (const f of fixed) out.push(`- ✅ [${f.ruleId}](${docsUrl(f.ruleId)}) on **${md(nameOf(f.resourceId))}**: ${md(f.message)}`);
    if (fixed.length) out.push('');
  }
  if (report.change?.notes.length) {
    out.push('<details><summary>Changes not applied</summary>', '', ...report.change.notes.map((n) => `- ${md(n)}`), '', '</details>', '');
  }
  if (left.findings || left.workspaces || left.fixed) {
    const parts = [
      left.findings ? `${left.findings} finding(s)` : '',
      left.workspaces ? `${left.workspaces} workspace row(s)` : '',
      left.fixed ? `${left.fixed} fixed baseline finding(s)` : '',
    ].filter(Boolean);
    out.push(
      `> ⚠️ **Summary shortened**: ${parts.join(', ')} not listed, to stay under GitHub's 1 MiB step-summary limit (the counts above include them). The JSON and SARIF reports have every finding.`,
      '',
    );
  }
  if (report.unevaluatedRules.length) {
    const see = gapRuleOf(rulesMeta);
    out.push(`> ⚠️ **Partial scan**: ${report.unevaluatedRules.length} rule(s) not evaluated${see ? ` (see ${see.id})` : ''}.`, '');
    out.push(
      '<details><summary>Rules not evaluated</summary>',
      '',
      ...report.unevaluatedRules.map((u) => `- ${u.ruleId}: ${md(u.reason)}`),
      '',
      '</details>',
      '',
    );
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** The first thing a pull-request comment says: what the change introduces and fixes. */
function changeLead(change: NonNullable<AuditReport['change']>): string[] {
  const inputs = change.inputs.map((i) => `\`${md(i.file)}\``).join(', ');
  const against = change.base ? 'against the current network' : 'alone (no base: every finding is new)';
  return [
    `**This change introduces ${change.introduced} finding(s) and fixes ${change.fixed.length}.** (${inputs}, checked ${against}${change.onlyNew ? '; only new findings fail the run' : ''})`,
  ];
}
