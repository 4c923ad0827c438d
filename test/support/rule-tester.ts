/**
 * RuleTester in the ESLint / Spectral habit: run ONE rule over an inventory and assert the exact
 * findings (rule, resource, severity, workspace, message, evidence) and that nothing else fired.
 *
 * Two ways to write a case, both checked by test/meta.test.ts (at least one firing and one silent
 * case per rule): a table, `ruleTester('AMLNET004', { valid: [...], invalid: [...] })`, or one
 * `expectFindings` / `expectNoFindings` call per `it` when a case needs its own assertions.
 */
import { buildModel } from '../../src/model/build';
import type { Inventory } from '../../src/model/inventory';
import { evaluate } from '../../src/rules/engine';
import { RULES, ruleById } from '../../src/rules';
import type { Evidence, Finding, RuleGap, Severity } from '../../src/rules/types';

export interface Expected {
  resourceId: string;
  severity: Severity;
  workspaceId?: string;
  /** The exact message. */
  message: string;
  /** The exact evidence, in order (ids compared case-insensitively, as ARM does). */
  evidence: Evidence[];
  /** Ids that must be among relatedResourceIds. */
  related?: string[];
}

export interface ValidCase {
  name: string;
  inventory: () => Inventory;
}

export interface InvalidCase {
  name: string;
  /** Builds the inventory and, from the ids it made, the exact findings expected on it. */
  run: () => { inventory: Inventory; findings: Expected[] };
}

export function runRule(ruleId: string, inventory: Inventory): { findings: Finding[]; gaps: RuleGap[] } {
  if (!ruleById(ruleId)) throw new Error(`no rule ${ruleId}`);
  const model = buildModel(inventory);
  const { findings, gaps } = evaluate(model, RULES, { enabled: new Set([ruleId]) });
  return { findings, gaps };
}

const key = (ruleId: string, e: { resourceId: string; severity: string; workspaceId?: string }) =>
  `${ruleId} ${e.severity} ${e.resourceId.toLowerCase()}${e.workspaceId ? ` ws=${e.workspaceId.toLowerCase()}` : ''}`;

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function sameEvidence(a: readonly Evidence[], b: readonly Evidence[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) => sameId(x.resourceId, b[i].resourceId) && x.property === b[i].property && x.expected === b[i].expected && x.actual === b[i].actual,
    )
  );
}

function show(f: Finding): string {
  return `${f.severity} ${f.resourceId}\n  message: ${JSON.stringify(f.message)}\n  evidence: ${JSON.stringify(f.evidence)}\n  related: [${f.relatedResourceIds.join(', ')}]`;
}

/** Asserts that `ruleId` reports exactly `expected` on `inventory`, and returns the findings for further checks. */
export function expectFindings(ruleId: string, inventory: Inventory, expected: Expected[]): Finding[] {
  const { findings } = runRule(ruleId, inventory);
  const actualKeys = findings
    .map((f) =>
      key(f.ruleId, { resourceId: f.resourceId, severity: f.severity, workspaceId: expected.some((e) => e.workspaceId) ? f.workspaceId : undefined }),
    )
    .sort();
  const expectedKeys = expected.map((e) => key(ruleId, e)).sort();
  expect(actualKeys).toEqual(expectedKeys);
  // Each expectation claims a distinct finding that satisfies it (rules may report several
  // findings on one resource, e.g. one per missing dependency).
  const unused = [...findings];
  for (const e of expected) {
    const ok = (x: Finding) =>
      sameId(x.resourceId, e.resourceId) &&
      x.severity === e.severity &&
      x.message === e.message &&
      sameEvidence(x.evidence, e.evidence) &&
      (e.related ?? []).every((r) => x.relatedResourceIds.some((id) => sameId(id, r)));
    const i = unused.findIndex(ok);
    if (i < 0) throw new Error(`no ${ruleId} finding matches ${JSON.stringify(e, null, 2)}\ngot:\n${findings.map(show).join('\n')}`);
    unused.splice(i, 1);
  }
  for (const f of findings) if (f.evidence.length === 0) throw new Error(`${ruleId} reported a finding without evidence:\n${show(f)}`);
  return findings;
}

export function expectNoFindings(ruleId: string, inventory: Inventory): void {
  expectFindings(ruleId, inventory, []);
}

/** A table of cases for one rule: each valid case must be silent, each invalid case must report exactly its findings. */
export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  if (cases.valid.length === 0 || cases.invalid.length === 0) throw new Error(`${ruleId}: a rule needs at least one valid and one invalid case`);
  describe(`${ruleId} valid`, () => {
    it.each(cases.valid.map((c) => [c.name, c] as const))('%s', (_name, c) => expectNoFindings(ruleId, c.inventory()));
  });
  describe(`${ruleId} invalid`, () => {
    it.each(cases.invalid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const { inventory, findings } = c.run();
      if (findings.length === 0) throw new Error(`${ruleId} invalid case "${c.name}" expects no findings: make it a valid case`);
      expectFindings(ruleId, inventory, findings);
    });
  });
}
