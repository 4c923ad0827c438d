/**
 * Baselines: today's findings recorded so that a team can adopt amlnet on an existing tenant and
 * gate only on what is new (the habit of trivy's and PSRule's baselines). A finding is identified
 * by its fingerprint (rule + resource + workspace, see report/fingerprint.ts), so a baseline
 * survives message wording changes and id casing changes.
 */
import { readFileSync } from 'node:fs';
import { UsageError, unreadableReason } from '../errors';
import type { Finding, RulesMeta } from '../rules/types';
import { findingFingerprintOf } from '../report/fingerprint';
import type { AuditReport } from '../report/report';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  resourceId: string;
  workspaceId?: string;
  severity?: string;
  message: string;
}

export interface Baseline {
  schemaVersion: 1;
  kind: 'amlnet-baseline';
  tool?: { name: string; version: string };
  createdAt?: string;
  scope?: AuditReport['scope'];
  findings: BaselineEntry[];
}

/** Records the findings that count today (suppressed ones are already accepted elsewhere, and must resurface when their suppression expires). */
export function createBaseline(report: AuditReport, createdAt: string, rulesMeta: RulesMeta): Baseline {
  return {
    schemaVersion: 1,
    kind: 'amlnet-baseline',
    tool: report.tool,
    createdAt,
    scope: report.scope,
    findings: report.findings.filter((f) => !f.suppressed).map((f) => entryOf(f, rulesMeta)),
  };
}

export function entryOf(f: Finding, rulesMeta: RulesMeta): BaselineEntry {
  return {
    fingerprint: findingFingerprintOf(f, rulesMeta),
    ruleId: f.ruleId,
    resourceId: f.resourceId,
    ...(f.workspaceId ? { workspaceId: f.workspaceId } : {}),
    severity: f.severity,
    message: f.message,
  };
}

export function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read baseline ${path}: ${unreadableReason(err)}`);
  }
  let data: any;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`baseline ${path} is not valid JSON (${(err as Error).message}); create it with "amlnet baseline create --output ${path}"`);
  }
  const bad = (at: string, why: string) =>
    new UsageError(`baseline ${path} is not an amlnet baseline: ${at ? `${at}: ` : ''}${why}; create it with "amlnet baseline create"`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad('', 'the top level must be an object');
  if (data.kind !== 'amlnet-baseline') throw bad('kind', `expected "amlnet-baseline" (got ${JSON.stringify(data.kind)})`);
  if (data.schemaVersion !== 1) throw bad('schemaVersion', `expected 1 (got ${JSON.stringify(data.schemaVersion)})`);
  if (!Array.isArray(data.findings)) throw bad('findings', 'expected an array');
  data.findings.forEach((f: any, i: number) => {
    const at = `findings[${i}]`;
    if (!f || typeof f !== 'object' || Array.isArray(f)) throw bad(at, 'expected an object');
    if (typeof f.fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(f.fingerprint))
      throw bad(`${at}.fingerprint`, 'expected 32 lower-case hex digits');
    for (const k of ['ruleId', 'resourceId', 'message']) if (typeof f[k] !== 'string') throw bad(`${at}.${k}`, 'expected a string');
    if (f.workspaceId !== undefined && typeof f.workspaceId !== 'string') throw bad(`${at}.workspaceId`, 'expected a string');
  });
  return data as Baseline;
}
