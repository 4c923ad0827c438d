/**
 * The registry against the team's catalogue in ../shared/spec/rules.md (ids, names, severities,
 * on or off by default). Runs only where ../shared is (developers' checkouts and CI); a clone of
 * the repository alone is checked against its own docs/rules/README.md by test/meta.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../src/rules';
import { SHARED_DIR, describeWithShared } from '../support/shared';

describeWithShared('the registry agrees with ../shared/spec/rules.md', () => {
  /** Rows of the catalogue's tables: | ID | name | severity | fires when | */
  const rows = () => {
    const catalogue = readFileSync(join(SHARED_DIR, 'spec', 'rules.md'), 'utf8');
    return [...catalogue.matchAll(/^\| (AMLNET\d{3}) \| ([a-z0-9-]+) \| ([^|]+) \|/gm)].map((m) => ({ id: m[1], name: m[2], severity: m[3].trim() }));
  };

  it('lists 35 rules', () => {
    expect(rows().length).toBe(35);
  });

  it('registers only ids the catalogue defines, with its name and severities', () => {
    const spec = rows();
    for (const rule of RULES) {
      const row = spec.find((r) => r.id === rule.meta.id);
      expect(row).toBeDefined();
      expect(rule.meta.name).toBe(row!.name);
      const specSeverities = row!.severity
        .split(',')[0]
        .split('/')
        .map((s) => s.trim().split(' ')[0]);
      const mine = rule.meta.severities ? rule.meta.severities.map((s) => s.severity) : [rule.meta.severity];
      expect([...new Set(mine)].sort()).toEqual([...new Set(specSeverities)].sort());
      expect(rule.meta.severity).toBe(specSeverities[0]);
      expect(!!rule.meta.disabledByDefault).toBe(/off by default/.test(row!.severity));
    }
  });

  it('implements every catalogue rule', () => {
    const registered = new Set(RULES.map((r) => r.meta.id));
    expect(
      rows()
        .map((r) => r.id)
        .filter((id) => !registered.has(id)),
    ).toEqual([]);
  });
});
