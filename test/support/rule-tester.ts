/**
 * RuleTester in the ESLint / Spectral habit: run ONE rule over an inventory and assert the exact
 * findings (rule, resource, severity, workspace) and that nothing else fired.
 */
import { buildModel } from '../../src/model/build';
import type { Inventory } from '../../src/model/inventory';
import { evaluate } from '../../src/rules/engine';
import { RULES, ruleById } from '../../src/rules';
import type { Finding, RuleGap, Severity } from '../../src/rules/types';

export interface Expected {
  resourceId: string;
  severity: Severity;
  workspaceId?: string;
  /** Substrings the message must contain. */
  messageIncludes?: string[];
  /** Ids that must be among relatedResourceIds. */
  related?: string[];
}

export function runRule(ruleId: string, inventory: Inventory): { findings: Finding[]; gaps: RuleGap[] } {
  if (!ruleById(ruleId)) throw new Error(`no rule ${ruleId}`);
  const model = buildModel(inventory);
  const { findings, gaps } = evaluate(model, RULES, { enabled: new Set([ruleId]) });
  return { findings, gaps };
}

const key = (ruleId: string, e: { resourceId: string; severity: string; workspaceId?: string }) =>
  `${ruleId} ${e.severity} ${e.resourceId.toLowerCase()}${e.workspaceId ? ` ws=${e.workspaceId.toLowerCase()}` : ''}`;

/** Asserts that `ruleId` reports exactly `expected` on `inventory`, and returns the findings for further checks. */
export function expectFindings(ruleId: string, inventory: Inventory, expected: Expected[]): Finding[] {
  const { findings } = runRule(ruleId, inventory);
  const actualKeys = findings.map((f) => key(f.ruleId, { resourceId: f.resourceId, severity: f.severity, workspaceId: expected.some((e) => e.workspaceId) ? f.workspaceId : undefined })).sort();
  const expectedKeys = expected.map((e) => key(ruleId, e)).sort();
  expect(actualKeys).toEqual(expectedKeys);
  // Each expectation claims a distinct finding that satisfies it (rules may report several
  // findings on one resource, e.g. one per missing dependency).
  const unused = [...findings];
  for (const e of expected) {
    const ok = (x: Finding) => x.resourceId.toLowerCase() === e.resourceId.toLowerCase() && x.severity === e.severity
      && (e.messageIncludes ?? []).every((s) => x.message.includes(s))
      && (e.related ?? []).every((r) => x.relatedResourceIds.some((id) => id.toLowerCase() === r.toLowerCase()));
    const i = unused.findIndex(ok);
    if (i < 0) throw new Error(`no ${ruleId} finding matches ${JSON.stringify(e)}; got:\n${findings.map((f) => `${f.severity} ${f.resourceId}: ${f.message} [${f.relatedResourceIds.join(', ')}]`).join('\n')}`);
    unused.splice(i, 1);
  }
  return findings;
}

export function expectNoFindings(ruleId: string, inventory: Inventory): void {
  expectFindings(ruleId, inventory, []);
}
