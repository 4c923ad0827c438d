/**
 * GitHub's limits (issue 16 point 9, issue 12 point 5): a SARIF run carries at most 25,000
 * results and a step summary at most 1 MiB; past them each output says it summarises, and how
 * much it left out. Also the baseline pass indexes fingerprints once (same result as before).
 */
import type { AuditReport } from '../../src/report/report';
import { summarize, verdictOf } from '../../src/report/report';
import { formatSarif, MAX_SARIF_RESULTS } from '../../src/report/sarif';
import { formatMarkdown, STEP_SUMMARY_LIMIT } from '../../src/report/markdown';
import { RULES_META } from '../../src/rules';
import type { Finding, Severity } from '../../src/rules/types';

const SUB = '00000000-0000-0000-0000-0000000000aa';
const wsId = (w: number) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws-${w}`;

function finding(i: number, severity: Severity, workspaces: number): Finding {
  const w = i % workspaces;
  return {
    ruleId: 'AMLNET004',
    name: 'workspace-storage-same-vnet',
    severity,
    resourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st${i}`,
    workspaceId: wsId(w),
    relatedResourceIds: [],
    evidence: [],
    suppressed: false,
    message: `Finding number ${i}: the default storage account st${i} is reachable only from another VNet than workspace ws-${w}.`,
  };
}

function reportOf(findings: Finding[], workspaces: number): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: 'amlnet', version: '0.0.0' },
    scope: { subscriptions: [SUB] },
    cloud: 'AzureCloud',
    source: { kind: 'snapshot', path: 'snap.json' },
    workspaces: Array.from({ length: workspaces }, (_, w) => ({
      id: wsId(w),
      name: `ws-${w}`,
      scenario: 'mixed' as const,
      counts: { high: 0, medium: 0, low: 0, info: 0 },
    })),
    findings,
    summary: summarize(findings),
    unevaluatedRules: [],
    gaps: [],
    failOn: 'high',
    verdict: verdictOf(findings, 'high', false),
  } as AuditReport;
}

test('SARIF: at most 25,000 results a run, the highest severities kept, and a notification counting what was left out', () => {
  const sev: Severity[] = ['info', 'low', 'medium', 'high'];
  const findings = Array.from({ length: 30_000 }, (_, i) => finding(i, sev[i % 4], 50));
  const log = JSON.parse(formatSarif(reportOf(findings, 50), RULES_META));
  const run = log.runs[0];
  expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
  const levels = (rs: { properties: { severity: string } }[]) =>
    rs.reduce<Record<string, number>>((n, r) => ({ ...n, [r.properties.severity]: (n[r.properties.severity] ?? 0) + 1 }), {});
  // 7,500 of each severity: high, medium and low whole, 2,500 info.
  expect(levels(run.results)).toEqual({ high: 7_500, medium: 7_500, low: 7_500, info: 2_500 });
  expect(run.properties.omittedResults).toBe(5_000);
  expect(run.invocations[0].toolExecutionNotifications[0].message.text).toBe(
    'This run holds 25,000 of 30,000 results, the most GitHub code scanning accepts in one run: 5,000 result(s) of the lowest severities were left out. The JSON report has every finding.',
  );
});

test('SARIF: a run under the limit is whole and says nothing of it', () => {
  const findings = Array.from({ length: 100 }, (_, i) => finding(i, 'high', 5));
  const run = JSON.parse(formatSarif(reportOf(findings, 5), RULES_META)).runs[0];
  expect(run.results).toHaveLength(100);
  expect(run.properties.omittedResults).toBeUndefined();
  expect(run.invocations[0].toolExecutionNotifications).toEqual([]);
});

test('Markdown: the step summary stays under 1 MiB, and says how many findings it does not list', () => {
  const findings = Array.from({ length: 20_000 }, (_, i) => finding(i, 'high', 400));
  const text = formatMarkdown(reportOf(findings, 400), RULES_META);
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
  const listed = text.split('<summary>Resource, evidence and fix</summary>').length - 1;
  expect(listed).toBeGreaterThan(1_000);
  expect(listed).toBeLessThan(20_000);
  expect(text).toContain(
    `> ⚠️ **Summary shortened**: ${20_000 - listed} finding(s) not listed, to stay under GitHub's 1 MiB step-summary limit (the counts above include them). The JSON and SARIF reports have every finding.`,
  );
  // Every workspace row of the counts table is there, and the counts include what is not listed.
  expect(text).toContain('| 20000 | 0 | 0 | 0 | 0 |');
  expect(text.match(/^\| ws\\-\d+ \|/gm)).toHaveLength(400);
  // Collapsed sections stay balanced.
  expect(text.split('<details>').length).toBe(text.split('</details>').length);
});

test('Markdown: a small summary is whole, with no note', () => {
  const findings = Array.from({ length: 30 }, (_, i) => finding(i, 'high', 3));
  const text = formatMarkdown(reportOf(findings, 3), RULES_META);
  expect(text.split('<summary>Resource, evidence and fix</summary>').length - 1).toBe(30);
  expect(text).not.toContain('Summary shortened');
});
