/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning (cli.md). The schema alone is not enough
 * for GitHub: every result needs a physical location with a relative URI and a region, even though
 * a cloud scan has no source file. Results point at the inventory file the run read or wrote (the
 * snapshot), at the line where the resource's `"id"` is, and carry the ARM id as a logical location.
 */
import type * as Sarif from 'sarif';
import { nameOf, normalizeId } from '../model/ids';
import { renderRuleDoc } from '../rules/docs';
import type { Finding, RuleMeta, RulesMeta, Severity } from '../rules/types';
import { docsUrl, severityRank } from '../rules/types';
import { findingFingerprintOf, FINGERPRINT_KEY } from './fingerprint';
import type { AuditReport } from './report';

export const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.5', low: '2.0', info: '0.5' };
export const SARIF_LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** The inventory file results point at: its path relative to where the SARIF is consumed, and its text (for line numbers). */
export interface InventoryFile {
  uri: string;
  text: string;
}

export const DEFAULT_INVENTORY_FILE = 'amlnet-inventory.json';

/** GitHub code scanning rejects a run of more than 25,000 results. */
export const MAX_SARIF_RESULTS = 25_000;

/**
 * The findings a run can carry: all of them, or the 25,000 that matter most (unsuppressed before
 * suppressed, then by severity; report order otherwise), and how many were left out.
 */
function resultsWithinLimit(findings: readonly Finding[]): { kept: readonly Finding[]; omitted: number } {
  if (findings.length <= MAX_SARIF_RESULTS) return { kept: findings, omitted: 0 };
  const rank = (f: Finding) => (f.suppressed ? 10 : 0) + severityRank(f.severity);
  const chosen = new Set(
    findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .slice(0, MAX_SARIF_RESULTS)
      .map((x) => x.f),
  );
  return { kept: findings.filter((f) => chosen.has(f)), omitted: findings.length - MAX_SARIF_RESULTS };
}

/**
 * The 1-based line of each resource's `"id"` in the inventory text. A resource id also appears in
 * references (`"subnet": { "id": ... }`), so the least indented occurrence wins: in a snapshot
 * that is the resource itself, at the top of `resources`.
 */
export function idLines(text: string): Map<string, number> {
  const best = new Map<string, { line: number; indent: number }>();
  const lines = text.split('\n');
  // Any `"id": "..."` on a line (a compact snapshot has them all on one); its column stands for its depth.
  const rx = /"id"\s*:\s*("(?:[^"\\]|\\.)*")/g;
  lines.forEach((l, i) => {
    for (const m of l.matchAll(rx)) {
      let id: string;
      try {
        id = JSON.parse(m[1]);
      } catch {
        continue;
      }
      const key = normalizeId(id);
      const prev = best.get(key);
      const indent = m.index ?? 0;
      if (!prev || indent < prev.indent) best.set(key, { line: i + 1, indent });
    }
  });
  return new Map([...best].map(([k, v]) => [k, v.line]));
}

/** `amlnet/<subscriptions>[/<resource group>[/<workspace>]]/`: one category per scope, so separate scans do not close each other's alerts. */
export function automationCategory(report: AuditReport): string {
  const subs = [...report.scope.subscriptions].map((s) => s.toLowerCase()).sort();
  const parts = ['amlnet', subs.length ? subs.join('+') : 'no-subscription'];
  if (report.scope.resourceGroup) parts.push(report.scope.resourceGroup.toLowerCase());
  if (report.scope.workspace) parts.push(report.scope.workspace.toLowerCase());
  return parts.join('/') + '/';
}

function ruleDescriptor(m: RuleMeta, severity: Severity): Sarif.ReportingDescriptor {
  return {
    id: m.id,
    name: m.name,
    shortDescription: { text: m.summary },
    // Why, in Microsoft Learn's words, and where it says so.
    fullDescription: { text: `${m.rationale} Source: ${m.links[0]}` },
    helpUri: docsUrl(m.id),
    help: {
      text: `${m.remediation.text}\n\nDocumentation: ${docsUrl(m.id)}`,
      markdown: renderRuleDoc({ meta: m }),
    },
    defaultConfiguration: { level: SARIF_LEVEL[severity], enabled: !m.disabledByDefault },
    properties: {
      tags: ['security', 'azure', 'azure-machine-learning', 'network', m.category],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[severity],
    },
  };
}

/**
 * Where a result points: the template line (plan, what-if) that declares the resource, when the audit had a change, so code
 * scanning annotates the pull request's own line; then the resource's line in the inventory file.
 */
class Locator {
  private readonly lines: Map<string, number>;
  private readonly inventory: Sarif.ArtifactLocation;
  private readonly sourceIndex: Map<string, number>;

  constructor(
    inventoryFile: InventoryFile,
    readonly sourceFiles: readonly string[],
  ) {
    this.lines = idLines(inventoryFile.text);
    this.inventory = { uri: inventoryFile.uri, index: 0 };
    this.sourceIndex = new Map(sourceFiles.map((f, i) => [f, i + 1]));
  }

  resource(id: string): Sarif.Location {
    return { physicalLocation: this.physical(id), logicalLocations: [this.logical(id)] };
  }

  related(ids: readonly string[]): Sarif.Location[] {
    return ids.map((id, i) => ({
      id: i + 1,
      physicalLocation: this.physical(id),
      logicalLocations: [this.logical(id)],
      message: { text: nameOf(id) },
    }));
  }

  source(s: NonNullable<Finding['source']>): Sarif.Location {
    return {
      physicalLocation: { artifactLocation: { uri: sourceUri(s.file), index: this.sourceIndex.get(s.file) }, region: { startLine: s.line ?? 1 } },
      logicalLocations: [{ name: s.name, kind: 'declaration' }],
      message: { text: `${s.kind} ${s.name}` },
    };
  }

  private physical(id: string): Sarif.PhysicalLocation {
    return { artifactLocation: this.inventory, region: { startLine: this.lines.get(normalizeId(id)) ?? 1 } };
  }

  private logical(id: string): Sarif.LogicalLocation {
    return { name: nameOf(id), fullyQualifiedName: id, kind: 'resource' };
  }
}

function suppressionsOf(f: Finding): Sarif.Suppression[] | undefined {
  // A baseline match is SARIF's baselineState, not a suppression: code scanning shows it as unchanged, not dismissed.
  if (!f.suppressed || !f.suppression || f.suppression.kind === 'baseline') return undefined;
  return [{ kind: f.suppression.kind === 'tag' ? 'inSource' : 'external', status: 'accepted', justification: f.suppression.reason }];
}

function baselineStateOf(f: Finding, report: AuditReport): Sarif.Result.baselineState | undefined {
  if (report.baseline) return f.suppression?.kind === 'baseline' ? 'unchanged' : 'new';
  if (report.change?.base && f.change) return f.change === 'existing' ? 'unchanged' : 'new';
  return undefined;
}

function resultOf(f: Finding, report: AuditReport, rulesMeta: RulesMeta, ruleIndex: Map<string, number>, at: Locator): Sarif.Result {
  const r: Sarif.Result = {
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    kind: 'fail',
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [...(f.source ? [at.source(f.source)] : []), at.resource(f.resourceId)],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprintOf(f, rulesMeta) },
  };
  const related = [...(f.workspaceId && f.workspaceId.toLowerCase() !== f.resourceId.toLowerCase() ? [f.workspaceId] : []), ...f.relatedResourceIds];
  if (related.length > 0) r.relatedLocations = at.related(related);
  const suppressions = suppressionsOf(f);
  if (suppressions) r.suppressions = suppressions;
  const state = baselineStateOf(f, report);
  if (state) r.baselineState = state;
  r.properties = {
    severity: f.severity,
    'security-severity': SECURITY_SEVERITY[f.severity],
    ...(f.workspaceId ? { workspaceId: f.workspaceId } : {}),
    ...(f.evidence.length ? { evidence: f.evidence } : {}),
    ...(f.expiredSuppression ? { expiredSuppression: f.expiredSuppression } : {}),
    ...(f.change ? { change: f.change } : {}),
  };
  return r;
}

function notificationsOf(report: AuditReport, omitted: number, ruleIndex: Map<string, number>): Sarif.Notification[] {
  const count = (n: number) => n.toLocaleString('en-US');
  const limit: Sarif.Notification[] = omitted
    ? [
        {
          level: 'warning',
          message: {
            text: `This run holds ${count(MAX_SARIF_RESULTS)} of ${count(report.findings.length)} results, the most GitHub code scanning accepts in one run: ${count(omitted)} result(s) of the lowest severities were left out. The JSON report has every finding.`,
          },
        },
      ]
    : [];
  const unevaluated = report.unevaluatedRules.map((u) => ({
    level: 'warning' as const,
    message: { text: `${u.ruleId} was not evaluated: ${u.reason}` },
    associatedRule: { id: u.ruleId, ...(ruleIndex.has(u.ruleId) ? { index: ruleIndex.get(u.ruleId) } : {}) },
  }));
  return [...limit, ...unevaluated];
}

export function formatSarif(
  report: AuditReport,
  rulesMeta: RulesMeta,
  inventoryFile: InventoryFile = { uri: DEFAULT_INVENTORY_FILE, text: '' },
): string {
  const rules = [...rulesMeta.values()];
  const ruleIndex = new Map(rules.map((m, i) => [m.id, i]));
  const at = new Locator(inventoryFile, [...new Set(report.findings.map((f) => f.source?.file).filter((x): x is string => !!x))]);
  const { kept, omitted } = resultsWithinLimit(report.findings);
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'amlnet',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/amlnet/amlnet',
            rules: rules.map((m) => ruleDescriptor(m, report.severityOverrides?.[m.id] ?? m.severity)),
          },
        },
        automationDetails: { id: automationCategory(report) },
        artifacts: [
          {
            location: { uri: inventoryFile.uri },
            description: { text: 'The Azure resources amlnet read (an amlnet snapshot). Each result points at the line of its resource.' },
            mimeType: 'application/json',
          },
          ...at.sourceFiles.map((file) => ({
            location: { uri: sourceUri(file) },
            description: { text: 'The change amlnet audited (template, plan or what-if result).' },
            mimeType: 'application/json',
          })),
        ],
        invocations: [
          {
            executionSuccessful: true,
            ...(report.source.collectedAt ? { startTimeUtc: report.source.collectedAt } : {}),
            toolExecutionNotifications: notificationsOf(report, omitted, ruleIndex),
          },
        ],
        results: kept.map((f) => resultOf(f, report, rulesMeta, ruleIndex, at)),
        properties: {
          cloud: report.cloud,
          scope: report.scope,
          workspaces: report.workspaces,
          summary: report.summary,
          ...(omitted ? { omittedResults: omitted } : {}),
          ...(report.baseline ? { baseline: { path: report.baseline.path, fixed: report.baseline.fixed } } : {}),
          ...(report.change ? { change: report.change } : {}),
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A change file's URI as code scanning resolves it: relative paths with forward slashes; an absolute path as a file URI. */
function sourceUri(file: string): string {
  const forward = file.split('\\').join('/');
  if (/^([a-z]:)?\//i.test(forward)) return `file://${forward.startsWith('/') ? '' : '/'}${forward}`;
  return forward.replace(/^\.\//, '');
}
