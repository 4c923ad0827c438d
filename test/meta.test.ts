/**
 * The catalogue meta-test (KICS's queries_content_test habit): every registered rule has complete
 * metadata, a doc page identical to what its metadata renders, and a test file with at least one
 * firing and one silent case; every ID in ../shared/spec/rules.md is registered, and every
 * registered ID is in the catalogue.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES } from '../src/rules';
import { renderRuleDoc } from '../src/rules/docs';
import { SEVERITIES } from '../src/rules/types';
import { ruleCasesIn } from './support/rule-cases';

const root = join(__dirname, '..');
const catalogue = readFileSync(join(root, '..', 'shared', 'spec', 'rules.md'), 'utf8');
/** Rows of the catalogue's tables: | ID | name | severity | fires when | */
const rows = [...catalogue.matchAll(/^\| (AMLNET\d{3}) \| ([a-z0-9-]+) \| ([^|]+) \|/gm)].map((m) => ({ id: m[1], name: m[2], severity: m[3].trim() }));


describe('rule catalogue', () => {
  it('reads the catalogue', () => {
    expect(rows.length).toBe(35);
  });

  it('registers rules in sorted order with unique ids in the AMLNET pattern', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^AMLNET\d{3}$/);
  });

  it('registers only ids the catalogue defines, with its name and severities', () => {
    for (const rule of RULES) {
      const row = rows.find((r) => r.id === rule.meta.id);
      expect(row).toBeDefined();
      expect(rule.meta.name).toBe(row!.name);
      const specSeverities = row!.severity.split(',')[0].split('/').map((s) => s.trim().split(' ')[0]);
      const mine = rule.meta.severities ? rule.meta.severities.map((s) => s.severity) : [rule.meta.severity];
      expect([...new Set(mine)].sort()).toEqual([...new Set(specSeverities)].sort());
      expect(rule.meta.severity).toBe(specSeverities[0]);
      expect(!!rule.meta.disabledByDefault).toBe(/off by default/.test(row!.severity));
    }
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has complete metadata, a current doc page and a test file', (id, rule) => {
    const m = rule.meta;
    expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(SEVERITIES).toContain(m.severity);
    for (const field of [m.summary, m.rationale, m.remediation.text, m.remediation.azCli, m.remediation.bicep]) expect(field.trim().length).toBeGreaterThan(10);
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

  it('implements every catalogue rule', () => {
    const registered = new Set(RULES.map((r) => r.meta.id));
    expect(rows.map((r) => r.id).filter((id) => !registered.has(id))).toEqual([]);
    expect(RULES.length).toBe(rows.length);
  });
});
