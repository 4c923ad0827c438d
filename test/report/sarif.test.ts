/**
 * SARIF: the official 2.1.0 schema (shipped in @microsoft/jest-sarif, a draft-04 schema, so
 * ajv-draft-04), GitHub code scanning's own requirements, which the schema does not check, and
 * golden files.
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { buildReport } from '../../src/cli/audit';
import { RULES, RULES_META } from '../../src/rules';
import { formatSarif, idLines, SECURITY_SEVERITY } from '../../src/report/sarif';
import { ciTenant } from '../support/ci-tenant';
import { expectGolden } from '../support/golden';
import { sarifScenario } from '../support/golden-cases';

const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema's `language` pattern is not valid as a Unicode regular expression.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const TODAY = '2025-06-01';
const scenario = sarifScenario;

function expectValid(log: unknown): void {
  const ok = validate(log);
  if (!ok) throw new Error(JSON.stringify(validate.errors, null, 2));
}

/** GitHub code scanning's requirements beyond the schema (cli.md). */
function expectGitHubReady(log: Sarif.Log): void {
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  expect(run.automationDetails?.id).toMatch(/^amlnet\/.+\/$/);
  const rules = run.tool.driver.rules ?? [];
  expect(rules.length).toBe(RULES.length);
  for (const r of rules) {
    expect(r.id).toMatch(/^AMLNET\d{3}$/);
    expect(r.name).toBeTruthy();
    expect(r.shortDescription?.text).toBeTruthy();
    expect(r.fullDescription?.text).toBeTruthy();
    expect(r.help?.text).toContain(`docs/rules/${r.id}.md`);
    expect(r.help?.markdown).toContain(`docs/rules/${r.id}.md`);
    expect(r.properties?.tags).toContain('security');
    expect(Object.values(SECURITY_SEVERITY)).toContain(r.properties?.['security-severity']);
  }
  for (const res of run.results ?? []) {
    expect(res.ruleId).toBeTruthy();
    expect(rules[res.ruleIndex!].id).toBe(res.ruleId);
    expect(['error', 'warning', 'note']).toContain(res.level);
    expect(res.message.text).toBeTruthy();
    const loc = res.locations![0];
    const uri = loc.physicalLocation!.artifactLocation!.uri!;
    expect(uri.length).toBeGreaterThan(0);
    expect(uri).not.toMatch(/^(\/|[a-z]+:)/i);
    expect(loc.physicalLocation!.region!.startLine).toBeGreaterThanOrEqual(1);
    expect(loc.logicalLocations![0].fullyQualifiedName).toMatch(/^\/subscriptions\//);
    expect(res.partialFingerprints?.['amlnetFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
  }
}

describe('SARIF', () => {
  it('validates against the official SARIF 2.1.0 schema and meets GitHub code scanning requirements', () => {
    const { log } = scenario();
    expectValid(log);
    expectGitHubReady(log);
    expect(log.runs[0].results).toHaveLength(3);
  });

  it('maps severities to levels and security-severity per cli.md', () => {
    const { log } = scenario();
    const rules = log.runs[0].tool.driver.rules!;
    const r103 = rules.find((r) => r.id === 'AMLNET103')!;
    const r301 = rules.find((r) => r.id === 'AMLNET301')!;
    expect(r103.properties!['security-severity']).toBe('8.0');
    expect(r301.properties!['security-severity']).toBe('5.5');
    const levels = log.runs[0].results!.map((r) => `${r.ruleId}:${r.level}`);
    expect(levels).toEqual(['AMLNET103:error', 'AMLNET301:warning', 'AMLNET301:warning']);
  });

  it('carries a severity override into the rule descriptor and the result level', () => {
    const { log } = scenario({ config: { rules: { AMLNET301: { severity: 'low' } } } });
    const r301 = log.runs[0].tool.driver.rules!.find((r) => r.id === 'AMLNET301')!;
    expect(r301.properties!['security-severity']).toBe('2.0');
    expect(log.runs[0].results!.filter((r) => r.ruleId === 'AMLNET301').map((r) => r.level)).toEqual(['note', 'note']);
  });

  it('points each result at the line of its resource id in the inventory, with the ARM id as logical location and related resources', () => {
    const { log, text, c } = scenario();
    const lines = text.split('\n');
    for (const res of log.runs[0].results!) {
      const id = res.locations![0].logicalLocations![0].fullyQualifiedName!;
      const line = lines[res.locations![0].physicalLocation!.region!.startLine! - 1];
      expect(line).toBe(`      "id": ${JSON.stringify(id)},`);
      for (const rel of res.relatedLocations ?? []) {
        const relLine = lines[rel.physicalLocation!.region!.startLine! - 1];
        expect(relLine).toContain(JSON.stringify(rel.logicalLocations![0].fullyQualifiedName));
      }
    }
    const far = log.runs[0].results!.find((r) => r.ruleId === 'AMLNET103')!;
    expect(far.locations![0].logicalLocations![0].fullyQualifiedName).toBe(c.farCompute);
    expect(far.relatedLocations!.map((l) => l.logicalLocations![0].fullyQualifiedName)).toContain(c.alpha);
  });

  it('keeps the least indented "id" line when an id is also referenced', () => {
    const text = [
      '{',
      '  "resources": [',
      '    {',
      '      "subnet": {',
      '        "id": "/subscriptions/s/x"',
      '      }',
      '    },',
      '    {',
      '      "id": "/subscriptions/S/X"',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    expect(idLines(text).get('/subscriptions/s/x')).toBe(9);
  });

  it('gives stable partialFingerprints for the same rule and resource, whatever the id casing', () => {
    const a = scenario().log.runs[0].results!.map((r) => r.partialFingerprints);
    const c = ciTenant();
    const inv = c.t.inventory();
    const upper = JSON.parse(JSON.stringify(inv).replace(/resourceGroups\/rg-ml/g, 'resourcegroups/RG-ML'));
    const { report } = buildReport(upper, { kind: 'snapshot', path: 'x' }, 'high', { today: TODAY });
    const b = JSON.parse(formatSarif(report, RULES_META, { uri: 'x', text: '' })).runs[0].results.map((r: Sarif.Result) => r.partialFingerprints);
    expect(b).toEqual(a);
    expect(new Set(a.map((p) => p!['amlnetFinding/v1'])).size).toBe(3);
  });

  it('marks suppressed findings with suppressions: external for config, inSource for tags', () => {
    const { log } = scenario({
      tag: true,
      config: {
        suppressions: [{ rule: 'AMLNET103', resource: '/subscriptions/*/resourceGroups/rg-ml/**/computes/ci-far', reason: 'migration planned' }],
      },
    });
    expectValid(log);
    expectGitHubReady(log);
    const sup = log.runs[0].results!.map((r) => [r.ruleId, r.suppressions ?? null]);
    expect(sup).toEqual([
      ['AMLNET103', [{ kind: 'external', status: 'accepted', justification: 'migration planned' }]],
      ['AMLNET301', null],
      ['AMLNET301', [{ kind: 'inSource', status: 'accepted', justification: 'raw data is <public> by design' }]],
    ]);
  });

  it('marks baseline state when a baseline is used, without hiding baseline findings from code scanning', () => {
    const { log } = scenario({ baseline: true });
    expectValid(log);
    expect(log.runs[0].results!.map((r) => [r.ruleId, r.baselineState, r.suppressions ?? null])).toEqual([
      ['AMLNET103', 'unchanged', null],
      ['AMLNET301', 'new', null],
      ['AMLNET301', 'new', null],
    ]);
  });

  it('matches the golden files', () => {
    expectGolden('two-workspaces.sarif');
    expectGolden('two-workspaces-suppressed.sarif');
  });
});
