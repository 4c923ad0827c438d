/**
 * `--format text`: for a person at a terminal, read top-down like trivy's or checkov's output. First
 * the verdict (what was scanned, whether the scan is partial, why the exit code is what it is) and a
 * table of workspaces by severity, then one line a finding grouped by workspace; `--details` puts the
 * evidence, fix and docs under each finding instead. Every line fits the width: finding lines are cut,
 * prose wraps.
 *
 * Tenant strings are escaped where they enter (escapeTerminal), and colour is added afterwards: the
 * CLI does not run its final escaping pass over this format, which would escape the colour codes too.
 */
import chalk from 'chalk';
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { nameOf } from '../model/ids';
import type { Finding, RulesMeta, Severity } from '../rules/types';
import { docsUrl, gapRuleOf, SEVERITIES } from '../rules/types';
import { escapeTerminal as esc } from './escape';
import type { AuditReport } from './report';

export interface TextOptions {
  color: boolean;
  /** `--details`: evidence, fix and docs under each finding. */
  details?: boolean;
  /** Columns (default 80): no line is wider. */
  width?: number;
  /** The metadata of the rules the report was computed with (remediation, which rule reports gaps). */
  rulesMeta: RulesMeta;
}

const SEVERITY_WIDTH = 'MEDIUM'.length;
const RULE_WIDTH = 'AMLNET000'.length;
/** The indent of a finding's detail lines in the `--details` view. */
const DETAIL_INDENT = ' '.repeat(2 + SEVERITY_WIDTH + 1);

export function formatText(report: AuditReport, options: TextOptions): string {
  const width = options.width ?? 80;
  const c = new chalk.Instance({ level: options.color ? 1 : 0 });
  const badge: Record<Severity, (s: string) => string> = {
    high: (s) => c.red.bold(s),
    medium: (s) => c.yellow.bold(s),
    low: (s) => c.cyan(s),
    info: (s) => c.gray(s),
  };
  const out: string[] = [];
  /** A line that must stay one line: cut at the width, with an ellipsis. */
  const cut = (line: string) => out.push(stringWidth(line) > width ? cliTruncate(line, width) : line);
  /** Prose: wrapped at the width, continuation lines indented like the first line's text. */
  const wrap = (text: string, indent = '', hanging = indent) => {
    const lines = wrapAnsi(text, Math.max(10, width - hanging.length), { hard: true, trim: true }).split('\n');
    // A wrapped line must not begin with `::` (a GitHub Actions workflow command, even indented): a tenant
    // string split at its spaces would otherwise forge one. Such a line takes the previous line's last word.
    for (let i = 1; i < lines.length; i++) {
      const cut = lines[i - 1].lastIndexOf(' ');
      // eslint-disable-next-line no-control-regex
      if (/^(\u001b\[[0-9;]*m)*::/.test(lines[i]) && cut > 0) {
        lines[i] = `${lines[i - 1].slice(cut + 1)} ${lines[i]}`;
        lines[i - 1] = lines[i - 1].slice(0, cut);
      }
    }
    lines.forEach((l, i) => out.push((i === 0 ? indent : hanging) + l));
  };

  // The verdict: what was scanned, partial or not, and why the exit code is what it is.
  const v = report.verdict;
  const scanned =
    report.source.kind === 'snapshot'
      ? `snapshot ${esc(report.source.path ?? '')}`
      : report.source.kind === 'none'
        ? 'the change alone (no base)'
        : `${report.scope.subscriptions.length === 1 ? 'subscription' : `${report.scope.subscriptions.length} subscriptions:`} ${report.scope.subscriptions.map(esc).join(', ')}`;
  wrap(
    `${c.bold(`amlnet ${esc(report.tool.version)}`)}: ${scanned}, ${report.workspaces.length} workspace(s)${v.partial ? `, ${c.yellow.bold('partial scan')}` : ''}`,
  );
  const verdict = v.exitCode === 1 ? c.red.bold('FAIL') : c.green.bold('PASS');
  wrap(`${verdict} (exit ${v.exitCode}): ${v.reason}${report.summary.suppressed ? `; ${report.summary.suppressed} suppressed` : ''}`);
  if (v.partial) {
    const rules = report.unevaluatedRules.map((r) => r.ruleId);
    const what = [
      report.gaps.length ? `${report.gaps.length} read(s) failed` : '',
      rules.length ? `${rules.length} rule(s) not evaluated (${firstOf(rules, MAX_RULES_LISTED)})` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const see = gapRuleOf(options.rulesMeta);
    wrap(c.yellow(`Partial scan: ${what}; nothing below is a clean bill for what could not be read${see ? ` (see ${see.id})` : ''}.`));
  }
  out.push('');

  // The table: every workspace, all four severities, zeros included.
  const rows: { name: string; scenario: string; counts: Record<Severity, number> }[] = report.workspaces.map((w) => ({
    name: esc(w.name),
    scenario: w.scenario,
    counts: w.counts,
  }));
  const scanCounts = scanCountsOf(report);
  if (scanCounts) rows.push({ name: '(scan)', scenario: '', counts: scanCounts });
  if (report.workspaces.length > 0 || scanCounts) {
    const numbers = SEVERITIES.map((s) => s.toUpperCase());
    const numbersWidth = numbers.reduce((n, h) => n + 2 + h.length, 0);
    // The counts always show; in a narrow terminal the scenario column (a fixed vocabulary, recognisable
    // when cut) gives way before the workspace's name.
    const room = width - numbersWidth - 2;
    const nameWidth = Math.min(Math.max('WORKSPACE'.length, ...rows.map((r) => stringWidth(r.name))), Math.max(8, room - 8));
    const scenarioWidth = Math.min(Math.max('SCENARIO'.length, ...rows.map((r) => r.scenario.length)), Math.max(8, room - nameWidth));
    const cell = (s: string, w: number, position: 'end' | 'middle' = 'end') => {
      const fitted = stringWidth(s) > w ? cliTruncate(s, w, { position }) : s;
      return fitted + ' '.repeat(Math.max(0, w - stringWidth(fitted)));
    };
    const row = (name: string, scenario: string, values: string[]) =>
      `${cell(name, nameWidth, 'middle')}  ${cell(scenario, scenarioWidth)}${values.join('')}`;
    cut(
      c.bold(
        row(
          'WORKSPACE',
          'SCENARIO',
          numbers.map((h) => `  ${h}`),
        ),
      ),
    );
    const shownCounts = (n: Record<Severity, number>) =>
      SEVERITIES.map((s, i) => {
        const k = n[s];
        const text = String(k).padStart(numbers[i].length);
        return `  ${k > 0 ? badge[s](text) : c.gray(text)}`;
      });
    for (const r of rows) cut(row(r.name, r.scenario, shownCounts(r.counts)));
    out.push('');
  } else {
    out.push('No Azure Machine Learning workspaces found in scope.', '');
  }

  // The findings, grouped by workspace (then the scan's own findings).
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = f.workspaceId?.toLowerCase() ?? '';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const section = (title: string, fs: Finding[]) => {
    cut(title);
    const nameWidth = Math.min(Math.max(...fs.map((f) => stringWidth(esc(nameOf(f.resourceId))))), Math.max(12, Math.floor(width / 4)));
    for (const f of fs) {
      const sev = f.suppressed
        ? c.gray(f.severity.toUpperCase().padEnd(SEVERITY_WIDTH))
        : badge[f.severity](f.severity.toUpperCase().padEnd(SEVERITY_WIDTH));
      const name = esc(nameOf(f.resourceId));
      const shortName = stringWidth(name) > nameWidth ? cliTruncate(name, nameWidth, { position: 'middle' }) : name.padEnd(nameWidth);
      const note =
        (f.change && !options.details ? `(${f.change}) ` : '') +
        (f.suppressed
          ? c.gray(`(suppressed: ${esc(f.suppression?.reason ?? '')}) `)
          : f.expiredSuppression
            ? c.yellow(`(suppression expired on ${f.expiredSuppression.expires}) `)
            : '');
      if (!options.details) {
        cut(`  ${sev} ${c.bold(f.ruleId.padEnd(RULE_WIDTH))} ${shortName}  ${note}${esc(f.message)}`);
        continue;
      }
      cut(`  ${sev} ${c.bold(f.ruleId)} ${f.name}${f.suppressed ? ' ' + note.trimEnd() : ''}`);
      detailsOf(f, note);
    }
    out.push('');
  };
  const detailsOf = (f: Finding, note: string) => {
    const meta = options.rulesMeta.get(f.ruleId);
    const label = (s: string) => c.gray(s);
    wrap(esc(f.message), DETAIL_INDENT);
    if (f.expiredSuppression)
      wrap(
        c.yellow(
          `suppression expired on ${f.expiredSuppression.expires} (${esc(f.expiredSuppression.source ?? f.expiredSuppression.kind)}): counts again`,
        ),
        DETAIL_INDENT,
      );
    else if (note && !f.suppressed) wrap(note, DETAIL_INDENT);
    wrap(`${label('resource:')} ${esc(f.resourceId)}`, DETAIL_INDENT, DETAIL_INDENT + '  ');
    if (f.source || f.change)
      wrap(
        `${label('change:')} ${f.change ?? 'new'}${f.source ? ` ${label('declared at')} ${esc(f.source.file)}${f.source.line ? `:${f.source.line}` : ''} (${esc(f.source.name)})` : ''}`,
        DETAIL_INDENT,
        DETAIL_INDENT + '  ',
      );
    if (f.relatedResourceIds.length > 0) {
      wrap(`${label('evidence:')} ${f.relatedResourceIds.map((id) => esc(nameOf(id))).join(' -> ')}`, DETAIL_INDENT, DETAIL_INDENT + '  ');
      for (const id of f.relatedResourceIds) wrap(esc(id), DETAIL_INDENT + '  ', DETAIL_INDENT + '    ');
    }
    for (const e of f.evidence) {
      wrap(`${label('expected')} ${esc(e.property)} = ${esc(e.expected)}; ${label('actual')} ${esc(e.actual)}`, DETAIL_INDENT, DETAIL_INDENT + '  ');
    }
    if (meta && !meta.reportsGaps) wrap(`${label('fix:')} ${meta.remediation.text}`, DETAIL_INDENT, DETAIL_INDENT + '  ');
    if (meta) wrap(`${label('docs:')} amlnet rules ${f.ruleId}, ${docsUrl(f.ruleId)}`, DETAIL_INDENT, DETAIL_INDENT + '  ');
  };
  for (const w of report.workspaces) {
    const fs = groups.get(w.id.toLowerCase());
    if (fs) section(`${c.bold(esc(w.name))} ${c.gray(`(${w.scenario}) ${esc(resourceGroupOf(w.id))}`)}`, fs);
  }
  const scanFindings = groups.get('') ?? [];
  // A finding on a workspace outside the report's list (it should not happen) still shows, under the scan.
  const listed = new Set(report.workspaces.map((w) => w.id.toLowerCase()));
  for (const [key, fs] of groups) if (key !== '' && !listed.has(key)) scanFindings.push(...fs);
  if (scanFindings.length > 0) section(c.bold('Scan'), scanFindings);

  if (report.change) {
    const fixed = report.change.fixed;
    wrap(
      c.bold(
        `This change introduces ${report.change.introduced} finding(s) and fixes ${fixed.length}${report.change.base ? '' : ' (no base: every finding is new)'}.`,
      ),
    );
    for (const f of fixed) {
      if (options.details) wrap(`${c.green('fixed')} ${c.bold(f.ruleId)} ${esc(f.resourceId)}`, '  ', '    ');
      else cut(`  ${c.green('fixed')} ${c.bold(f.ruleId)} ${esc(nameOf(f.resourceId))}  ${esc(f.message)}`);
    }
    for (const n of report.change.notes) wrap(c.yellow(`not applied: ${esc(n)}`), '  ', '    ');
    out.push('');
  }
  if (report.baseline) {
    const fixed = report.baseline.fixed;
    wrap(`${fixed.length} finding(s) of the baseline ${esc(report.baseline.path)} fixed${fixed.length ? ':' : '.'}`);
    for (const f of fixed) {
      if (options.details) wrap(`${c.green('fixed')} ${c.bold(f.ruleId)} ${esc(f.resourceId)}`, '  ', '    ');
      else cut(`  ${c.green('fixed')} ${c.bold(f.ruleId)} ${esc(nameOf(f.resourceId))}  ${esc(f.message)}`);
    }
    out.push('');
  }
  const s = report.summary;
  const total = totalOf(report);
  wrap(
    `${c.bold(`${total} finding(s)`)} in ${report.workspaces.length} workspace(s): ${SEVERITIES.map((sev) => `${s[sev]} ${sev}`).join(', ')}${s.suppressed ? `; ${s.suppressed} suppressed` : ''}.`,
  );
  if (report.shown && report.shown.hidden > 0)
    wrap(`${report.shown.hidden} finding(s) below --severity ${report.shown.severity} are not listed (they still count for --fail-on).`);
  if (!options.details && report.findings.length > 0)
    wrap(c.gray('Evidence, fix and docs for each finding: run again with --details; one rule: amlnet rules <id>.'));
  return out.join('\n') + '\n';
}

/** The partial-scan line names this many rules; a change audited alone can leave most of the catalogue unevaluated. */
const MAX_RULES_LISTED = 6;

function firstOf(ids: string[], max: number): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

function totalOf(report: AuditReport): number {
  return SEVERITIES.reduce((n, sev) => n + report.summary[sev], 0);
}

/** The scan's own findings (on no workspace, such as AMLNET900) by severity, if there are any. */
function scanCountsOf(report: AuditReport): Record<Severity, number> | undefined {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, report.summary[s] - report.workspaces.reduce((n, w) => n + w.counts[s], 0)])) as Record<
    Severity,
    number
  >;
  return SEVERITIES.some((s) => counts[s] > 0) ? counts : undefined;
}

function resourceGroupOf(id: string): string {
  const m = /\/resourceGroups\/([^/]+)/i.exec(id);
  return m ? m[1] : '';
}
