/**
 * The catalogue meta-test (KICS's queries_content_test habit): every registered rule has complete
 * metadata, a doc page identical to what its metadata renders, and a test file with at least one
 * firing and one silent case; the catalogue page (docs/rules/README.md) is the one generated from
 * the registry. It reads nothing outside the repository: the comparison with the team's spec in
 * ../shared is test/shared/catalogue.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES } from '../src/rules';
import { renderCatalogue, renderRuleDoc } from '../src/rules/docs';
import { SEVERITIES } from '../src/rules/types';
import { ruleCasesIn } from './support/rule-cases';

const root = join(__dirname, '..');

describe('rule catalogue', () => {
  it('registers the 35 rules of the catalogue', () => {
    expect(RULES.length).toBe(35);
  });

  it('publishes the catalogue generated from the registry (docs/rules/README.md)', () => {
    expect(readFileSync(join(root, 'docs', 'rules', 'README.md'), 'utf8')).toBe(renderCatalogue(RULES)); // run `npm run docs` when this fails
  });

  it('registers rules in sorted order with unique ids in the AMLNET pattern', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^AMLNET\d{3}$/);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has complete metadata, a current doc page and a test file', (id, rule) => {
    const m = rule.meta;
    expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(SEVERITIES).toContain(m.severity);
    for (const field of [m.summary, m.rationale, m.remediation.text, m.remediation.azCli, m.remediation.bicep])
      expect(field.trim().length).toBeGreaterThan(10);
    expect(m.links.length).toBeGreaterThan(0);
    for (const l of m.links) expect(l).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    const docPath = join(root, 'docs', 'rules', `${id}.md`);
    expect(existsSync(docPath)).toBe(true);
    expect(readFileSync(docPath, 'utf8')).toBe(renderRuleDoc(rule)); // run `npm run docs` when this fails
    // At least one case where the rule fires and one where it stays silent, through the rule tester.
    const cases = ruleCasesIn(join(root, 'test', 'rules', `${id}.test.ts`), id);
    expect(cases.firing).toBeGreaterThan(0);
    expect(cases.silent).toBeGreaterThan(0);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))(
    "%s explains itself in Microsoft Learn's English words, with a suppression example and the built-in policies it names",
    (_id, rule) => {
      const m = rule.meta;
      // Users read the English article: no Korean copy, no internal words.
      expect(m.rationale).not.toMatch(/[\uac00-\ud7a3]/);
      for (const text of [m.summary, m.rationale, m.remediation.text]) expect(text).not.toMatch(/\bseed\b/i);
      if (!m.reportsGaps) expect(m.rationale).toMatch(/"[^"]{20,}"/); // quotes its source
      for (const p of m.policies ?? []) {
        expect(p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(p.name.length).toBeGreaterThan(10);
      }
      const page = renderRuleDoc(rule);
      expect(page).toContain(`Source: <${m.links[0]}>`);
      expect(page).toContain('## Suppressing a finding');
      if (!m.reportsGaps) expect(page).toContain(`  - rule: ${m.id}\n`);
      expect(page).toContain('## Azure Policy');
      for (const p of m.policies ?? [])
        expect(page).toContain(
          `[${p.name}](https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F${p.id})`,
        );
    },
  );

  it('counts only real cases: an empty rule test file, or one testing another rule, has none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amlnet-meta-'));
    const empty = join(dir, 'AMLNET004.test.ts');
    writeFileSync(empty, '');
    expect(ruleCasesIn(empty, 'AMLNET004')).toEqual({ firing: 0, silent: 0 });
    const other = join(dir, 'other.test.ts');
    writeFileSync(other, "it('x', () => { expectFindings('AMLNET005', inv, [{}]); expectNoFindings('AMLNET005', inv); console.log('AMLNET004'); });");
    expect(ruleCasesIn(other, 'AMLNET004')).toEqual({ firing: 0, silent: 0 });
    const table = join(dir, 'table.test.ts');
    writeFileSync(table, "ruleTester('AMLNET004', { valid: [a, b], invalid: [c] }); expectFindings('AMLNET004', inv, []);");
    expect(ruleCasesIn(table, 'AMLNET004')).toEqual({ firing: 1, silent: 3 });
  });
});
